package syslab.magic.epoll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.XYChart;
import syslab.experiments.io.EpollTriggerModes;
import syslab.magic.MagicException;
import syslab.magic.MagicRunner;
import syslab.magic.OutputCapture;
import syslab.magic.TestMagicContext;
import tech.tablesaw.api.Table;

class EpollMagicTest {
    private final TestMagicContext context = new TestMagicContext();

    private Object epoll(String args) throws Exception {
        return MagicRunner.run(new EpollMagic(), args, null, context);
    }

    @Test
    void compareDispatchesToItsExperimentAndChartsTheMeasuredRows() throws Exception {
        List<?> out = (List<?>) epoll("compare --fds=10,1100 --rounds=3 --methods=select,epoll --placement=first");
        Table t = (Table) out.get(0);
        assertEquals(List.of("select", "epoll", "select", "epoll"), t.stringColumn("method").asList());
        assertTrue(t.name().contains("placed first"), t.name());
        XYChart chart = assertInstanceOf(XYChart.class, out.get(1));
        // select at 1,100 fds was refused: its series has the one measured size
        assertEquals(1, chart.getSeriesMap().get("select").getXData().length);
        assertEquals(2, chart.getSeriesMap().get("epoll").getXData().length);
        assertTrue(chart.getStyler().isXAxisLogarithmic() && chart.getStyler().isYAxisLogarithmic());
    }

    @Test
    void compareWithCChartsACSeriesBesideEachMethod() throws Exception {
        List<?> out = (List<?>) epoll("compare --with-c --fds=10,100 --rounds=5 --methods=poll,epoll");
        Table t = (Table) out.get(0);
        assertTrue(t.doubleColumn("C median µs").min() > 0, t.print());
        XYChart chart = assertInstanceOf(XYChart.class, out.get(1));
        assertEquals(List.of("poll", "epoll", "poll in C", "epoll in C"), List.copyOf(chart.getSeriesMap().keySet()));
        assertEquals(2, chart.getSeriesMap().get("poll in C").getXData().length);
    }

    @Test
    void triggersShowsTheTableAndTwoBarCharts() throws Exception {
        List<?> out = (List<?>) epoll("triggers --chunks=3 --chunk-bytes=300 --read-bytes=100 --modes=et,lt");
        Table t = (Table) out.get(0);
        assertEquals(List.of("et", "lt"), t.stringColumn("mode").asList());
        assertEquals(List.of(3, 9), t.intColumn("wakeups").asList());
        assertEquals("wakeups", assertInstanceOf(CategoryChart.class, out.get(1)).getYAxisTitle());
        assertEquals("bytes left unread", assertInstanceOf(CategoryChart.class, out.get(2)).getYAxisTitle());
    }

    @Test
    void serverShowsTheTableWithThroughputAndLatencyCharts() throws Exception {
        List<?> out = (List<?>) epoll("server --models=epoll-et,poll --clients=2 --seconds=0.05 --payload=16");
        Table t = (Table) out.get(0);
        assertEquals(List.of("epoll-et", "poll"), t.stringColumn("model").asList());
        assertEquals("req/s", assertInstanceOf(XYChart.class, out.get(1)).getYAxisTitle());
        assertEquals("p99 µs", assertInstanceOf(XYChart.class, out.get(2)).getYAxisTitle());
    }

    @Test
    void herdShowsTheTableAndABarChart() throws Exception {
        List<?> out = (List<?>) epoll("herd --waiters=2 --modes=accept --connections=2");
        Table t = (Table) out.get(0);
        assertEquals(List.of("accept"), t.stringColumn("mode").asList());
        assertEquals("wakeups per connection", assertInstanceOf(CategoryChart.class, out.get(1)).getYAxisTitle());
    }

    @Test
    void withoutASubcommandItSaysWhichThereAre() {
        MagicException e = assertThrows(MagicException.class, () -> epoll(""));
        assertTrue(e.getMessage().startsWith("epoll: name a subcommand: compare"), e.getMessage());
    }

    @Test
    void badParamsAreTheUsersErrorNamingTheSubcommand() {
        MagicException e = assertThrows(MagicException.class, () -> epoll("compare --methods=poll,kqueue"));
        assertEquals("epoll compare: unknown method 'kqueue'; one of select, poll, epoll", e.getMessage());
        e = assertThrows(MagicException.class, () -> epoll("compare --active=0"));
        assertEquals("epoll compare: --active must be between 1 and 1000, got 0", e.getMessage());
    }

    @Test
    void anInterruptEndsTheSubcommandWithAMessage() {
        context.interrupt();
        MagicException e = assertThrows(MagicException.class, () -> epoll("compare --fds=10"));
        assertEquals("epoll compare: interrupted", e.getMessage());
    }

    @Test
    void subcommandHelpIsPrinted() throws Exception {
        try (OutputCapture output = new OutputCapture()) {
            assertNull(epoll("compare --help"));
            assertTrue(output.out().contains("Usage: epoll compare"), output.out());
            assertTrue(output.out().contains("--placement=WHERE"), output.out());
        }
    }

    @Test
    void optionsLeftOutTakeTheExperimentsDefaults() throws Exception {
        Table t = (Table) ((List<?>) epoll("triggers")).get(0);
        assertEquals(EpollTriggerModes.Params.defaults().modes().stream().map(EpollTriggerModes.Mode::label).toList(),
            t.stringColumn("mode").asList());
    }
}
