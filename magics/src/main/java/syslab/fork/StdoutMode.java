package syslab.fork;

/** Where a forked cell's fds 1 and 2 go, as when a shell runs {@code ./a.out} three ways. */
public enum StdoutMode {
    /** A fresh pseudo-terminal: C stdio line-buffers stdout. */
    TTY("./a.out"),
    /** A pipe the kernel reads: stdout fully buffered. */
    PIPE("./a.out | cat"),
    /** A regular file, read after the run: stdout fully buffered. */
    FILE("./a.out > file");

    private final String shell;

    StdoutMode(String shell) { this.shell = shell; }

    /** The shell command line this mode imitates. */
    public String shell() { return shell; }

    /** "tty", "pipe", "file". */
    public String label() { return name().toLowerCase(); }
}
