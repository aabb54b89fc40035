package syslab.chart;

import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * XChart charts from Tablesaw tables, the way experiments plot their results: the title is the
 * table's name, axis titles are the column names, and a series column splits rows into one
 * series per distinct value (in the order the values first appear).
 */
public final class Charts {
    public static final int WIDTH = 720;
    public static final int HEIGHT = 420;

    private Charts() { }

    /**
     * A line per series of y against x, points sorted by x; rows missing x or y are left out.
     *
     * @param seriesCol the column whose values name the series, or null for one series named yCol
     * @param logLog    both axes logarithmic (sizes and rates spanning decades); needs x, y &gt; 0
     */
    public static XYChart line(Table t, String xCol, String yCol, String seriesCol, boolean logLog) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
                .title(title(t)).xAxisTitle(xCol).yAxisTitle(yCol).build();
        chart.getStyler().setXAxisLogarithmic(logLog).setYAxisLogarithmic(logLog);
        for (Map.Entry<String, Table> s : series(t, yCol, seriesCol).entrySet()) {
            Table rows = s.getValue();
            rows = rows.where(rows.numberColumn(xCol).isNotMissing().and(rows.numberColumn(yCol).isNotMissing()))
                    .sortAscendingOn(xCol);
            double[] x = rows.numberColumn(xCol).asDoubleArray();
            double[] y = rows.numberColumn(yCol).asDoubleArray();
            if (logLog) {
                requirePositive(xCol, x);
                requirePositive(yCol, y);
            }
            chart.addSeries(s.getKey(), x, y);
        }
        chart.getStyler().setLegendVisible(chart.getSeriesMap().size() > 1);
        return chart;
    }

    /**
     * Grouped bars: one group per category (in order of first appearance), one bar per series.
     * A series with no row for a category has no bar there.
     *
     * @param seriesCol the column whose values name the series, or null for one series named valueCol
     * @throws IllegalArgumentException if a series has two rows for one category
     */
    public static CategoryChart bars(Table t, String categoryCol, String valueCol, String seriesCol) {
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT)
                .title(title(t)).xAxisTitle(categoryCol).yAxisTitle(valueCol).build();
        Column<?> allCategories = t.column(categoryCol);
        LinkedHashSet<String> distinct = new LinkedHashSet<>();
        for (int r = 0; r < t.rowCount(); r++) distinct.add(allCategories.getString(r));
        List<String> categories = new ArrayList<>(distinct);
        for (Map.Entry<String, Table> s : series(t, valueCol, seriesCol).entrySet()) {
            Table rows = s.getValue();
            Column<?> category = rows.column(categoryCol);
            NumericColumn<?> value = rows.numberColumn(valueCol);
            Map<String, Number> byCategory = new LinkedHashMap<>();
            for (int r = 0; r < rows.rowCount(); r++) {
                String c = category.getString(r);
                if (byCategory.containsKey(c)) {
                    throw new IllegalArgumentException("series '" + s.getKey() + "' has two rows for "
                            + categoryCol + " = " + c);
                }
                byCategory.put(c, value.isMissing(r) ? null : value.getDouble(r));
            }
            List<Number> values = new ArrayList<>();
            for (String c : categories) values.add(byCategory.get(c));
            chart.addSeries(s.getKey(), categories, values);
        }
        chart.getStyler().setLegendVisible(chart.getSeriesMap().size() > 1);
        return chart;
    }

    /** Rows split by the series column, keyed by series name; the whole table if there is none. */
    private static Map<String, Table> series(Table t, String valueCol, String seriesCol) {
        Map<String, Table> series = new LinkedHashMap<>();
        if (seriesCol == null) {
            series.put(valueCol, t);
            return series;
        }
        Column<?> col = t.column(seriesCol);
        // A bare number ("4") says little in a legend; "threads=4" says what it counts.
        String prefix = col instanceof NumericColumn ? seriesCol + "=" : "";
        for (Table part : t.splitOn(seriesCol).asTableList()) {
            series.put(prefix + part.column(seriesCol).getString(0), part);
        }
        return series;
    }

    private static String title(Table t) {
        return t.name() == null ? "" : t.name();
    }

    // XChart only finds non-positive values on a log axis when painting, far from the cause.
    private static void requirePositive(String col, double[] values) {
        for (double v : values) {
            if (v <= 0) throw new IllegalArgumentException("log-log chart needs " + col + " > 0, found " + v);
        }
    }
}
