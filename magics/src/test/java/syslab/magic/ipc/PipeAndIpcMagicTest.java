package syslab.magic.ipc;

import org.junit.jupiter.api.Test;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.XYChart;
import syslab.magic.Magic;
import syslab.magic.MagicException;
import syslab.magic.MagicRunner;
import syslab.magic.OutputCapture;
import syslab.magic.TestMagicContext;
import syslab.experiments.ipc.PipeLatency;
import syslab.experiments.ipc.PipeThroughput;
import syslab.experiments.ipc.Placement;
import syslab.magic.pipe.PipeMagic;
import tech.tablesaw.api.Table;

import java.util.List;
import java.util.ServiceLoader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The magics through MagicRunner, as the kernel runs them: each subcommand parsed, dispatched and answered. */
class PipeAndIpcMagicTest {
    static List<?> run(Object magic, String args) throws Exception {
        return (List<?>) MagicRunner.run((Magic) magic, args, null, new TestMagicContext());
    }

    @Test
    void names() {
        assertEquals("pipe", MagicRunner.name(new PipeMagic()));
        assertEquals("ipc", MagicRunner.name(new IpcMagic()));
    }

    @Test
    void capacity() throws Exception {
        List<?> out = run(new PipeMagic(), "capacity --sizes=8K");
        Table t = assertInstanceOf(Table.class, out.get(0));
        assertEquals(List.of("new pipe", "F_SETPIPE_SZ 8192"), t.stringColumn("pipe").asList());
        assertInstanceOf(CategoryChart.class, out.get(1));
    }

    @Test
    void throughput() throws Exception {
        List<?> out = run(new PipeMagic(), "throughput --chunks=4K,64K --bytes=1M -r 1");
        Table t = assertInstanceOf(Table.class, out.get(0));
        assertEquals(List.of(4096, 65536), t.intColumn("chunk bytes").asList());
        assertInstanceOf(XYChart.class, out.get(1));
    }

    /** Options left out take the experiment's Params.defaults(), as --help shows them. */
    @Test
    void optionsLeftOutTakeTheExperimentsDefaults() throws Exception {
        Table latency = assertInstanceOf(Table.class, run(new PipeMagic(), "latency --round-trips=50 -r 1").get(0));
        assertEquals(PipeLatency.Params.defaults().placements().stream().map(Placement::label).toList(),
            latency.stringColumn("placement").asList());
        Table throughput = assertInstanceOf(Table.class, run(new PipeMagic(), "throughput --bytes=1M -r 1").get(0));
        assertEquals(PipeThroughput.Params.defaults().chunks(), throughput.intColumn("chunk bytes").asList());
        try (OutputCapture help = new OutputCapture()) {
            assertNull(run(new IpcMagic(), "compare --help"));
            assertTrue(help.out().contains("(default: pipe,fifo,socketpair,tcp-loopback,shm,signal)"), help.out());
        }
    }

    @Test
    void latency() throws Exception {
        List<?> out = run(new PipeMagic(), "latency --round-trips=100 -r 1 --placements=one-cpu,free");
        Table t = assertInstanceOf(Table.class, out.get(0));
        assertEquals(List.of("one-cpu", "free"), t.stringColumn("placement").asList());
        assertTrue(t.doubleColumn("per switch µs").isMissing(1) && !t.doubleColumn("per switch µs").isMissing(0),
            "a switch per message only on one CPU");
    }

    @Test
    void blocking() throws Exception {
        List<?> out = run(new PipeMagic(), "blocking --delay-ms=10");
        assertEquals("pipe blocking", assertInstanceOf(Table.class, out.get(0)).name());
        assertEquals(3, assertInstanceOf(Table.class, out.get(1)).rowCount());
        assertInstanceOf(CategoryChart.class, out.get(2));
    }

    @Test
    void compareWithSeveralSizes() throws Exception {
        List<?> out = run(new IpcMagic(), "compare --methods=pipe,signal --sizes=4K,64K --bytes=256K --round-trips=50 -r 1 --placements=free");
        assertEquals(4, out.size());
        assertEquals(2, assertInstanceOf(Table.class, out.get(0)).rowCount());
        CategoryChart bandwidth = assertInstanceOf(CategoryChart.class, out.get(1));
        assertEquals(List.of("free, 4096 B", "free, 65536 B"), List.copyOf(bandwidth.getSeriesMap().keySet()));
        assertEquals(List.of("pipe", "signal"), assertInstanceOf(Table.class, out.get(2)).stringColumn("method").asList());
    }

    @Test
    void compareWithCChartsACBarBesideEachOfJavas() throws Exception {
        List<?> out = run(new IpcMagic(), "compare --with-c --methods=pipe,signal --bytes=256K --round-trips=50 -r 1 --placements=one-cpu");
        Table bandwidth = assertInstanceOf(Table.class, out.get(0));
        assertTrue(bandwidth.doubleColumn("C MB/s median").getDouble(0) > 0, bandwidth.print());
        assertEquals(List.of("one-cpu", "one-cpu in C"), List.copyOf(assertInstanceOf(CategoryChart.class, out.get(1)).getSeriesMap().keySet()));
        Table latency = assertInstanceOf(Table.class, out.get(2));
        assertTrue(latency.doubleColumn("C round trip median µs").min() > 0, latency.print());
        assertEquals(List.of("one-cpu", "one-cpu in C"), List.copyOf(assertInstanceOf(CategoryChart.class, out.get(3)).getSeriesMap().keySet()));
        assertEquals(List.of("method", "placement", "round trip median µs", "round trip p90 µs"),
            run(new IpcMagic(), "compare --methods=pipe --bytes=64K --round-trips=10 -r 1 --placements=free").stream()
                .skip(2).findFirst().map(t -> ((Table) t).columnNames()).orElseThrow(), "no C columns without --with-c");
    }

    @Test
    void aSubcommandIsRequired() {
        MagicException e = assertThrows(MagicException.class, () -> run(new PipeMagic(), ""));
        assertTrue(e.getMessage().startsWith("pipe: name a subcommand: capacity, throughput, latency, blocking"), e.getMessage());
    }

    @Test
    void badValuesAreRefusedWithUsage() {
        MagicException e = assertThrows(MagicException.class, () -> run(new PipeMagic(), "latency --placements=nowhere"));
        assertTrue(e.getMessage().contains("unknown placement 'nowhere'; one of one-cpu, two-cpus, free"), e.getMessage());
        e = assertThrows(MagicException.class, () -> run(new IpcMagic(), "compare --methods=pigeon"));
        assertTrue(e.getMessage().contains("unknown IPC method 'pigeon'; one of pipe, fifo, socketpair, tcp-loopback, shm, signal"),
            e.getMessage());
        e = assertThrows(MagicException.class, () -> run(new PipeMagic(), "throughput --bytes=lots"));
        assertTrue(e.getMessage().contains("not a byte count: 'lots'"), e.getMessage());
    }

    /** Both magics are services the kernel finds, and they and every subcommand print a clean usage. */
    @Test
    void servicesAnsweringHelp() throws Exception {
        List<String> names = ServiceLoader.load(Magic.class).stream()
            .filter(p -> List.of(PipeMagic.class.getPackageName(), IpcMagic.class.getPackageName()).contains(p.type().getPackageName()))
            .map(p -> MagicRunner.name(p.get())).sorted().toList();
        assertEquals(List.of("ipc", "pipe"), names);
        for (String args : List.of("pipe --help", "pipe capacity --help", "pipe throughput --help", "pipe latency --help",
                "pipe blocking --help", "ipc --help", "ipc compare --help")) {
            Magic magic = args.startsWith("pipe") ? new PipeMagic() : new IpcMagic();
            String line = args.substring(args.indexOf(' ') + 1);
            try (OutputCapture output = new OutputCapture()) {
                assertNull(MagicRunner.run(magic, line, null, new TestMagicContext()));
                String usage = "Usage: " + args.substring(0, args.lastIndexOf(" --help")) + " ";
                assertTrue(output.out().startsWith(usage), output.out());
                assertEquals("", output.err(), "picocli complained about the usage of " + args);
            }
        }
    }

    /** As an interrupted %epoll: a MagicException naming the magic and the subcommand. */
    @Test
    void interruptedBeforeTheFirstMeasurement() {
        TestMagicContext context = new TestMagicContext();
        context.interrupt();
        MagicException e = assertThrows(MagicException.class,
            () -> MagicRunner.run(new PipeMagic(), "throughput --bytes=1M", null, context));
        assertEquals("pipe throughput: interrupted", e.getMessage());
        e = assertThrows(MagicException.class,
            () -> MagicRunner.run(new IpcMagic(), "compare --methods=pipe --bytes=1M -r 1", null, context));
        assertEquals("ipc compare: interrupted", e.getMessage());
    }
}
