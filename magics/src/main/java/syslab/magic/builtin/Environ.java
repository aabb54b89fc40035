package syslab.magic.builtin;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import java.util.Map;
import java.util.TreeMap;
import syslab.posix.ErrnoException;

/**
 * The C library's environment: environ(7), setenv(3), unsetenv(3). Child processes and native
 * code see this one. Java's System.getenv() is a copy taken at JVM start that never changes, and
 * a ProcessBuilder whose environment() was called starts from that copy, not from this.
 * glibc's setenv is not thread-safe against getenv in other threads; the JVM's own threads do not
 * read the environment after start-up, so a cell setting it is safe in practice.
 */
final class Environ {
    // Bound here, not in syslab.posix, which has no environment calls yet.
    private static final NativeLibrary LIBC =
            NativeLibrary.getInstance(Platform.C_LIBRARY_NAME, Map.of(Library.OPTION_STRING_ENCODING, "UTF-8"));

    static {
        Native.register(Environ.class, LIBC);
    }

    private Environ() { }

    private static native int setenv(String name, String value, int overwrite);

    private static native int unsetenv(String name);

    private static native String getenv(String name);

    /** Every variable, sorted by name, read from environ now. */
    static Map<String, String> all() {
        Map<String, String> variables = new TreeMap<>();
        Pointer environ = LIBC.getGlobalVariableAddress("environ").getPointer(0);
        for (String entry : environ.getStringArray(0, "UTF-8")) {
            int eq = entry.indexOf('=');
            if (eq > 0) {
                variables.put(entry.substring(0, eq), entry.substring(eq + 1));
            }
        }
        return variables;
    }

    /** The variable's value, or null when it is not set. */
    static String get(String name) {
        return getenv(name);
    }

    static void set(String name, String value) {
        if (setenv(name, value, 1) < 0) {
            throw ErrnoException.last("setenv(\"" + name + "\")");
        }
    }

    static void unset(String name) {
        if (unsetenv(name) < 0) {
            throw ErrnoException.last("unsetenv(\"" + name + "\")");
        }
    }
}
