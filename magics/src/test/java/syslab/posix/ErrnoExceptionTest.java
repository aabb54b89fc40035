package syslab.posix;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class ErrnoExceptionTest {
    @Test
    void messageNamesCallArgumentsAndErrno() {
        int fd = 12345;
        assertFalse(Files.exists(Path.of("/proc/self/fd/" + fd)));
        ErrnoException e = assertThrows(ErrnoException.class, () -> C.close(fd));
        assertEquals(9, e.errno());
        assertEquals("EBADF", e.name());
        assertEquals("close(fd=12345): EBADF (Bad file descriptor)", e.getMessage());
    }

    @Test
    void errnoSurvivesUntilRead() {
        ErrnoException e = assertThrows(ErrnoException.class, () -> C.open("/nonexistent/x", C.O_RDONLY));
        assertEquals("ENOENT", e.name());
        assertEquals("open(\"/nonexistent/x\", flags=00): ENOENT (No such file or directory)", e.getMessage());
    }

    /** The table agrees with the kernel headers, where they are installed. */
    @Test
    void namesMatchKernelHeaders() throws IOException {
        Path base = Path.of("/usr/include/asm-generic/errno-base.h"), more = Path.of("/usr/include/asm-generic/errno.h");
        assumeTrue(Files.exists(base) && Files.exists(more));
        Pattern define = Pattern.compile("(?m)^#define\\s+(E\\w+)\\s+(\\d+)");
        int checked = 0;
        for (Path p : new Path[] {base, more}) {
            Matcher m = define.matcher(Files.readString(p));
            while (m.find()) {
                int n = Integer.parseInt(m.group(2));
                assertEquals(m.group(1), Errno.name(n));
                checked++;
            }
        }
        assertEquals(131, checked);
        assertEquals("E9999", Errno.name(9999));
    }
}
