package syslab.kernel.magic;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CellParserTest {
    /** Treats code as complete when its braces balance and it ends with ; or }. */
    private static boolean complete(String code) {
        String s = code.strip();
        long open = s.chars().filter(c -> c == '{').count();
        long close = s.chars().filter(c -> c == '}').count();
        return open == close && (s.endsWith(";") || s.endsWith("}"));
    }

    @Test
    void cellMagicOwnsTheWholeCell() {
        List<CellParser.Part> parts = CellParser.parse("%%fork --stdout=all\nprintf(\"hi\\n\");\n%time x", CellParserTest::complete);
        assertEquals(List.of(new CellParser.CellMagic("fork", "--stdout=all", "printf(\"hi\\n\");\n%time x")), parts);
    }

    @Test
    void lineMagicsStandAmongJavaLines() {
        String cell = "int x = 1;\n%env A=1\nx + 1";
        assertEquals(List.of(new CellParser.Java("int x = 1;", 0), new CellParser.LineMagic("env", "A=1"),
                new CellParser.Java("x + 1", 20)), CellParser.parse(cell, CellParserTest::complete));
    }

    @Test
    void moduloOnAContinuationLineStaysJava() {
        String cell = "int y = 7\n  %b;";
        assertEquals(List.of(new CellParser.Java(cell, 0)), CellParser.parse(cell, CellParserTest::complete));
    }

    @Test
    void javaOffsetsPointIntoTheCell() {
        String cell = "%lsmagic\nString s = \"a\";";
        CellParser.Java java = (CellParser.Java) CellParser.parse(cell, CellParserTest::complete).get(1);
        assertEquals(cell.substring(java.offset()), java.code());
    }
}
