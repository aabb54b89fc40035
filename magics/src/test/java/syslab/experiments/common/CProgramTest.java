package syslab.experiments.common;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A C program run for an experiment is bounded: a time limit or a stop kills its whole process group. */
class CProgramTest {
    private static final CProgram SLEEPS = CProgram.of(CProgramTest.class, "sleeps.c", List.of());

    @Test
    void printsWhatItPrinted() {
        assertEquals("started\n", SLEEPS.run(Duration.ofSeconds(30), Monitor.NONE, 0));
        assertEquals(7.5, CProgram.value("a 1\nkey 7.5\n", "key"));
    }

    @Test
    void aFailureSaysHowItEndedAndWhatItPrinted() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> SLEEPS.run(Duration.ofSeconds(30), Monitor.NONE, 3));
        assertEquals("sleeps 3: exit 3: started", e.getMessage());
    }

    @Test
    void theTimeLimitKillsTheProcessGroup() {
        long t0 = System.nanoTime();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> SLEEPS.run(Duration.ofSeconds(1), Monitor.NONE));
        assertEquals("sleeps: no result within 1 s; its process group was killed", e.getMessage());
        assertTrue(System.nanoTime() - t0 < 5_000_000_000L, "ended " + (System.nanoTime() - t0) / 1e6 + " ms after the start");
        assertEquals(List.of(), running("sleeps-"));
    }

    @Test
    void aStopKillsTheProcessGroupAndThrowsAsEveryExperimentDoes() {
        AtomicBoolean stop = new AtomicBoolean();
        Thread stopper = new Thread(() -> {
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                return;
            }
            stop.set(true);
        });
        stopper.start();
        long t0 = System.nanoTime();
        CancellationException e = assertThrows(CancellationException.class,
            () -> SLEEPS.run(Duration.ofSeconds(60), Monitor.of("c program", null, stop::get)));
        assertEquals("c program: interrupted", e.getMessage());
        assertTrue(System.nanoTime() - t0 < 5_000_000_000L, "ended " + (System.nanoTime() - t0) / 1e6 + " ms after the start");
        assertEquals(List.of(), running("sleeps-"));
    }

    /** The pids of processes whose name (comm) starts with {@code prefix}. */
    private static List<String> running(String prefix) {
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            return procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).filter(p -> {
                try {
                    return Files.readString(p.resolve("comm")).startsWith(prefix);
                } catch (IOException gone) {
                    return false;
                }
            }).map(p -> p.getFileName().toString()).toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
