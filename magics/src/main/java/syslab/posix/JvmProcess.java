package syslab.posix;

/**
 * Which process this code runs in: the JVM itself, or a child forked from it (where only the forking
 * thread exists, and which must end with _exit rather than return into the JVM's code).
 */
public final class JvmProcess {
    private JvmProcess() { }

    /** The JVM's pid, taken when this class is loaded (always in the JVM: {@link C} loads it). */
    public static final int PID = LibC.getpid();

    public static boolean isForkedChild() { return LibC.getpid() != PID; }
}
