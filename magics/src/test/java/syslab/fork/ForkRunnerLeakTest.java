package syslab.fork;

import org.junit.jupiter.api.Test;
import syslab.posix.C;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** 500 runs leave the JVM as they found it: same open fds, same threads, no child processes. */
class ForkRunnerLeakTest {
    static long openFds() throws IOException {
        try (var s = Files.list(Path.of("/proc/self/fd"))) {
            return s.count();
        }
    }

    static List<String> children() throws IOException {
        List<String> found = new ArrayList<>();
        String self = String.valueOf(C.getpid());
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path p : procs) {
                try {
                    String stat = Files.readString(p.resolve("stat"));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    if (f[1].equals(self)) found.add(p.getFileName() + " " + f[0]);
                } catch (IOException gone) {
                    // exited meanwhile
                }
            }
        }
        return found;
    }

    // The JDK's "process reaper" threads are a pool that drops idle threads after 60 s: a run that
    // takes longer on a busy machine loses one that was there before, which is no leak of ours.
    static List<String> threadNames() {
        return Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                .filter(name -> !name.equals("process reaper")).sorted().toList();
    }

    @Test
    void fiveHundredRunsLeakNothing() throws IOException {
        ForkRunner runner = new ForkRunner();
        StdoutMode[] modes = StdoutMode.values();
        for (StdoutMode m : modes) runner.run(m, () -> { });
        long fds = openFds();
        List<String> threads = threadNames();
        List<String> stuck = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            ForkResult r = runner.run(modes[i % 3], () -> C.printf("%d\n", 1));
            if (!r.output().equals("1\n") || r.main() == null || r.main().exitStatus() != 0) stuck.add(i + ": " + r);
        }
        assertEquals(List.of(), stuck);
        assertEquals(fds, openFds());
        assertEquals(threads, threadNames());
        assertEquals(List.of(), children());
    }
}
