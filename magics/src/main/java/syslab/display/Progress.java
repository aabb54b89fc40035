package syslab.display;

import com.google.common.html.HtmlEscapers;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Live progress of long work, shown as ONE display that is updated in place: a bar, the percentage,
 * count/total, the elapsed time and an ETA, as HTML with a plain-text fallback.
 *
 * <p>Updates are throttled to about ten a second, so a tight loop may call {@link #step()} for every
 * item without flooding the frontend; the final state is always shown (when the count reaches the
 * total, and by {@link #done()}). Steps may come from several threads.
 *
 * <pre>{@code
 * try (Progress p = new Progress(display, "write 1 MiB chunks", chunks)) {
 *     for (int i = 0; i < chunks; i++) { write(...); p.step(); }
 * }
 * }</pre>
 */
public final class Progress implements AutoCloseable {
    /** At most one update per this many nanoseconds (about ten a second). */
    static final long MIN_INTERVAL_NANOS = 100_000_000L;
    private static final int BAR_WIDTH = 20;

    private final Display display;
    private final String label;
    private final long total;
    private final LongSupplier nanoClock;
    private final long startNanos;
    private final String displayId;
    private final AtomicLong count = new AtomicLong();

    // Read without the lock by step()'s fast path; written under it.
    private volatile long nextUpdateNanos;
    // Guarded by this.
    private long shownCount;
    private boolean shownComplete;
    private boolean finished;

    /** Shows the bar at 0 now. {@code total} is the number of steps that make 100%. */
    public Progress(Display display, String label, long total) {
        this(display, label, total, System::nanoTime);
    }

    /** With a clock of the caller's (tests drive time by hand). */
    Progress(Display display, String label, long total, LongSupplier nanoClock) {
        if (total < 0) throw new IllegalArgumentException("progress total must be >= 0, was " + total);
        this.display = display;
        this.label = label;
        this.total = total;
        this.nanoClock = nanoClock;
        this.startNanos = nanoClock.getAsLong();
        this.nextUpdateNanos = startNanos + MIN_INTERVAL_NANOS;
        this.shownComplete = total == 0;
        this.displayId = display.show(view(0, 0, shownComplete));
    }

    public void step() {
        step(1);
    }

    /** Counts n more steps done; shows them if the last update is old enough or the work is complete. */
    public void step(long n) {
        long c = count.addAndGet(n);
        long now = nanoClock.getAsLong();
        if (now < nextUpdateNanos && c < total) return;
        synchronized (this) {
            if (finished || shownComplete) return;
            if (now < nextUpdateNanos && c < total) return; // another thread just updated
            show(count.get(), now, false);
        }
    }

    /** Shows the final state (whether or not the count reached the total); later steps show nothing. */
    public synchronized void done() {
        if (finished) return;
        finished = true;
        if (shownComplete && shownCount == count.get()) return; // the complete state is already shown
        show(count.get(), nanoClock.getAsLong(), true);
    }

    @Override
    public void close() {
        done();
    }

    public long count() {
        return count.get();
    }

    public long total() {
        return total;
    }

    private void show(long c, long now, boolean finished) {
        boolean complete = finished || c >= total;
        display.update(displayId, view(c, now - startNanos, complete));
        shownCount = c;
        shownComplete = complete;
        nextUpdateNanos = now + MIN_INTERVAL_NANOS;
    }

    private Html view(long c, long elapsedNanos, boolean complete) {
        int percent = total == 0 ? 100 : (int) Math.min(100, c * 100 / total); // floor: 100% only when done
        String counts = c + "/" + total;
        String times = "elapsed " + duration(elapsedNanos);
        String eta = eta(c, elapsedNanos);
        if (!complete && eta != null) times += "  ETA " + eta;

        int filled = percent * BAR_WIDTH / 100;
        String text = label + "  " + percent + "% [" + "#".repeat(filled) + ".".repeat(BAR_WIDTH - filled)
                + "]  " + counts + "  " + times;
        String html = "<div style=\"font-family:monospace;display:flex;gap:0.8em;align-items:center\">"
                + "<span>" + HtmlEscapers.htmlEscaper().escape(label) + "</span>"
                + "<progress value=\"" + percent + "\" max=\"100\" style=\"width:16em\"></progress>"
                + "<span>" + percent + "%</span><span>" + counts + "</span><span>" + times + "</span></div>";
        return new Html(html, text);
    }

    /** Time left at the rate so far; null while there is no rate yet. */
    private String eta(long c, long elapsedNanos) {
        if (c <= 0 || elapsedNanos <= 0) return null;
        double nanosPerStep = (double) elapsedNanos / c;
        return duration((long) (nanosPerStep * Math.max(0, total - c)));
    }

    /** "850 ms", "3.2 s", "2 min 05 s", "1 h 02 min". */
    static String duration(long nanos) {
        long ms = nanos / 1_000_000;
        if (ms < 1_000) return ms + " ms";
        if (ms < 60_000) return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
        long s = ms / 1000;
        if (s < 3600) return String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60);
        return String.format(Locale.ROOT, "%d h %02d min", s / 3600, s % 3600 / 60);
    }
}
