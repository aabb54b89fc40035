package syslab.display;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProgressTest {
    static final long MS = 1_000_000L;

    /** Remembers every show and update, in order. */
    static final class RecordingDisplay implements Display {
        final List<String> shownIds = new ArrayList<>();
        final List<String> updatedIds = new ArrayList<>();
        final List<Html> values = new ArrayList<>();

        public synchronized String show(Object value) {
            String id = "d" + shownIds.size();
            shownIds.add(id);
            values.add((Html) value);
            return id;
        }

        public synchronized void update(String displayId, Object value) {
            updatedIds.add(displayId);
            values.add((Html) value);
        }

        public void clear(boolean wait) { }

        Html last() { return values.get(values.size() - 1); }
    }

    @Test
    void throttlesUpdatesAndAlwaysShowsTheEnd() {
        RecordingDisplay d = new RecordingDisplay();
        AtomicLong clock = new AtomicLong();
        int steps = 1000;
        long nanosPerStep = MS;
        try (Progress p = new Progress(d, "copy", steps, clock::get)) {
            for (int i = 0; i < steps; i++) {
                clock.addAndGet(nanosPerStep);
                p.step();
            }
        }
        long elapsed = steps * nanosPerStep;
        assertEquals(List.of("d0"), d.shownIds, "one display, shown once");
        assertTrue(d.updatedIds.stream().allMatch("d0"::equals), "every update goes to that display");
        assertTrue(d.updatedIds.size() <= 1 + elapsed / Progress.MIN_INTERVAL_NANOS,
                d.updatedIds.size() + " updates in " + elapsed / MS + " ms");
        assertTrue(d.updatedIds.size() > 1, "updates while running, not only at the end");
        assertTrue(d.last().text().contains("100%"), d.last().text());
        assertTrue(d.last().text().contains("1000/1000"), d.last().text());
        assertFalse(d.last().text().contains("ETA"), "no ETA once complete: " + d.last().text());
    }

    @Test
    void etaFollowsTheRateSoFar() {
        RecordingDisplay d = new RecordingDisplay();
        AtomicLong clock = new AtomicLong();
        Progress p = new Progress(d, "fork", 1000, clock::get);

        clock.addAndGet(1000 * MS);
        p.step(250); // a quarter in one second: three seconds to go
        assertTrue(d.last().text().contains("25%"), d.last().text());
        assertTrue(d.last().text().contains("elapsed 1.0 s"), d.last().text());
        assertTrue(d.last().text().contains("ETA 3.0 s"), d.last().text());

        clock.addAndGet(3000 * MS);
        p.step(250); // half in four seconds: four to go
        assertTrue(d.last().text().contains("ETA 4.0 s"), d.last().text());
    }

    @Test
    void doneBeforeTheTotalShowsWhereItStopped() {
        RecordingDisplay d = new RecordingDisplay();
        AtomicLong clock = new AtomicLong();
        try (Progress p = new Progress(d, "read", 1000, clock::get)) {
            for (int i = 0; i < 420; i++) p.step(); // clock stands still: all throttled
        }
        assertEquals(1, d.updatedIds.size(), "only the final update");
        assertTrue(d.last().text().contains("42%"), d.last().text());
        assertTrue(d.last().text().contains("420/1000"), d.last().text());
    }

    @Test
    void completeStateIsNotShownTwice() {
        RecordingDisplay d = new RecordingDisplay();
        Progress p = new Progress(d, "x", 3, new AtomicLong()::get);
        p.step(3);
        p.done();
        p.done();
        assertEquals(1, d.updatedIds.size());
    }

    @Test
    void htmlEscapesTheLabelAndCarriesTheBar() {
        RecordingDisplay d = new RecordingDisplay();
        new Progress(d, "<script>&", 10, new AtomicLong()::get);
        String html = d.last().html();
        assertTrue(html.contains("&lt;script&gt;&amp;"), html);
        assertFalse(html.contains("<script>"), html);
        assertTrue(html.contains("<progress value=\"0\" max=\"100\""), html);
    }

    @Test
    void emptyWorkIsComplete() {
        RecordingDisplay d = new RecordingDisplay();
        new Progress(d, "nothing", 0).done();
        assertTrue(d.last().text().contains("100%"), d.last().text());
        assertEquals(0, d.updatedIds.size(), "the first view was already complete");
    }

    @Test
    void stepsFromManyThreadsAllCount() throws InterruptedException {
        RecordingDisplay d = new RecordingDisplay();
        int threads = 4, each = 50_000;
        Progress p = new Progress(d, "parallel", (long) threads * each);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        for (int t = 0; t < threads; t++) pool.execute(() -> { for (int i = 0; i < each; i++) p.step(); });
        pool.shutdown();
        assertTrue(pool.awaitTermination(60, TimeUnit.SECONDS));
        p.done();
        assertEquals((long) threads * each, p.count());
        assertTrue(d.last().text().contains("200000/200000"), d.last().text());
        assertTrue(d.last().text().contains("100%"), d.last().text());
    }

    @Test
    void durationsReadNaturally() {
        assertEquals("850 ms", Progress.duration(850 * MS));
        assertEquals("3.2 s", Progress.duration(3_200 * MS));
        assertEquals("2 min 05 s", Progress.duration(125_000 * MS));
        assertEquals("1 h 02 min", Progress.duration(3_720_000 * MS));
    }
}
