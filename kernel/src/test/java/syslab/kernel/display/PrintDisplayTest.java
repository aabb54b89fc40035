package syslab.kernel.display;

import org.junit.jupiter.api.Test;
import syslab.display.Html;
import syslab.display.Markdown;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class PrintDisplayTest {
    @Test
    void printsTheTextFormOfEachShowAndUpdate() {
        List<String> printed = new ArrayList<>();
        PrintDisplay d = new PrintDisplay(printed::add);

        String a = d.show(new Html("<b>one</b>"));
        String b = d.show(null);
        d.update(a, new Markdown("# two"));
        d.show(new long[] {1, 2});
        d.clear(false);

        assertNotEquals(a, b, "each show gets its own id");
        assertEquals(List.of("one", "null", "# two", "[1, 2]"), printed);
    }
}
