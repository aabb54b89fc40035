package syslab.experiments.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import syslab.posix.LibC;

/**
 * What an experiment may leave behind in this process: open sockets, pipes and epoll instances (not
 * regular files: the JVM opens jars as it loads classes), and child processes.
 */
record Leftovers(List<String> fds, List<Integer> children) {
    static {
        // The JDK keeps one socket for good after its first directory listing (the NIO dispatcher's
        // pre-close socketpair): open it now, before any test takes its "before".
        snapshot();
    }

    static Leftovers now() {
        return snapshot();
    }

    private static Leftovers snapshot() {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd")); Stream<Path> procs = Files.list(Path.of("/proc"))) {
            List<String> open = fds.map(fd -> fd.getFileName() + " -> " + target(fd))
                .filter(t -> t.matches(".* -> (socket|pipe|anon_inode):.*")).sorted().toList();
            int self = LibC.getpid();
            List<Integer> children = new ArrayList<>();
            for (Path p : (Iterable<Path>) procs::iterator) {
                String name = p.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) continue;
                try {
                    String stat = Files.readString(p.resolve("stat"));
                    // pid (comm) state ppid ...: comm may hold spaces and parentheses, so split after the last ')'
                    String[] rest = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    if (Integer.parseInt(rest[1]) == self) children.add(Integer.parseInt(name));
                } catch (IOException gone) {
                    // the process ended while we looked
                }
            }
            return new Leftovers(open, children);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String target(Path fd) {
        try {
            return Files.readSymbolicLink(fd).toString();
        } catch (IOException e) {
            return "";  // the directory stream's own fd, closed by now
        }
    }
}
