package syslab.magic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class ShellWordsTest {
    @Test
    void blanksSeparateWords() {
        assertEquals(List.of("-n", "10", "x"), ShellWords.split("  -n\t10 \n x "));
        assertEquals(List.of(), ShellWords.split("   "));
    }

    @Test
    void singleQuotesKeepEverything() {
        assertEquals(List.of("a \"b\" \\c $d"), ShellWords.split("'a \"b\" \\c $d'"));
    }

    @Test
    void doubleQuotesKeepAllButTheirEscapes() {
        assertEquals(List.of("say \"hi\" \\ $x \\n it's"), ShellWords.split("\"say \\\"hi\\\" \\\\ \\$x \\n it's\""));
    }

    @Test
    void unquotedBackslashTakesTheNextCharacter() {
        assertEquals(List.of("a b", "c'd"), ShellWords.split("a\\ b c\\'d"));
        assertEquals(List.of("ab"), ShellWords.split("a\\\nb"));
    }

    @Test
    void partsNextToEachOtherFormOneWordAndEmptyQuotesAWord() {
        assertEquals(List.of("ab cd", "", "x"), ShellWords.split("a'b c'\"d\" \"\" x"));
    }

    @Test
    void wordsKnowWhereTheyStart() {
        List<ShellWords.Word> words = ShellWords.words("-n 3  s.split(\" \")", false);
        assertEquals(List.of(0, 3, 6), words.stream().map(ShellWords.Word::start).toList());
        assertEquals("s.split( )", words.get(2).text());
    }

    @Test
    void unterminatedQuotesAreErrorsUnlessLenient() {
        assertThrows(IllegalArgumentException.class, () -> ShellWords.split("echo 'oops"));
        assertThrows(IllegalArgumentException.class, () -> ShellWords.split("echo \"oops"));
        assertThrows(IllegalArgumentException.class, () -> ShellWords.split("echo oops\\"));
        List<ShellWords.Word> lenient = ShellWords.words("-r 2 c = '\\''", true);
        assertEquals(List.of("-r", "2", "c", "=", "\\"), lenient.stream().map(ShellWords.Word::text).toList());
        assertEquals(9, lenient.get(4).start());
    }
}
