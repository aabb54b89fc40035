package syslab.experiments.trace;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Programs compiled with gcc (as %%c does), traced as %strace ./a.out would. */
class CProgramTraceTest {
    @TempDir
    static Path dir;
    static Path forker;

    // The parent writes 100 bytes one write(2) at a time, forks two children that each run
    // /bin/true and exit 3 and 4 respectively; it waits for both.
    private static final String FORKER = """
            #include <stdlib.h>
            #include <sys/wait.h>
            #include <unistd.h>
            int main(void) {
                for (int i = 0; i < 100; i++) write(1, "", 0);
                for (int c = 0; c < 2; c++) {
                    pid_t pid = fork();
                    if (pid == 0) {
                        if (fork() == 0) { execl("/bin/true", "true", (char *) NULL); _exit(127); }
                        wait(NULL);
                        _exit(3 + c);
                    }
                }
                while (wait(NULL) > 0) { }
                return 0;
            }
            """;

    // main() ends its own thread with pthread_exit; the process lives on in the other thread
    private static final String LEADER_EXITS = """
            #include <pthread.h>
            #include <time.h>
            static void *later(void *arg) {
                struct timespec t = {0, 300000000};
                nanosleep(&t, NULL);
                return NULL;
            }
            int main(void) {
                pthread_t t;
                pthread_create(&t, NULL, later, NULL);
                pthread_exit(NULL);
            }
            """;
    static Path leaderExits;

    @BeforeAll
    static void compile() throws IOException, InterruptedException {
        forker = gcc("forker", FORKER);
        leaderExits = gcc("leader-exits", LEADER_EXITS);
    }

    private static Path gcc(String name, String code) throws IOException, InterruptedException {
        Path source = dir.resolve(name + ".c");
        Files.writeString(source, code);
        Path binary = dir.resolve(name);
        Process gcc = new ProcessBuilder("gcc", "-O2", "-o", binary.toString(), source.toString(), "-lpthread")
                .redirectErrorStream(true).start();
        String out = new String(gcc.getInputStream().readAllBytes());
        assertEquals(0, gcc.waitFor(), out);
        return binary;
    }

    @Test
    void aProcessWhoseMainThreadEndedFirstIsFollowedToItsEnd() {
        TraceReport report = SyscallTrace.run(SyscallTrace.Params.of(leaderExits.toString()).tree(true));
        assertEquals("exited with 0", report.end());
        assertEquals(1, report.calls("clock_nanosleep") + report.calls("nanosleep"), report.table().print());
        assertTrue(report.wall().toMillis() >= 300, "the run lasts until the last thread ends: " + report.wall());
        assertEquals(1, report.tree().nodes().stream().filter(ProcessTree.Node::thread).count(), report.tree().render());
    }

    @Test
    void countsTheProgramsCallsAndThoseOfItsChildren() {
        TraceReport report = SyscallTrace.run(SyscallTrace.Params.of(forker.toString()));
        assertEquals(100, report.calls("write"));
        // the program and the two /bin/true its grandchildren run
        assertEquals(3, report.calls("execve"));
        assertEquals(4, report.calls("clone") + report.calls("fork") + report.calls("vfork") + report.calls("clone3"));
        assertEquals("exited with 0", report.end());
    }

    @Test
    void treeShowsWhoForkedWhomWhatTheyRanAndHowTheyEnded() {
        TraceReport report = SyscallTrace.run(SyscallTrace.Params.of(forker.toString()).tree(true));
        List<ProcessTree.Node> nodes = report.tree().nodes();
        assertEquals(5, nodes.size(), report.tree().render());
        ProcessTree.Node root = nodes.get(0);
        assertEquals(List.of(forker.toString()), root.execs());
        assertEquals("exited with 0", root.end());
        List<ProcessTree.Node> children = nodes.stream().filter(n -> n.parent() == root.pid()).toList();
        assertEquals(List.of("exited with 3", "exited with 4"), children.stream().map(ProcessTree.Node::end).sorted().toList());
        for (ProcessTree.Node child : children) {
            List<ProcessTree.Node> grandchildren = nodes.stream().filter(n -> n.parent() == child.pid()).toList();
            assertEquals(1, grandchildren.size(), report.tree().render());
            assertEquals(List.of("/bin/true"), grandchildren.get(0).execs());
            assertEquals("exited with 0", grandchildren.get(0).end());
        }
        String drawn = report.tree().render();
        assertTrue(drawn.startsWith(root.pid() + " process: ran " + forker + "; exited with 0\n"), drawn);
        assertTrue(drawn.contains("└─ "), drawn);
        assertEquals(5, drawn.lines().count(), drawn);
    }

    @Test
    void treeShowsTheArgumentsOfWhatRanAsStraceShowsThem() {
        String script = "/bin/echo one two >/dev/null";
        TraceReport report = SyscallTrace.run(SyscallTrace.Params.of("sh", "-c", script).tree(true));
        List<String> execs = report.tree().nodes().stream().flatMap(n -> n.execs().stream()).toList();
        String sh = Tracee.which("sh").toString();
        assertEquals(List.of(sh + " -c " + script, "/bin/echo one two"), execs, report.tree().render());

        // strace cuts a string longer than 32 characters and marks it so
        String longer = script + "; echo three";
        report = SyscallTrace.run(SyscallTrace.Params.of("sh", "-c", longer).tree(true));
        String shell = report.tree().nodes().get(0).execs().get(0);
        assertTrue(shell.endsWith("...") && longer.startsWith(shell.substring((sh + " -c ").length(), shell.length() - 3)),
                shell);
    }
}
