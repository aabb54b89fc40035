package syslab.kernel;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InstallerTest {
    /** A stand-in for bin/java: a shell script run with the archiving JVM's arguments. */
    private static String fakeJava(Path dir, String body) throws Exception {
        Path script = dir.resolve("java");
        Files.writeString(script, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return script.toString();
    }

    private static String stdoutOf(ThrowingRun run) throws Exception {
        PrintStream saved = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            run.run();
        } finally {
            System.setOut(saved);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    interface ThrowingRun {
        void run() throws Exception;
    }

    @Test
    void aFailedArchiveSaysWhyAndLeavesNothingBehind(@TempDir Path dir) throws Exception {
        String java = fakeJava(dir, "echo skipped one class; echo skipped another; echo 'Error: base archive not loaded'; exit 3");
        Path kernels = Files.createDirectory(dir.resolve("kernel"));
        Path archive = kernels.resolve("syslab.jsa");
        boolean[] made = new boolean[1];
        String said = stdoutOf(() -> made[0] = Installer.archiveClasses(java, List.of(), dir.resolve("syslab.jar"), archive,
                Installer.ClassArchive.DYNAMIC_CDS));
        assertFalse(made[0]);
        assertTrue(said.contains("the kernel starts without it: the warm-up exited with status 3"), said);
        assertTrue(said.contains("  Error: base archive not loaded"), said);
        assertEquals(List.of(), Files.list(kernels).toList());
    }

    @Test
    void anArchiveTheJvmWroteIsMovedInPlace(@TempDir Path dir) throws Exception {
        // $1 is -XX:ArchiveClassesAtExit=FILE: write FILE as the JVM would
        String java = fakeJava(dir, "echo archived > \"${1#*=}\"");
        Path archive = Files.createDirectory(dir.resolve("kernel")).resolve("syslab.jsa");
        boolean[] made = new boolean[1];
        String said = stdoutOf(() -> made[0] = Installer.archiveClasses(java, List.of(), dir.resolve("syslab.jar"), archive,
                Installer.ClassArchive.DYNAMIC_CDS));
        assertTrue(made[0], said);
        assertEquals("archived\n", Files.readString(archive));
        assertEquals(List.of(archive), Files.list(archive.getParent()).toList());
    }
}
