package syslab.magic;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a magic's argument line into words the way a POSIX shell does, minus expansions:
 * blanks separate words; 'single quotes' keep everything literally; "double quotes" keep
 * everything but the backslash escapes \" \\ \$ \` and backslash-newline; an unquoted backslash
 * takes the next character literally. Quoted and unquoted parts next to each other form one word,
 * and "" is an empty word. No $VAR, globbing or ~ expansion: a magic sees what was typed.
 */
public final class ShellWords {
    /** A word and the offset in the line where it starts (its first character, quote included). */
    public record Word(String text, int start) { }

    private ShellWords() { }

    /** The words of {@code line}; an unterminated quote or trailing backslash is an error. */
    public static List<String> split(String line) {
        return words(line, false).stream().map(Word::text).toList();
    }

    /**
     * The words of {@code line} with their offsets. When {@code lenient}, an unterminated quote
     * runs to the end of the line and a trailing backslash is kept: the tail may be Java code
     * ({@code '\''}) whose exact text the caller takes from the line by offset anyway.
     */
    public static List<Word> words(String line, boolean lenient) {
        List<Word> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        int start = -1;  // start of the current word, -1 between words
        int i = 0;
        int n = line.length();
        while (i < n) {
            char c = line.charAt(i);
            if (start < 0) {
                if (Character.isWhitespace(c)) {
                    i++;
                    continue;
                }
                start = i;
            }
            if (Character.isWhitespace(c)) {
                words.add(new Word(word.toString(), start));
                word.setLength(0);
                start = -1;
                i++;
            } else if (c == '\'') {
                int close = line.indexOf('\'', i + 1);
                if (close < 0) {
                    unterminated(lenient, "'", start);
                    close = n;
                }
                word.append(line, i + 1, close);
                i = close + 1;
            } else if (c == '"') {
                i = doubleQuoted(line, i + 1, word, lenient, start);
            } else if (c == '\\') {
                if (i + 1 == n) {
                    if (!lenient) {
                        throw new IllegalArgumentException("trailing backslash at offset " + i);
                    }
                    word.append(c);
                    i++;
                } else {
                    if (line.charAt(i + 1) != '\n') {  // backslash-newline joins lines
                        word.append(line.charAt(i + 1));
                    }
                    i += 2;
                }
            } else {
                word.append(c);
                i++;
            }
        }
        if (start >= 0) {
            words.add(new Word(word.toString(), start));
        }
        return words;
    }

    /** Appends the double-quoted text opening before {@code i}; returns the offset after it. */
    private static int doubleQuoted(String line, int i, StringBuilder word, boolean lenient, int start) {
        int n = line.length();
        while (i < n) {
            char c = line.charAt(i);
            if (c == '"') {
                return i + 1;
            }
            if (c == '\\' && i + 1 < n && "\"\\$`\n".indexOf(line.charAt(i + 1)) >= 0) {
                if (line.charAt(i + 1) != '\n') {
                    word.append(line.charAt(i + 1));
                }
                i += 2;
            } else {
                word.append(c);
                i++;
            }
        }
        unterminated(lenient, "\"", start);
        return n;
    }

    private static void unterminated(boolean lenient, String quote, int start) {
        if (!lenient) {
            throw new IllegalArgumentException("unterminated " + quote + " in the word at offset " + start);
        }
    }
}
