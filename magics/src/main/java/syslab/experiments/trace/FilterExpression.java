package syslab.experiments.trace;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks an strace {@code -e} expression before it is passed on: {@code [qualifier=][!]value},
 * with a qualifier strace knows. strace is started without a shell, so this is not about quoting;
 * it keeps out what would break the trace's own reading: an option in disguise, blanks, and the
 * {@code quiet=} qualifier, whose messages (attach, exit) this tracing relies on.
 */
public final class FilterExpression {
    private FilterExpression() { }

    // strace(1), "Filtering" and "Tampering" (strace 5.x/6.x), short forms included
    private static final Set<String> QUALIFIERS = Set.of(
            "trace", "t", "abbrev", "a", "verbose", "v", "raw", "x", "signal", "signals", "s", "status",
            "read", "reads", "r", "write", "writes", "w", "decode-fds", "decode-fd", "decode-pids",
            "kvm", "inject", "fault");
    private static final Set<String> RESERVED = Set.of("quiet", "silent", "silence", "q");
    private static final Pattern EXPRESSION = Pattern.compile("(?:([a-z-]+)=)?(\\S+)");

    /**
     * Returns the expression if strace may have it.
     *
     * @throws IllegalArgumentException saying what is wrong with it
     */
    public static String check(String expression) {
        Matcher m = EXPRESSION.matcher(expression);
        if (!m.matches() || expression.startsWith("-") || expression.startsWith("=")) {
            throw new IllegalArgumentException("-e '" + expression + "': expected [qualifier=]value without blanks,"
                    + " e.g. -e trace=read,write or -e trace=%file");
        }
        String qualifier = m.group(1);
        if (qualifier != null && RESERVED.contains(qualifier)) {
            throw new IllegalArgumentException("-e " + qualifier + "=...: the attach and exit messages it hides are"
                    + " what %strace reads to follow the processes");
        }
        if (qualifier != null && !QUALIFIERS.contains(qualifier)) {
            throw new IllegalArgumentException("-e '" + expression + "': unknown qualifier '" + qualifier
                    + "'; strace knows " + String.join(", ", new TreeSet<>(QUALIFIERS)));
        }
        return expression;
    }
}
