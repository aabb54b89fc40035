package syslab.experiments.trace;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StraceAttachTest {
    /**
     * A process can have one tracer only: attaching to a process that strace already traces fails
     * with EPERM, the same refusal a container without CAP_SYS_PTRACE gives. It must be recognised
     * as "ptrace not allowed" (fall back), not as any other strace failure (report it).
     */
    @Test
    void aRefusedPtraceIsRecognised() throws Exception {
        Process first = new ProcessBuilder("strace", "-o", "/dev/null", "sleep", "10").start();
        try {
            int sleepPid = tracedChild(first.pid());
            Path out = Files.createTempFile("strace-test", ".txt");
            try (StraceAttach second = StraceAttach.start(StraceAttach.command("strace", sleepPid, out, false, List.of()),
                    sleepPid, Duration.ofSeconds(10))) {
                assertEquals(StraceAttach.Status.NO_PTRACE, second.status, second.messages().toString());
                assertTrue(StraceAttach.deniesPtrace(second.messages()));
                String paragraph = Untraced.explain(second.status, second.messages());
                assertTrue(paragraph.contains("--cap-add SYS_PTRACE"), paragraph);
                assertTrue(paragraph.contains("Operation not permitted"), paragraph);
            } finally {
                Files.deleteIfExists(out);
            }
        } finally {
            first.destroyForcibly().waitFor();
        }
    }

    /** The pid of the process strace started, once it runs the program (strace forks, then execs). */
    private static int tracedChild(long stracePid) throws Exception {
        Path children = Path.of("/proc/" + stracePid + "/task/" + stracePid + "/children");
        for (int i = 0; i < 500; i++) {
            try {
                String list = Files.readString(children).strip();
                if (!list.isEmpty()) {
                    int pid = Integer.parseInt(list.split(" ")[0]);
                    if (Files.readString(Path.of("/proc/" + pid + "/comm")).strip().equals("sleep")) return pid;
                }
            } catch (java.io.IOException passing) {
                // ESRCH while the launcher execs strace, or a child gone before its comm was read
            }
            Thread.sleep(10);
        }
        throw new AssertionError("strace did not start sleep");
    }

    @Test
    void otherFailuresAreNotMistakenForPtrace() {
        assertFalse(StraceAttach.deniesPtrace(List.of("strace: invalid system call 'nosuch'")));
    }
}
