package syslab.fork;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class GccCompilerTest {
    @Test
    void aMissingGccSaysWhatToInstallAndTheErrnoName() {
        GccCompiler.Missing e = assertThrows(GccCompiler.Missing.class,
            () -> GccCompiler.compile("syslab-no-such-gcc", "int main(void) { return 0; }\n", List.of()));
        assertEquals("cannot run syslab-no-such-gcc: ENOENT (No such file or directory)", e.reason());
        assertEquals(e.reason() + " (apt-get install gcc libc6-dev)", e.getMessage());
    }
}
