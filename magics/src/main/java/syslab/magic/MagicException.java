package syslab.magic;

/**
 * A user-facing failure of a magic (bad option, non-zero exit with {@code --raise-error},
 * interrupted): the kernel shows its message as the cell's error, without a stack trace.
 */
public class MagicException extends RuntimeException {
    public MagicException(String message) {
        super(message);
    }

    public MagicException(String message, Throwable cause) {
        super(message, cause);
    }
}
