package syslab.experiments.locks;

/** errno values the pthread lock functions return that syslab.posix.Constants does not name. */
public final class Errors {
    private Errors() { }

    /** Same value on x86-64 and aarch64. */
    public static final int EDEADLK = 35, EBUSY = 16;
}
