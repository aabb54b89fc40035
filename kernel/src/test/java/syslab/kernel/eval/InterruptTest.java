package syslab.kernel.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class InterruptTest {

    private static JavaEvaluator ev;
    private static final ExecutorService caller = Executors.newSingleThreadExecutor();

    @BeforeAll
    static void start() {
        ev = new JavaEvaluator(List.of(), List.of());
        ev.warmUp();
    }

    @AfterAll
    static void stop() {
        caller.shutdownNow();
        ev.close();
    }

    /** Starts the cell on another thread and returns once the execution thread is inside it. */
    private static Future<EvalResult> startCell(String code) throws InterruptedException {
        Future<EvalResult> result = caller.submit(() -> ev.eval(code));
        Thread exec = ev.executionThread();
        for (int i = 0; i < 500 && !inUserCode(exec); i++) {
            Thread.sleep(10);
        }
        assertTrue(inUserCode(exec), "cell did not start");
        return result;
    }

    private static boolean inUserCode(Thread thread) {
        return Arrays.stream(thread.getStackTrace()).anyMatch(f -> f.getClassName().startsWith("REPL."));
    }

    private static void assertBackToIdle() throws InterruptedException {
        Thread exec = ev.executionThread();
        for (int i = 0; i < 500 && exec.getState() != Thread.State.WAITING; i++) {
            Thread.sleep(10);
        }
        assertEquals(Thread.State.WAITING, exec.getState(), "execution thread should be idle");
        assertFalse(inUserCode(exec));
    }

    @Test
    void busyLoopIsStoppedAndTheSessionSurvives() throws Exception {
        ev.eval("int survivor = 7;");
        Future<EvalResult> result = startCell("long spins = 0;\nwhile (true) { spins++; }");

        assertTrue(ev.interrupt(), "interrupt() should report the cell stopped");
        assertInstanceOf(EvalResult.Interrupted.class, result.get(5, TimeUnit.SECONDS));
        assertBackToIdle();
        assertEquals(new EvalResult.Value(8), ev.eval("survivor + 1"));
        assertTrue((Long) ((EvalResult.Value) ev.eval("spins")).value() > 0);
    }

    @Test
    void sleepIsStoppedAndTheNextCellRuns() throws Exception {
        Future<EvalResult> result = startCell("Thread.sleep(60_000);");

        assertTrue(ev.interrupt());
        assertInstanceOf(EvalResult.Interrupted.class, result.get(5, TimeUnit.SECONDS));
        assertBackToIdle();
        assertEquals(new EvalResult.Value(3), ev.eval("1 + 2"));
    }

    @Test
    void codeThatSwallowsInterruptsIsStoppedToo() throws Exception {
        Future<EvalResult> result = startCell("""
                while (true) {
                    try { Thread.sleep(60_000); } catch (InterruptedException ignored) { }
                }""");

        assertTrue(ev.interrupt());
        assertInstanceOf(EvalResult.Interrupted.class, result.get(5, TimeUnit.SECONDS));
        assertBackToIdle();
    }

    @Test
    void laterSnippetsOfAnInterruptedCellDoNotRun() throws Exception {
        ev.eval("int reached = 0;");
        Future<EvalResult> result = startCell("Thread.sleep(60_000);\nreached = 1;");

        assertTrue(ev.interrupt());
        assertInstanceOf(EvalResult.Interrupted.class, result.get(5, TimeUnit.SECONDS));
        assertEquals(new EvalResult.Value(0), ev.eval("reached"));
    }

    @Test
    void theNativeWakeupGetsTheExecutionThread() throws Exception {
        List<Thread> woken = new CopyOnWriteArrayList<>();
        ev.setNativeWakeup(woken::add);
        try {
            Future<EvalResult> result = startCell("while (true) { }");
            assertTrue(ev.interrupt());
            result.get(5, TimeUnit.SECONDS);
        } finally {
            ev.setNativeWakeup(null);
        }
        assertFalse(woken.isEmpty());
        assertTrue(woken.stream().allMatch(t -> t == ev.executionThread()));
    }

    @Test
    void interruptsAtAnyMomentNeverBreakTheSession() throws Exception {
        ev.eval("int done = 0;");
        Random random = new Random(42);
        for (int i = 0; i < 60; i++) {
            Future<EvalResult> result =
                    caller.submit(() -> ev.eval("done++;\nfor (int k = 0; k < 200_000; k++) { }\ndone++;"));
            Thread.sleep(random.nextInt(8));
            ev.interrupt();
            EvalResult r = result.get(5, TimeUnit.SECONDS);
            assertTrue(r instanceof EvalResult.Value || r instanceof EvalResult.Interrupted, r.toString());
        }
        assertBackToIdle();
        int done = (Integer) ((EvalResult.Value) ev.eval("done")).value();
        assertTrue(done > 0 && done <= 120, "done = " + done);
        assertEquals(new EvalResult.Value(done + 2), ev.eval("done++;\ndone++;\ndone"));
    }

    @Test
    void anInterruptWhileTheCellCompilesKeepsItFromRunning() throws Exception {
        // a loop slow to compile: the interrupt lands while javac works and no user code runs
        String cell = "while (true) {\nlong x = 0;\n" + "x = x * 3 + 1;\n".repeat(3000) + "}";
        Thread[] evalThread = new Thread[1];
        Future<EvalResult> result = caller.submit(() -> {
            evalThread[0] = Thread.currentThread();
            return ev.eval(cell);
        });
        while (evalThread[0] == null || Arrays.stream(evalThread[0].getStackTrace())
                .noneMatch(f -> f.getClassName().equals("jdk.jshell.Eval"))) {
            Thread.sleep(1);
        }
        assertTrue(ev.interrupt());
        assertInstanceOf(EvalResult.Interrupted.class, result.get(30, TimeUnit.SECONDS));
        assertBackToIdle();
    }

    @Test
    void aCellBlockedInANativeReadIsReportedStuckAndStopsWhenTheReadReturns() throws Exception {
        ev.eval("Process sleeper = new ProcessBuilder(\"sleep\", \"60\").start();");
        Future<EvalResult> result = caller.submit(() -> ev.eval("sleeper.getInputStream().read()"));
        Thread exec = ev.executionThread();
        while (Arrays.stream(exec.getStackTrace()).noneMatch(f -> f.getMethodName().equals("readBytes"))) {
            Thread.sleep(1);
        }
        // no native wakeup is set: neither interrupt nor stop can end a blocking read(2)
        assertFalse(ev.interrupt(), "interrupt() should give up on a thread stuck in a syscall");

        ProcessHandle.current().children().forEach(ProcessHandle::destroy); // read(2) returns 0: EOF
        assertInstanceOf(EvalResult.Interrupted.class, result.get(5, TimeUnit.SECONDS),
                "the stop left pending must end the cell as soon as it is back in Java");
        assertBackToIdle();
        assertEquals(new EvalResult.Value(5), ev.eval("2 + 3"));
    }

    @Test
    void interruptWithNothingRunningIsHarmless() {
        assertTrue(ev.interrupt());
        assertEquals(new EvalResult.Value(4), ev.eval("2 + 2"));
    }

    @Test
    void kernelTasksRunOnTheExecutionThreadAndCanBeInterrupted() throws Exception {
        assertEquals(new EvalResult.Value(ev.executionThread()), ev.run(Thread::currentThread));

        Future<EvalResult> result = caller.submit(() -> ev.run(() -> {
            Thread.sleep(60_000);
            return null;
        }));
        Thread exec = ev.executionThread();
        for (int i = 0; i < 500 && exec.getState() != Thread.State.TIMED_WAITING; i++) {
            Thread.sleep(10);
        }
        assertTrue(ev.interrupt());
        assertInstanceOf(EvalResult.Interrupted.class, result.get(5, TimeUnit.SECONDS));

        EvalResult.Thrown thrown = assertInstanceOf(EvalResult.Thrown.class, ev.run(() -> {
            throw new IllegalArgumentException("bad magic");
        }));
        assertEquals("java.lang.IllegalArgumentException: bad magic", thrown.traceback().get(0));
        assertTrue(thrown.traceback().stream().noneMatch(l -> l.contains("UserCodeRunner")));
    }

    /** A magic: kernel code on the execution thread that evaluates and runs user code. */
    @Test
    void aKernelTaskIsWokenNotStoppedWhileTheUserCodeItRunsIsStopped() throws Exception {
        // the task itself only polls: no stop may cut its cleanup short
        AtomicBoolean cleanedUp = new AtomicBoolean();
        Future<EvalResult> polling = caller.submit(() -> ev.run(() -> {
            while (!Thread.currentThread().isInterrupted()) Thread.onSpinWait();
            long end = System.nanoTime() + 1_500_000_000L; // past the whole second a stop would be sent
            while (System.nanoTime() < end) Thread.onSpinWait();
            cleanedUp.set(true);
            return "cleaned up";
        }));
        Thread.sleep(300);
        ev.interrupt();
        assertEquals(new EvalResult.Value("cleaned up"), polling.get(10, TimeUnit.SECONDS));
        assertTrue(cleanedUp.get());

        // what it compiled and runs is stopped; the ThreadDeath unwinds the task as an exception
        Future<EvalResult> compiled = caller.submit(() -> ev.run(() -> {
            Runnable spin = ev.compile("while (true) {}");
            try {
                spin.run();
            } finally {
                cleanedUp.set(false);
            }
            return "not reached";
        }));
        Thread.sleep(500);
        ev.interrupt();
        assertInstanceOf(EvalResult.Interrupted.class, compiled.get(5, TimeUnit.SECONDS));
        assertFalse(cleanedUp.get());

        // what it evaluates too, and the session keeps what the task declared before
        Future<EvalResult> evaluated = caller.submit(() -> ev.run(() -> {
            assertEquals(new EvalResult.NoValue(), ev.eval("int declaredByATask = 6;"));
            return ev.eval("while (true) {}");
        }));
        Thread.sleep(500);
        ev.interrupt();
        EvalResult.Value value = assertInstanceOf(EvalResult.Value.class, evaluated.get(5, TimeUnit.SECONDS));
        assertInstanceOf(EvalResult.Interrupted.class, value.value());
        assertEquals(new EvalResult.Value(42), ev.eval("declaredByATask * 7"));
    }
}
