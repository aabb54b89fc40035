package syslab.kernel;

import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import syslab.kernel.display.Notebook;
import syslab.kernel.display.Renderers;
import syslab.kernel.eval.ExitTrap;
import syslab.kernel.eval.JavaEvaluator;
import syslab.kernel.io.OutputCapture;
import syslab.kernel.io.StdinStream;
import syslab.kernel.log.Timing;
import syslab.kernel.magic.MagicDispatcher;
import syslab.kernel.protocol.KernelDisplay;
import syslab.kernel.protocol.KernelInfo;
import syslab.kernel.protocol.KernelServer;
import syslab.kernel.session.Interrupter;
import syslab.kernel.session.Session;
import syslab.kernel.transport.Connection;

import org.knowm.xchart.XYChartBuilder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/** Wires the kernel's parts together and serves until shutdown. */
public final class Kernel {
    /** What every cell can use without an import: the notes' C calls and the display API. */
    static final List<String> STARTUP = List.of(
            "import java.util.*;", "import java.util.function.*;", "import java.util.stream.*;",
            "import java.io.*;", "import java.nio.file.*;", "import java.time.*;",
            "import tech.tablesaw.api.*;", "import org.knowm.xchart.*;",
            "import syslab.posix.*;", "import static syslab.posix.C.*;", "import static syslab.kernel.display.Notebook.*;");

    /** How long a kernel that a cell exits waits for its last messages to leave. */
    private static final int EXIT_LINGER_MILLIS = 2000;

    private Kernel() { }

    public static void run(Path connectionFile) throws IOException, InterruptedException {
        Timing.mark("main");
        TaskCap.install();
        JavaEvaluator java = new JavaEvaluator(STARTUP, List.of());
        java.setNativeWakeup(Interrupter::wakeEvaluator);
        // JShell takes most of a second to start: it warms up once the sockets serve (started
        // before them, it took their CPU and kernel_info_reply came 0.15-0.4 s later); the first
        // cell waits for it.
        Thread warmUp = new Thread(() -> {
            java.warmUp(Interrupter.class.getName() + ".registerEvaluatorThread()");
            Timing.mark("warmup.done");
        }, "syslab-warmup");
        warmUp.setDaemon(true);
        KernelConnectionProperties props = KernelConnectionProperties.parse(Files.readString(connectionFile));
        Connection connection = new Connection(props);
        KernelServer server = new KernelServer(connection, new KernelInfo(version()), Kernel::exit);
        OutputCapture capture = OutputCapture.install(server::stream);
        StdinStream stdin = new StdinStream(server::askInput);
        System.setIn(stdin);
        Renderer renderer = Renderers.create();
        KernelDisplay display = new KernelDisplay(renderer, server.publisher(), server::current, capture::flush);
        Notebook.bind(display);
        Session session = new Session(java, new MagicDispatcher(Kernel.class.getClassLoader()), display, renderer,
                new Interrupter());
        server.attach(session, capture::flush, stdin);
        server.beforeEachCell(capture::restore);
        server.afterInterrupt(TaskCap::killLeftovers);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> ExitTrap.status().ifPresent(status -> {
            capture.flush();
            connection.closeAfterSends(EXIT_LINGER_MILLIS, server.reportExit(status));
        }), "syslab-exit-report"));
        server.serve();
        warmUp.start();
        server.rehearse();
        Timing.mark("rehearsed");
        new CountDownLatch(1).await(); // the channel threads serve; exit() ends the process
    }

    /**
     * Runs typical cells without a client: JShell, a table, a chart. The installer runs this once
     * under -XX:ArchiveClassesAtExit so that later kernels map those classes from the archive
     * instead of loading and verifying them, which halves JShell's start.
     */
    static void warmUpForArchive() {
        try (JavaEvaluator java = new JavaEvaluator(STARTUP, List.of())) {
            java.warmUp();
            java.warmUpCompletion();
            java.eval("int x = 1 + 1;");
            java.eval("x + 1");
            java.eval("var t = Table.create(\"t\", IntColumn.create(\"a\", 1, 2));");
            java.eval("getpid()");
            Renderers.create().render(java.eval("t") instanceof syslab.kernel.eval.EvalResult.Value v ? v.value() : null);
            Renderers.create().render(new XYChartBuilder().width(200).height(100).build());
        }
        new MagicDispatcher(Kernel.class.getClassLoader()).listing();
    }

    /** Ends the kernel and every process it started (TaskCap bounds the wait for them). */
    static void exit() {
        TaskCap.release();
        try {
            Thread.sleep(50); // lets ZMQ send the shutdown reply
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Runtime.getRuntime().halt(0);
    }

    static String version() {
        String v = Kernel.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
