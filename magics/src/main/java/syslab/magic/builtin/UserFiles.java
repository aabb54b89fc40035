package syslab.magic.builtin;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import syslab.magic.MagicException;

/** File names as users type them in magics, and failures reported the way a shell reports them. */
final class UserFiles {
    private UserFiles() { }

    /** {@code name} with a leading {@code ~/} made the home directory; relative to the working directory. */
    static Path path(String name) {
        return Path.of(name.equals("~") || name.startsWith("~/") ? System.getProperty("user.home") + name.substring(1) : name);
    }

    /**
     * A MagicException reading like {@code writefile: /x/y: No such file or directory}: java.nio's
     * own messages are often just the path.
     */
    static MagicException error(String magic, String name, IOException e) {
        String reason;
        if (e instanceof NoSuchFileException) {
            reason = "No such file or directory";
        } else if (e instanceof AccessDeniedException) {
            reason = "Permission denied";
        } else if (e instanceof FileSystemException f && f.getReason() != null) {
            reason = f.getReason();
        } else {
            reason = e.getMessage();
        }
        return new MagicException(magic + ": " + name + ": " + reason, e);
    }
}
