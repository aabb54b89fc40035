package syslab.chart;

import syslab.experiments.common.Columns;
import tech.tablesaw.api.Table;

/** A table measured with its C program (--with-c), made into one for a chart with a C series beside each series. */
public final class BesideC {
    private BesideC() { }

    /**
     * The rows of {@code t}, then the same rows again with {@code valueCol} taken from its C column and
     * " in C" after the series' name ("poll in C"); only the columns the chart needs are kept.
     */
    public static Table stacked(Table t, String xCol, String valueCol, String seriesCol) {
        // copies: selectColumns shares t's columns, and append adds to them
        Table java = t.selectColumns(xCol, valueCol, seriesCol).copy();
        Table c = t.selectColumns(xCol, Columns.inC(valueCol), seriesCol).copy();
        c.column(Columns.inC(valueCol)).setName(valueCol);
        c.replaceColumn(seriesCol, c.stringColumn(seriesCol).concatenate(" in C").setName(seriesCol));
        return java.append(c);
    }
}
