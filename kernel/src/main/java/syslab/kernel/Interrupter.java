package syslab.kernel;

import syslab.posix.C;
import syslab.posix.Signals;

/**
 * Gets a running cell unstuck when the user interrupts it. Thread.stop (done by the evaluator) and
 * Thread.interrupt act only when the thread runs Java; a thread blocked in a native call (read,
 * sleep, waitpid through JNA) is woken with a signal so that the call returns EINTR. Wakeups repeat
 * for up to a second, until the cell has left.
 */
public final class Interrupter {
    private static final long PERSIST_MILLIS = 3000;
    private static volatile int evaluatorTid;

    private volatile Thread cellThread;
    private volatile int cellTid;

    public Interrupter() {
        Signals.installWakeupHandler();
    }

    /** Runs on the evaluator's execution thread once, so that its native id is known. */
    public static void registerEvaluatorThread() {
        evaluatorTid = C.gettid();
    }

    /** Wakes the evaluator's thread from a native call; the evaluator repeats this while it stops a cell. */
    public static void wakeEvaluator(Thread ignored) {
        if (evaluatorTid != 0) Signals.wakeup(evaluatorTid);
    }

    void enter(Thread thread) {
        cellTid = C.gettid();
        cellThread = thread;
    }

    /**
     * The cell is over: no wakeup may reach this thread from now on, and an interrupt flag left
     * set would make its next ZMQ send fail (NIO gives up on an interrupted thread).
     */
    void leave() {
        synchronized (this) {
            cellThread = null;
        }
        Thread.interrupted();
    }

    /**
     * Stops the cell, if one is running: repeats stopEvaluator (the evaluator's own escalation) and
     * the wakeups until the cell has left, for a while, since an interrupt may come before the
     * cell's code has started on the evaluator's thread.
     */
    void interrupt(Runnable stopEvaluator) {
        Thread thread = cellThread;
        if (thread == null) return;
        Thread waker = new Thread(() -> {
            long deadline = System.currentTimeMillis() + PERSIST_MILLIS;
            while (System.currentTimeMillis() < deadline) {
                synchronized (this) {
                    if (cellThread != thread) return;
                    thread.interrupt();
                    Signals.wakeup(cellTid);
                }
                stopEvaluator.run();
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
