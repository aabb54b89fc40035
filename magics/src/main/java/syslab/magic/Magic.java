package syslab.magic;

import java.util.concurrent.Callable;

/**
 * A magic is a picocli command: options are annotated fields, {@link #call()} does the work and
 * returns what the kernel should display (null for nothing; a Tablesaw Table, an XChart chart,
 * an {@link syslab.display.Html}, or a {@code List} of those shown one after another).
 * The kernel fills {@link #context} and, for a cell magic, {@link #body} before calling.
 */
public abstract class Magic implements Callable<Object> {
    /** What the kernel offers a running magic; never null while {@link #call()} runs. */
    protected MagicContext context;
    /** The cell below the {@code %%name args} line; null when used as a line magic. */
    protected String body;

    /** Whether {@code %name} is allowed. */
    public boolean line() { return true; }

    /** Whether {@code %%name} is allowed. */
    public boolean cell() { return false; }

    public final void bind(MagicContext context, String body) {
        this.context = context;
        this.body = body;
    }
}
