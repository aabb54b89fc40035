package syslab.kernel.session;

import java.util.List;

/** How a cell ended, as the protocol adapter needs it. */
public sealed interface Outcome {
    /** The cell ran; value is shown as the cell's result when hasValue. */
    record Ok(Object value, boolean hasValue, String nextInput) implements Outcome { }

    /** The cell failed: what an {@code error} message and an error reply carry. */
    record Failed(String ename, String evalue, List<String> traceback) implements Outcome { }

    /** The pager's text ({@code name?}), carried as the cell's value, which is not shown. */
    record Page(String text) { }
}
