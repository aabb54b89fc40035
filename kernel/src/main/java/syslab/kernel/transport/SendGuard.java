package syslab.kernel.transport;

/**
 * jeromq sockets do not survive an interrupted sender: a Thread.interrupt() that lands while a thread
 * is inside a send fails it half-way (ZMQ EINTR), which leaves a partial multipart message that
 * garbles the next one, and may close the socket's NIO pipe for good. So the kernel interrupts the
 * threads that send (the cell's request thread, the evaluator's) through {@link #interrupt}, which
 * never lands during a {@link Channel#send}, and a send starts with the interrupt flag cleared.
 */
public final class SendGuard {
    private SendGuard() { }

    private static final Object LOCK = new Object();

    public static void interrupt(Thread thread) {
        synchronized (LOCK) {
            thread.interrupt();
        }
    }

    static void send(Runnable send) {
        synchronized (LOCK) {
            boolean interrupted = Thread.interrupted();
            try {
                send.run();
            } finally {
                if (interrupted) Thread.currentThread().interrupt();
            }
        }
    }
}
