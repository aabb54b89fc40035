package syslab.experiments.common;

import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.columns.numbers.NumberColumnFormatter;

/** Measured figures, shown with a fixed number of decimals (the values themselves keep every digit). */
public final class Columns {
    private Columns() { }

    public static DoubleColumn fixed(String name, int decimals) {
        DoubleColumn c = DoubleColumn.create(name);
        c.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(decimals));
        return c;
    }
}
