package syslab.kernel.eval;

import syslab.kernel.log.Timing;
import syslab.posix.Jni;
import syslab.posix.JvmProcess;
import syslab.posix.LibC;

import java.lang.reflect.InvocationTargetException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The one long-lived thread that runs user code, and the escalation that stops it.
 *
 * <p>One thread, so the kernel can find it (to send it a signal that breaks a blocking syscall).
 * Stopping goes: {@link Thread#interrupt()} (lets sleeps and waits end cleanly), then
 * a stop repeated (the only way out of {@code while (true) {}}): JVMTI's StopThread through
 * {@link Jni#stopThread}, what Thread.stop did until JDK 20 made it throw, so every JDK from 17 to 25
 * stops a cell the same way; each time followed by the kernel's native wakeup so a thread parked in
 * a syscall returns to Java where the pending stop is thrown.
 *
 * <p>Kernel code may run here too (a magic, {@link #runKernel}): a stop never lands in it, since it
 * may hold the compiler's state, children to reap or fds to close. It is woken (interrupt, native
 * wakeup) and is expected to poll; only the user code it runs ({@link #runStoppable}, snippets it
 * evaluates) is stopped.
 */
final class UserCodeRunner implements AutoCloseable {

    /** How a piece of user code ended. */
    sealed interface Ending {
        record Returned(Object value) implements Ending {}

        record Threw(Throwable exception) implements Ending {}

        record Stopped() implements Ending {}
    }

    private static final long GENTLE_MILLIS = 100;
    private static final long STOP_PERIOD_MILLIS = 20;
    private static final long BUDGET_MILLIS = 1000;

    private final Thread thread;
    private final BlockingQueue<Job> jobs = new LinkedBlockingQueue<>();
    // Guards `running`: a stop is only ever sent while the thread is inside a job's user code.
    private final Object lock = new Object();
    private Job running;
    // Guarded by `lock` for writes (the execution thread's own reads need none): whether the thread
    // runs user code now, where a stop may land.
    private boolean stoppable;
    private volatile Consumer<Thread> nativeWakeup = t -> { };
    private volatile boolean closed;
    // Set by interrupt(), cleared when a new cell starts: lets the caller skip code not started yet.
    private volatile boolean cancelled;

    UserCodeRunner(String threadName) {
        thread = new Thread(this::loop, threadName);
        thread.setDaemon(true);
        thread.start();
    }

    Thread thread() {
        return thread;
    }

    void setNativeWakeup(Consumer<Thread> wakeup) {
        nativeWakeup = wakeup == null ? t -> { } : wakeup;
    }

    /**
     * Runs {@code body} on the execution thread, with {@code contextLoader} (if not null) as its
     * context class loader, and waits for it. Called on the execution thread itself it runs inline:
     * inside kernel code (a snippet a magic evaluates) as {@link #runStoppable} runs code, inside
     * user code (a cell calling back into the kernel) so that a stop meant for the outer cell keeps
     * unwinding it.
     */
    Ending run(Callable<?> body, ClassLoader contextLoader) {
        if (Thread.currentThread() == thread) {
            if (!stoppable) return callStoppable(body); // a snippet evaluated by a magic
            Ending outcome = call(body);
            if (outcome instanceof Ending.Stopped) {
                throw new ThreadDeath();
            }
            return outcome;
        }
        return submit(new Job(body, contextLoader, true));
    }

    /**
     * Runs kernel code (a magic) on the execution thread and waits for it. An interrupt wakes it
     * but never stops it: it must poll and unwind by itself; what it runs through
     * {@link #runStoppable} or evaluates is stopped as a cell is.
     */
    Ending runKernel(Callable<?> body) {
        if (Thread.currentThread() == thread) return call(body);
        return submit(new Job(body, null, false));
    }

    /**
     * Runs user code given to kernel code on the execution thread so that an interrupt stops it:
     * a stop ends it with ThreadDeath, which then unwinds the kernel code as an ordinary exception
     * (no further stop can reach it). On another thread, or inside user code already, it just
     * runs it. Throws what the code throws.
     */
    void runStoppable(Runnable body) {
        if (Thread.currentThread() != thread || stoppable) {
            body.run();
            return;
        }
        try {
            setStoppable(true);
            body.run();
        } finally {
            settleStops();
        }
    }

    private Ending callStoppable(Callable<?> body) {
        Ending outcome = new Ending.Stopped();
        try {
            setStoppable(true);
            outcome = call(body);
            if (JvmProcess.isForkedChild()) endForkedChild(outcome); // as at the end of a cell
        } catch (ThreadDeath e) {
            // the stop came before the code started
        } finally {
            settleStops();
        }
        return outcome;
    }

    private void setStoppable(boolean value) {
        synchronized (lock) {
            stoppable = value;
        }
    }

    /**
     * Back to kernel code: no stop can be sent from now on, and one sent just before, still
     * pending, is thrown here (as in {@link #finish}) rather than later inside kernel code.
     * An interrupt flag is kept for the kernel code to see.
     */
    private void settleStops() {
        boolean interrupted = false;
        while (true) {
            try {
                setStoppable(false);
                interrupted |= Thread.interrupted();
                Thread.sleep(0);
                break;
            } catch (ThreadDeath late) {
                // the stop raced with the end of the user code
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) thread.interrupt();
    }

    private Ending submit(Job job) {
        if (closed) {
            throw new IllegalStateException("evaluator is closed");
        }
        jobs.add(job);
        return job.result.join();
    }

    /** Starts a new cell: forgets an interrupt that came before it. */
    void clearCancel() {
        cancelled = false;
    }

    /** Whether {@link #interrupt()} was called since {@link #clearCancel()}. */
    boolean isCancelled() {
        return cancelled;
    }

    /**
     * Stops the code running now, if any, and marks the cell cancelled until {@link #clearCancel()}.
     * Returns true once the thread has left the code, false if it is still inside after about a
     * second (stuck in a syscall the wakeup could not break).
     */
    @SuppressWarnings({"deprecation", "removal"})
    boolean interrupt() {
        cancelled = true;
        Job target;
        synchronized (lock) {
            target = running;
            if (target == null) {
                return true;
            }
            thread.interrupt();
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(BUDGET_MILLIS);
        nativeWakeup.accept(thread);
        if (target.awaitDone(GENTLE_MILLIS)) {
            return true;
        }
        do {
            synchronized (lock) {
                if (running != target) {
                    return true;
                }
                if (stoppable) {
                    Jni.stopThread(thread, new ThreadDeath());
                }
            }
            nativeWakeup.accept(thread);
        } while (!target.awaitDone(STOP_PERIOD_MILLIS) && System.nanoTime() < deadline);
        return target.result.isDone();
    }

    @Override
    public void close() {
        interrupt();
        closed = true;
        thread.interrupt();
    }

    private void loop() {
        while (!closed) {
            Job job = null;
            Ending outcome;
            try {
                job = jobs.take();
                outcome = execute(job);
            } catch (InterruptedException e) {
                continue; // close(), or an interrupt that arrived after its job ended
            } catch (ThreadDeath e) {
                outcome = new Ending.Stopped(); // the stop landed outside the user call itself
            }
            if (job != null) {
                finish(job, outcome);
            }
        }
    }

    private Ending execute(Job job) {
        if (job.contextLoader != null) {
            thread.setContextClassLoader(job.contextLoader); // what cells load, ServiceLoader finds
        }
        synchronized (lock) {
            running = job;
            stoppable = job.stoppable;
        }
        // interrupt() sets cancelled before it looks for a running job: either it saw this job, or
        // the flag is visible here, and the job must not start.
        if (cancelled) return new Ending.Stopped();
        Timing.mark("user");
        Ending outcome = call(job.body);
        Timing.mark("user.done");
        if (JvmProcess.isForkedChild()) endForkedChild(outcome);
        return outcome;
    }

    /**
     * A cell called fork() and this is the child, at the end of the cell: it must not return into
     * the kernel (whose other threads do not exist here). End it as a C program ends: flush stdio,
     * exit; an exception's trace goes to the child's stderr first.
     */
    private static void endForkedChild(Ending outcome) {
        int status = 0;
        if (outcome instanceof Ending.Threw threw) {
            threw.exception().printStackTrace(System.err);
            status = 1;
        }
        System.out.flush();
        LibC.fflush(null);
        LibC._exit(status);
    }

    private static Ending call(Callable<?> body) {
        try {
            return new Ending.Returned(body.call());
        } catch (InvocationTargetException e) {
            return e.getCause() instanceof ThreadDeath
                    ? new Ending.Stopped()
                    : new Ending.Threw(e.getCause());
        } catch (ThreadDeath e) {
            return new Ending.Stopped();
        } catch (Throwable e) {
            return new Ending.Threw(e);
        }
    }

    /**
     * Marks the thread as out of user code, then makes sure no stop sent just before is still
     * pending: a native call returns into Java with the pending ThreadDeath thrown here, where it is
     * harmless, instead of later inside the next job.
     */
    private void finish(Job job, Ending outcome) {
        while (true) {
            try {
                synchronized (lock) {
                    running = null;
                    stoppable = false;
                }
                Thread.interrupted(); // drop an interrupt the user code did not consume
                Thread.sleep(0);
                break;
            } catch (ThreadDeath | InterruptedException late) {
                // the stop raced with the end of the user code; the outcome stands
            }
        }
        job.result.complete(outcome);
    }

    private static final class Job {
        final Callable<?> body;
        final ClassLoader contextLoader;
        final boolean stoppable;
        final CompletableFuture<Ending> result = new CompletableFuture<>();

        Job(Callable<?> body, ClassLoader contextLoader, boolean stoppable) {
            this.body = body;
            this.contextLoader = contextLoader;
            this.stoppable = stoppable;
        }

        boolean awaitDone(long millis) {
            try {
                result.get(millis, TimeUnit.MILLISECONDS);
                return true;
            } catch (TimeoutException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return result.isDone();
            } catch (ExecutionException e) {
                throw new IllegalStateException(e); // never: results complete normally
            }
        }
    }
}
