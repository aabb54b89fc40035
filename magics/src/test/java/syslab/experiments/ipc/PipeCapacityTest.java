package syslab.experiments.ipc;

import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PipeCapacityTest {
    /** Writes until EAGAIN fill exactly what F_GETPIPE_SZ reports, which is the request rounded up to pages. */
    @Test
    void capacityIsWhatFGetpipeSzSays() {
        Leaks leaks = new Leaks();
        Table t = PipeCapacity.run(new PipeCapacity.Params(List.of(4096, 100_000)));
        assertEquals(List.of("new pipe", "F_SETPIPE_SZ 4096", "F_SETPIPE_SZ 100000"), t.stringColumn("pipe").asList());
        for (int r = 0; r < t.rowCount(); r++) {
            assertEquals(t.intColumn("F_GETPIPE_SZ").get(r).longValue(), t.longColumn("bytes until EAGAIN").get(r));
        }
        assertEquals(4096, t.intColumn("F_GETPIPE_SZ").get(1));
        int rounded = t.intColumn("F_GETPIPE_SZ").get(2);
        assertTrue(rounded >= 100_000 && Integer.bitCount(rounded) == 1, "a power of two pages: " + rounded);
        leaks.check();
    }
}
