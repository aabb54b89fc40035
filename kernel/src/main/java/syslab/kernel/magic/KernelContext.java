package syslab.kernel.magic;

import syslab.magic.MagicContext;

import java.util.function.Consumer;

/** What the kernel's own magics use of the session, beyond what every magic gets. */
public interface KernelContext extends MagicContext {
    /** Adds a jar or class folder to the classpath of later cells. */
    void addToClasspath(String path);

    /** The magics the kernel knows, for %lsmagic. */
    MagicDispatcher magics();

    /**
     * Runs instructor code as {@link #run} does, after setting aside the unlocked declarations that
     * would shadow what it uses; {@code setAside} hears of each.
     */
    Object runLocked(String javaCode, Consumer<String> setAside);
}
