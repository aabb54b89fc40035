package syslab.posix;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The struct layouts and constants the bindings hard-code, checked against what gcc compiles from
 * the system headers on this machine.
 */
class StructLayoutTest {
    static final Map<String, Long> C = new HashMap<>();

    static final String HEADERS = """
        #define _GNU_SOURCE
        #include <stdio.h>
        #include <stddef.h>
        #include <stdint.h>
        #include <errno.h>
        #include <fcntl.h>
        #include <unistd.h>
        #include <signal.h>
        #include <poll.h>
        #include <netinet/in.h>
        #include <netinet/tcp.h>
        #include <sys/epoll.h>
        #include <sys/eventfd.h>
        #include <sys/mman.h>
        #include <sys/prctl.h>
        #include <sys/resource.h>
        #include <sys/select.h>
        #include <sys/socket.h>
        #include <sys/stat.h>
        #include <sys/un.h>
        #include <sys/wait.h>
        #define P(name, expr) printf("%s=%lld\\n", name, (long long) (expr))
        int main(void) {
        """;

    static final String LAYOUT = """
            P("stat", sizeof(struct stat));
            P("stat.st_mode", offsetof(struct stat, st_mode));
            P("stat.st_nlink", offsetof(struct stat, st_nlink));
            P("stat.st_uid", offsetof(struct stat, st_uid));
            P("stat.st_gid", offsetof(struct stat, st_gid));
            P("stat.st_rdev", offsetof(struct stat, st_rdev));
            P("stat.st_size", offsetof(struct stat, st_size));
            P("stat.st_blksize", offsetof(struct stat, st_blksize));
            P("stat.st_blocks", offsetof(struct stat, st_blocks));
            P("stat.st_atim", offsetof(struct stat, st_atim));
            P("stat.st_mtim", offsetof(struct stat, st_mtim));
            P("epoll_event", sizeof(struct epoll_event));
            P("epoll_event.data", offsetof(struct epoll_event, data));
            P("pollfd", sizeof(struct pollfd));
            P("pollfd.revents", offsetof(struct pollfd, revents));
            P("sockaddr_in", sizeof(struct sockaddr_in));
            P("sockaddr_un", sizeof(struct sockaddr_un));
            P("sockaddr_un.sun_path", offsetof(struct sockaddr_un, sun_path));
            P("sigaction", sizeof(struct sigaction));
            P("sigaction.sa_mask", offsetof(struct sigaction, sa_mask));
            P("sigaction.sa_flags", offsetof(struct sigaction, sa_flags));
            P("rusage", sizeof(struct rusage));
            P("rusage.ru_maxrss", offsetof(struct rusage, ru_maxrss));
            P("rusage.ru_minflt", offsetof(struct rusage, ru_minflt));
            P("rusage.ru_majflt", offsetof(struct rusage, ru_majflt));
            P("rusage.ru_inblock", offsetof(struct rusage, ru_inblock));
            P("rusage.ru_oublock", offsetof(struct rusage, ru_oublock));
            P("rusage.ru_nvcsw", offsetof(struct rusage, ru_nvcsw));
            P("rusage.ru_nivcsw", offsetof(struct rusage, ru_nivcsw));
            P("fd_set", sizeof(fd_set));
            P("rlimit", sizeof(struct rlimit));
            P("timespec", sizeof(struct timespec));
            P("timeval", sizeof(struct timeval));
            P("sigset_t", sizeof(sigset_t));
        """;

    @BeforeAll
    static void compileAndRun() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/gcc")), "gcc not installed");
        StringBuilder src = new StringBuilder(HEADERS).append(LAYOUT);
        for (Field f : Constants.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers())) {
                src.append("    P(\"").append(f.getName()).append("\", (intptr_t) ").append(f.getName()).append(");\n");
            }
        }
        src.append("    return 0;\n}\n");
        Path dir = Files.createTempDirectory("layout");
        Files.writeString(dir.resolve("layout.c"), src);
        run(dir, "gcc", "-o", "layout", "layout.c");
        for (String line : run(dir, "./layout").split("\n")) {
            String[] kv = line.split("=");
            C.put(kv[0], Long.parseLong(kv[1]));
        }
    }

    static String run(Path dir, String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, String.join(" ", cmd) + ":\n" + out);
        return out;
    }

    @Test
    void stat() {
        assertEquals(C.get("stat"), (long) Stat.SIZE);
        assertEquals(C.get("stat.st_mode"), (long) Stat.OFF_MODE);
        assertEquals(C.get("stat.st_nlink"), (long) Stat.OFF_NLINK);
        assertEquals(C.get("stat.st_uid"), (long) Stat.OFF_UID);
        assertEquals(C.get("stat.st_gid"), (long) Stat.OFF_UID + 4);
        assertEquals(C.get("stat.st_rdev"), (long) Stat.OFF_RDEV);
        assertEquals(C.get("stat.st_size"), (long) Stat.OFF_SIZE);
        assertEquals(C.get("stat.st_blksize"), (long) Stat.OFF_BLKSIZE);
        assertEquals(C.get("stat.st_blocks"), (long) Stat.OFF_BLOCKS);
        assertEquals(C.get("stat.st_atim"), (long) Stat.OFF_ATIM);
        assertEquals(C.get("stat.st_mtim"), (long) Stat.OFF_ATIM + 16);
    }

    @Test
    void epollPollSockaddr() {
        assertEquals(C.get("epoll_event"), (long) EpollEvents.SIZE);
        assertEquals(C.get("epoll_event.data"), (long) EpollEvents.DATA_OFFSET);
        assertEquals(C.get("pollfd"), (long) PollFds.SIZE);
        assertEquals(C.get("pollfd.revents"), 6L);
        assertEquals(C.get("sockaddr_in"), (long) SockAddr.SOCKADDR_IN_SIZE);
        assertEquals(C.get("sockaddr_un"), (long) SockAddr.SOCKADDR_UN_SIZE);
        assertEquals(C.get("sockaddr_un.sun_path"), 2L);
        assertEquals(C.get("fd_set"), (long) syslab.posix.C.FD_SETSIZE / 8);
    }

    @Test
    void sigactionRusageAndSmallStructs() {
        assertEquals(C.get("sigaction"), (long) Signals.SIGACTION_SIZE);
        assertEquals(C.get("sigaction.sa_mask"), (long) Signals.SA_MASK_OFFSET);
        assertEquals(C.get("sigaction.sa_flags"), (long) Signals.SA_FLAGS_OFFSET);
        assertEquals(C.get("sigset_t"), (long) Signals.SIGSET_SIZE);
        assertEquals(C.get("rusage"), Rusage.LONGS * 8L);
        // Rusage.decode reads these longs by index
        assertEquals(C.get("rusage.ru_maxrss"), 4 * 8L);
        assertEquals(C.get("rusage.ru_minflt"), 8 * 8L);
        assertEquals(C.get("rusage.ru_majflt"), 9 * 8L);
        assertEquals(C.get("rusage.ru_inblock"), 11 * 8L);
        assertEquals(C.get("rusage.ru_oublock"), 12 * 8L);
        assertEquals(C.get("rusage.ru_nvcsw"), 16 * 8L);
        assertEquals(C.get("rusage.ru_nivcsw"), 17 * 8L);
        assertEquals(C.get("rlimit"), 16L);
        assertEquals(C.get("timespec"), 16L);
        assertEquals(C.get("timeval"), 16L);
    }

    /** Every constant in {@link Constants} has the value the C headers give it. */
    @Test
    void constants() throws IllegalAccessException {
        int checked = 0;
        for (Field f : Constants.class.getFields()) {
            if (!C.containsKey(f.getName())) continue;
            long c = C.get(f.getName());
            Object v = f.get(null);
            if (v instanceof Integer i) assertEquals((int) c, i.intValue(), f.getName());
            else assertEquals(c, ((Number) v).longValue(), f.getName());
            checked++;
        }
        assertEquals(Constants.class.getFields().length, checked);
    }
}
