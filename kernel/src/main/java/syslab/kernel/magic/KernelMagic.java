package syslab.kernel.magic;

import syslab.magic.Magic;

/**
 * A magic of the kernel's own (%lsmagic, %classpath...): besides what every magic gets, it uses
 * the session through {@link #kernel}, which {@link MagicDispatcher} sets before the magic runs.
 */
public abstract class KernelMagic extends Magic {
    /** The session; never null while {@link #call()} runs. */
    protected KernelContext kernel;

    final void attach(KernelContext kernel) {
        this.kernel = kernel;
    }
}
