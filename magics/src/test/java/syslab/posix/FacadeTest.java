package syslab.posix;

import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The facade compiles in JShell the way notebook cells use it (the snippets are compiled, not run). */
class FacadeTest {
    static JShell shell;

    @BeforeAll
    static void start() {
        shell = JShell.builder().executionEngine("local").build();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) shell.addToClasspath(entry);
        // what the kernel imports into every session
        assertValid("import syslab.posix.*;");
        assertValid("import static syslab.posix.C.*;");
    }

    @AfterAll
    static void stop() { shell.close(); }

    static void assertValid(String code) {
        List<SnippetEvent> events = shell.eval(code);
        assertTrue(!events.isEmpty(), code);
        for (SnippetEvent e : events) {
            String diags = shell.diagnostics(e.snippet()).map(d -> d.getMessage(null)).collect(Collectors.joining("; "))
                + (e.snippet() instanceof jdk.jshell.DeclarationSnippet d ? " unresolved: " + shell.unresolvedDependencies(d).toList() : "");
            assertEquals(Snippet.Status.VALID, e.status(), code + ": " + diags);
        }
    }

    @Test
    void theForkExperimentReadsLikeC() {
        assertValid("int num = 0;");
        assertValid("""
            void experiment() {
                printf("hello world!\\n");
                int pid = fork();
                if (pid == 0) {
                    printf("son pid = %d, num = %d\\n", getpid(), ++num);
                } else {
                    sleep(1);
                    printf("father pid = %d, num = %d\\n", getpid(), num);
                }
            }""");
    }

    @Test
    void typicalCalls() {
        assertValid("""
            void calls() throws Exception {
                int[] fd = new int[2];
                pipe(fd);
                byte[] buf = new byte[100];
                int n = read(fd[0], buf, 100);
                write(fd[1], buf, n);
                write(1, "text\\n");
                close(fd[0]);
                int[] status = new int[1];
                int pid = waitpid(-1, status, 0);
                if (WIFEXITED(status[0])) printf("exit %d\\n", WEXITSTATUS(status[0]));
                if (WIFSIGNALED(status[0]) && WTERMSIG(status[0]) == SIGPIPE) kill(pid, SIGKILL);
                signal(SIGPIPE, SIG_IGN);
                fflush(stdout);
                fflush(null);
                setvbuf(stdout, null, _IONBF, 0);
                if (isatty(1)) fprintf(stderr, "tty %s\\n", "yes");
                long[] rfds = new long[16];
                FD_ZERO(rfds);
                FD_SET(fd[0], rfds);
                select(fd[0] + 1, rfds, null, null, null);
                int ep = epoll_create1(0);
                epoll_ctl(ep, EPOLL_CTL_ADD, fd[0], EPOLLIN | EPOLLET);
                EpollEvents events = new EpollEvents(16);
                int ready = epoll_wait(ep, events, -1);
                char type = stat("/tmp").type();
                long faults = getrusage(RUSAGE_SELF).minflt();
                int s = socket(AF_INET, SOCK_STREAM, 0);
                bind(s, SockAddr.in("127.0.0.1", 0));
                int f = open("/tmp/x", O_WRONLY | O_CREAT | O_TRUNC, 0644);
                lseek(f, 0, SEEK_END);
                exit(0);
            }""");
    }

    /**
     * JShell wraps cells in a class, whose inherited Object methods would shadow statically imported
     * methods of the same name (so the facade has no wait, notify, equals...).
     */
    @Test
    void noNameShadowedByObjectMethods() {
        Set<String> objectMethods = Arrays.stream(Object.class.getDeclaredMethods()).map(Method::getName).collect(Collectors.toSet());
        List<String> clashes = Arrays.stream(C.class.getMethods())
            .filter(m -> Modifier.isStatic(m.getModifiers()) && objectMethods.contains(m.getName()))
            .map(Method::getName).toList();
        assertEquals(List.of(), clashes);
    }
}
