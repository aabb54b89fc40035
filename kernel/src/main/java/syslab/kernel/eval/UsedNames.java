package syslab.kernel.eval;

import java.util.LinkedHashSet;
import java.util.Set;

import javax.lang.model.SourceVersion;

/**
 * The simple names a piece of Java source refers to by scope: identifiers outside comments and
 * literals, and not selected from something else ({@code a.b}, {@code a::b}). A superset is fine:
 * it decides which declarations may not shadow what locked code uses.
 */
final class UsedNames {
    private UsedNames() { }

    static Set<String> of(String source) {
        Set<String> names = new LinkedHashSet<>();
        int i = 0;
        int n = source.length();
        char previous = ' '; // the last character of code before this one, blanks skipped
        while (i < n) {
            char c = source.charAt(i);
            if (source.startsWith("//", i)) {
                i = end(source.indexOf('\n', i), n);
            } else if (source.startsWith("/*", i)) {
                int close = source.indexOf("*/", i + 2);
                i = close < 0 ? n : close + 2;
            } else if (source.startsWith("\"\"\"", i)) {
                int close = source.indexOf("\"\"\"", i + 3);
                while (close > 0 && source.charAt(close - 1) == '\\') close = source.indexOf("\"\"\"", close + 1);
                i = close < 0 ? n : close + 3;
                previous = '"';
            } else if (source.startsWith("::", i)) {
                previous = '.'; // a method reference selects a member, as a dot does
                i += 2;
            } else if (c == '"' || c == '\'') {
                i = literalEnd(source, i, c);
                previous = c;
            } else if (Character.isJavaIdentifierStart(c)) {
                int start = i;
                while (i < n && Character.isJavaIdentifierPart(source.charAt(i))) i++;
                String word = source.substring(start, i);
                if (previous != '.' && !SourceVersion.isKeyword(word)) names.add(word);
                previous = 'a';
            } else {
                if (!Character.isWhitespace(c)) previous = c;
                i++;
            }
        }
        return names;
    }

    private static int literalEnd(String source, int open, char quote) {
        int i = open + 1;
        while (i < source.length() && source.charAt(i) != quote && source.charAt(i) != '\n') {
            i += source.charAt(i) == '\\' ? 2 : 1;
        }
        return Math.min(i + 1, source.length());
    }

    private static int end(int index, int n) {
        return index < 0 ? n : index;
    }
}
