package syslab.kernel.eval;

import syslab.fork.StuckJvm;
import syslab.posix.JvmProcess;
import syslab.posix.LibC;

import static syslab.posix.Constants.SIGKILL;

/**
 * While a cell that calls fork() runs in the kernel's JVM, looks every {@value #PERIOD_MILLIS} ms
 * for a child stuck for good inside its copy of the JVM ({@link StuckJvm}), kills it so that the
 * parent's waitpid returns, and says why on the cell's stderr. Without it the cell would wait for
 * an interrupt with no word of what went wrong.
 */
public final class StuckChildWatch implements AutoCloseable {
    private static final long PERIOD_MILLIS = 250;
    private final Thread thread = new Thread(StuckChildWatch::watch, "syslab-stuck-child-watch");

    private StuckChildWatch() {
        thread.setDaemon(true);
        thread.start();
    }

    public static StuckChildWatch start() {
        return new StuckChildWatch();
    }

    private static void watch() {
        try {
            while (true) {
                Thread.sleep(PERIOD_MILLIS);  // asleep, as fork() wants the other threads to be
                for (int pid : StuckJvm.childrenOf(JvmProcess.PID)) {
                    LibC.kill(pid, SIGKILL);  // a killed child is a zombie, never found again
                    System.err.println("syslab: child process " + pid + " was stuck inside the JVM; killed it (SIGKILL): "
                            + StuckJvm.HELP);
                }
            }
        } catch (InterruptedException closed) {
            // the cell ended
        }
    }

    @Override
    public void close() {
        thread.interrupt();
        try {
            thread.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
