package syslab.kernel.session;

import syslab.posix.C;
import syslab.posix.Signals;

/**
 * Gets a running cell unstuck when the user interrupts it. Thread.stop (done by the evaluator) and
 * Thread.interrupt act only when the thread runs Java; a thread blocked in a native call (read,
 * sleep, waitpid through JNA) is woken with a signal so that the call returns EINTR. Wakeups repeat
 * for up to {@value #PERSIST_MILLIS} ms, until that cell has left, and never reach the next one:
 * every cell runs on the same request thread, so a cell is told apart by a token of its own.
 */
public final class Interrupter {
    private static final long PERSIST_MILLIS = 3000;
    private static volatile int evaluatorTid;

    // guarded by this: the running cell (a token new for each) and its thread; null between cells
    private Object cell;
    private Thread cellThread;
    private volatile int cellTid;

    public Interrupter() {
        Signals.installWakeupHandler();
    }

    /**
     * Runs on the evaluator's execution thread once, so that its native id is known; returns it, so
     * that the call is an expression with a value, which the kernel's warm-up evaluates.
     */
    public static int registerEvaluatorThread() {
        evaluatorTid = C.gettid();
        return evaluatorTid;
    }

    /** Wakes the evaluator's thread from a native call; the evaluator repeats this while it stops a cell. */
    public static void wakeEvaluator(Thread ignored) {
        if (evaluatorTid != 0) Signals.wakeup(evaluatorTid);
    }

    void enter(Thread thread) {
        cellTid = C.gettid();
        synchronized (this) {
            cell = new Object();
            cellThread = thread;
        }
    }

    /**
     * The cell is over: no wakeup and no stop may reach this thread from now on (the next cell's
     * code included), and an interrupt flag left set would end the next cell's first wait at once.
     * Waits for a stop in progress to finish.
     */
    void leave() {
        synchronized (this) {
            cell = null;
            cellThread = null;
        }
        Thread.interrupted();
    }

    /**
     * Stops the cell, if one is running: repeats stopEvaluator (the evaluator's own escalation) and
     * the wakeups until the cell has left, for a while, since an interrupt may come before the
     * cell's code has started on the evaluator's thread. Each round runs under the lock that
     * {@link #leave} takes, so that none can begin after the cell has ended.
     */
    void interrupt(Runnable stopEvaluator) {
        Object target;
        Thread thread;
        synchronized (this) {
            target = cell;
            thread = cellThread;
        }
        if (target == null) return;
        Thread waker = new Thread(() -> {
            long deadline = System.currentTimeMillis() + PERSIST_MILLIS;
            while (System.currentTimeMillis() < deadline) {
                synchronized (this) {
                    if (cell != target) return;
                    thread.interrupt();
                    Signals.wakeup(cellTid);
                    stopEvaluator.run();
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "syslab-interrupter");
        waker.setDaemon(true);
        waker.start();
    }
}
