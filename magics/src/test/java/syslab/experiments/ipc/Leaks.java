package syslab.experiments.ipc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What an experiment must leave behind: the pipes, sockets and pidfds it found (the JVM opens jar
 * files of its own as classes load), and no children, running or zombie.
 */
final class Leaks {
    static {
        // NIO's first file read opens a socket it keeps for closing fds asynchronously
        try {
            Files.readString(Path.of("/proc/self/stat"));
        } catch (IOException e) {
            throw new RuntimeException(e);
        }
    }

    private final List<String> fds = fds();

    static List<String> fds() {
        List<String> ipc = new ArrayList<>();
        try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : (Iterable<Path>) s::iterator) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("pipe:") || target.startsWith("socket:") || target.startsWith("anon_inode:")) {
                        ipc.add(fd.getFileName() + " -> " + target);
                    }
                } catch (IOException closedMeanwhile) {
                    // the directory stream's own fd, or one another thread closed
                }
            }
        } catch (IOException e) {
            throw new RuntimeException(e);
        }
        return ipc;
    }

    static String children() {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path t : (Iterable<Path>) tasks::iterator) {
                try {
                    all.append(Files.readString(t.resolve("children")).trim());
                } catch (IOException threadEnded) {
                    // the thread ended while listed
                }
            }
        } catch (IOException e) {
            throw new RuntimeException(e);
        }
        return all.toString().trim();
    }

    void check() {
        assertEquals(fds, fds(), "open fds");
        assertEquals("", children(), "children left");
    }
}
