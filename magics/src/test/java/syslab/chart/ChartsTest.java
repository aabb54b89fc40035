package syslab.chart;

import org.junit.jupiter.api.Test;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChartsTest {
    /** Pipe throughput by chunk size for two modes, rows deliberately out of x order. */
    static Table throughput() {
        return Table.create("pipe throughput",
                StringColumn.create("mode", "read", "write", "read", "write", "read"),
                IntColumn.create("chunk", 4096, 512, 512, 4096, 65536),
                DoubleColumn.create("MBps", 900.0, 150.0, 200.0, 800.0, 2500.0));
    }

    @Test
    void lineMakesOneSeriesPerValueWithPointsSortedByX() {
        XYChart chart = Charts.line(throughput(), "chunk", "MBps", "mode", false);

        assertEquals(List.of("read", "write"), new ArrayList<>(chart.getSeriesMap().keySet()));
        XYSeries read = chart.getSeriesMap().get("read");
        assertArrayEquals(new double[] {512, 4096, 65536}, read.getXData());
        assertArrayEquals(new double[] {200, 900, 2500}, read.getYData());
        XYSeries write = chart.getSeriesMap().get("write");
        assertArrayEquals(new double[] {512, 4096}, write.getXData());
        assertArrayEquals(new double[] {150, 800}, write.getYData());

        assertEquals("pipe throughput", chart.getTitle());
        assertEquals("chunk", chart.getXAxisTitle());
        assertEquals("MBps", chart.getYAxisTitle());
        assertEquals(Charts.WIDTH, chart.getWidth());
        assertEquals(Charts.HEIGHT, chart.getHeight());
        assertTrue(chart.getStyler().isLegendVisible());
    }

    @Test
    void lineWithoutSeriesColumnIsOneSeriesNamedAfterY() {
        XYChart chart = Charts.line(throughput(), "chunk", "MBps", null, false);
        assertEquals(List.of("MBps"), new ArrayList<>(chart.getSeriesMap().keySet()));
        assertEquals(5, chart.getSeriesMap().get("MBps").getXData().length);
        assertFalse(chart.getStyler().isLegendVisible(), "no legend for a single series");
    }

    @Test
    void numericSeriesAreNamedWithTheirColumn() {
        Table t = Table.create("fork cost",
                IntColumn.create("threads", 1, 1, 4, 4),
                IntColumn.create("heapMiB", 64, 512, 64, 512),
                DoubleColumn.create("us", 90, 400, 95, 410));
        XYChart chart = Charts.line(t, "heapMiB", "us", "threads", true);
        assertEquals(List.of("threads=1", "threads=4"), new ArrayList<>(chart.getSeriesMap().keySet()));
        assertTrue(chart.getStyler().isXAxisLogarithmic());
        assertTrue(chart.getStyler().isYAxisLogarithmic());
        BufferedImage image = BitmapEncoder.getBufferedImage(chart); // paints on log axes without complaint
        assertEquals(Charts.WIDTH, image.getWidth());
    }

    @Test
    void missingValuesAreLeftOut() {
        DoubleColumn y = DoubleColumn.create("y", 1.0, 2.0, 3.0);
        y.setMissing(1);
        XYChart chart = Charts.line(Table.create("t", IntColumn.create("x", 1, 2, 3), y), "x", "y", null, false);
        assertArrayEquals(new double[] {1, 3}, chart.getSeriesMap().get("y").getXData());
    }

    @Test
    void logLogRejectsNonPositiveValuesNamingTheColumn() {
        Table t = Table.create("t", IntColumn.create("x", 0, 1), DoubleColumn.create("y", 1.0, 2.0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Charts.line(t, "x", "y", null, true));
        assertTrue(e.getMessage().contains("x > 0"), e.getMessage());
    }

    @Test
    void barsGroupByCategoryInFirstAppearanceOrder() {
        CategoryChart chart = Charts.bars(throughput(), "chunk", "MBps", "mode");

        assertEquals(2, chart.getSeriesMap().size());
        CategorySeries read = chart.getSeriesMap().get("read");
        assertEquals(List.of("4096", "512", "65536"), new ArrayList<>(read.getXData()));
        assertEquals(List.of(900.0, 200.0, 2500.0), new ArrayList<>(read.getYData()));
        CategorySeries write = chart.getSeriesMap().get("write");
        assertEquals(List.of("4096", "512", "65536"), new ArrayList<>(write.getXData()));
        assertEquals(Arrays.asList(800.0, 150.0, null), new ArrayList<>(write.getYData()),
                "no write row for 65536: no bar");

        assertEquals("pipe throughput", chart.getTitle());
        assertEquals("chunk", chart.getXAxisTitle());
        assertEquals("MBps", chart.getYAxisTitle());
        assertEquals(Charts.WIDTH, BitmapEncoder.getBufferedImage(chart).getWidth());
    }

    @Test
    void barsRejectTwoRowsForOneCategoryOfASeries() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Charts.bars(throughput(), "chunk", "MBps", null));
        assertTrue(e.getMessage().contains("chunk = 512"), e.getMessage());
    }
}
