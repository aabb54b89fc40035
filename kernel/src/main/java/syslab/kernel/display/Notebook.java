package syslab.kernel.display;

import java.util.List;

import syslab.display.As;
import syslab.display.Display;
import syslab.display.Html;
import syslab.display.Markdown;
import syslab.display.Png;
import syslab.display.Progress;

/**
 * The display API of notebook cells, static-imported into every cell
 * ({@code import static syslab.kernel.display.Notebook.*;}):
 * <pre>{@code
 * String id = display(markdown("**starting**"));
 * updateDisplay(id, table);
 * try (var p = progress("fork 1000 children", 1000)) { ... p.step(); }
 * }</pre>
 * It forwards to the {@link Display} the kernel binds at start. Unbound (a plain JVM) values print
 * as text. Names avoid libc's, which cells also import from {@code syslab.posix.C}.
 */
public final class Notebook {
    private static final Display PRINT = new PrintDisplay(text -> System.out.println(text));
    private static volatile Display bound;

    private Notebook() { }

    /** The kernel binds its display at start; null unbinds, so values print as text again. */
    public static void bind(Display display) {
        bound = display;
    }

    /** Shows the value now (rendered by type: table, chart, image, HTML, text) and returns its display id. */
    public static String display(Object value) {
        return target().show(value);
    }

    /** Shows a value rendered as these MIME types only: {@code display(chart, "image/svg+xml")}. */
    public static String display(Object value, String... mimeTypes) {
        return display(new As(value, List.of(mimeTypes)));
    }

    /** Replaces in place what the display with this id shows. */
    public static void updateDisplay(String displayId, Object value) {
        target().update(displayId, value);
    }

    /** Clears this cell's output now. */
    public static void clearOutput() {
        clearOutput(false);
    }

    /** Clears this cell's output; with wait, only when the next output arrives (no flicker in loops). */
    public static void clearOutput(boolean wait) {
        target().clear(wait);
    }

    /** HTML to show as text/html; its text form drops the tags. */
    public static Html html(String html) {
        return new Html(html);
    }

    /** Markdown to show as text/markdown. */
    public static Markdown markdown(String markdown) {
        return new Markdown(markdown);
    }

    /** PNG bytes to show as an image. */
    public static Png image(byte[] png) {
        if (png.length < 8 || png[0] != (byte) 0x89 || png[1] != 'P' || png[2] != 'N' || png[3] != 'G') {
            throw new IllegalArgumentException("image(byte[]) takes PNG bytes; these do not start with the PNG signature");
        }
        return new Png(png);
    }

    /** A live progress bar for {@code total} steps, shown now and updated in place by step() and done(). */
    public static Progress progress(String label, long total) {
        return new Progress(target(), label, total);
    }

    private static Display target() {
        Display d = bound;
        return d != null ? d : PRINT;
    }
}
