package syslab.experiments.common;

import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.columns.numbers.NumberColumnFormatter;

/** Measured figures, shown with a fixed number of decimals (the values themselves keep every digit). */
public final class Columns {
    private Columns() { }

    /** Java's figure over the C program's for the same measurement (--with-c): 1 where the JVM's path adds nothing. */
    public static final String JAVA_OVER_C = "Java / C";

    public static DoubleColumn fixed(String name, int decimals) {
        DoubleColumn c = DoubleColumn.create(name);
        c.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(decimals));
        return c;
    }

    /** The column holding what {@code column} holds, measured by the experiment's C program: "C median µs". */
    public static String inC(String column) {
        return "C " + column;
    }
}
