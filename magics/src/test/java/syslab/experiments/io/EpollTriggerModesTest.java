package syslab.experiments.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import syslab.experiments.io.EpollTriggerModes.Mode;
import syslab.experiments.io.EpollTriggerModes.Params;
import tech.tablesaw.api.Row;
import tech.tablesaw.api.Table;

class EpollTriggerModesTest {
    private static Row row(Table t, Mode m) {
        Table one = t.where(t.stringColumn("mode").isEqualTo(m.label()));
        assertEquals(1, one.rowCount());
        return one.row(0);
    }

    @Test
    void partialReadsCostLtWakeupsAndLeaveEtBytesUnlessDrained() {
        Leftovers before = Leftovers.now();
        Table t = EpollTriggerModes.run(new Params(6, 900, 100, List.of(Mode.values())));
        assertEquals(before, Leftovers.now());

        Row lt = row(t, Mode.LT);
        assertEquals(6 * 9, lt.getInt("wakeups"), "LT reports the fd until it is empty: one wakeup per read");
        assertEquals(0, lt.getInt("bytes left unread"));

        Row et = row(t, Mode.ET);
        assertEquals(6, et.getInt("wakeups"), "ET reports each arrival once");
        assertEquals(6 * 100, et.getInt("bytes read"));
        assertEquals(6 * 800, et.getInt("bytes left unread"));

        Row drain = row(t, Mode.ET_DRAIN);
        assertEquals(6, drain.getInt("wakeups"));
        assertEquals(6, drain.getInt("reads with EAGAIN"), "draining ends each wakeup with one EAGAIN");
        assertEquals(6 * 10, drain.getInt("reads"));
        assertEquals(0, drain.getInt("bytes left unread"));
        for (int r = 0; r < t.rowCount(); r++) assertEquals(5400, t.intColumn("bytes written").getInt(r));
    }

    @Test
    void aReaderThatTakesWholeChunksLosesNothingInAnyMode() {
        Table t = EpollTriggerModes.run(new Params(4, 500, 500, List.of(Mode.values())));
        for (Mode m : Mode.values()) {
            Row r = row(t, m);
            assertEquals(4, r.getInt("wakeups"), m.label());
            assertEquals(0, r.getInt("bytes left unread"), m.label());
        }
    }
}
