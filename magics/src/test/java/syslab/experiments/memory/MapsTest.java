package syslab.experiments.memory;

import com.sun.jna.Memory;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import syslab.magic.MagicException;
import syslab.magic.maps.MapsMagic;
import syslab.magic.MagicRunner;
import syslab.magic.TestMagicContext;
import syslab.posix.C;
import tech.tablesaw.api.Table;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MapsTest {
    static final List<String> SAMPLE = List.of(
        "55d0c3a2e000-55d0c3a30000 r--p 00000000 fe:00 1234                       /usr/bin/my prog",
        "55d0c3a30000-55d0c3a31000 r-xp 00002000 fe:00 1234                       /usr/bin/my prog",
        "55d0c4000000-55d0c4021000 rw-p 00000000 00:00 0                          [heap]",
        "7f0000000000-7f0000001000 ---p 00000000 00:00 0 ",
        "7f0000001000-7f0000100000 rw-p 00000000 00:00 0 ",
        "7f1000000000-7f1000002000 r--p 00000000 fe:00 99                         /usr/lib/libc.so.6",
        "7f1000002000-7f1000009000 r-xp 00002000 fe:00 99                         /usr/lib/libc.so.6",
        "7f2000000000-7f2000001000 r--p 00000000 fe:00 77                         /tmp/data.bin (deleted)",
        "7ffd00000000-7ffd00021000 rw-p 00000000 00:00 0                          [stack]",
        "ffffffffff600000-ffffffffff601000 --xp 00000000 00:00 0                  [vsyscall]");

    @Test
    void parsesEveryKindOfLine() {
        List<Maps.Mapping> maps = Maps.parse(SAMPLE);
        assertEquals(10, maps.size());
        Maps.Mapping text = maps.get(1);
        assertEquals(0x55d0c3a30000L, text.start());
        assertEquals(0x1000, text.size());
        assertEquals("r-xp", text.perms());
        assertEquals(0x2000, text.offset());
        assertEquals(1234, text.inode());
        assertEquals("/usr/bin/my prog", text.path(), "spaces in a path survive");
        assertEquals("", maps.get(3).path());
        assertEquals("/tmp/data.bin (deleted)", maps.get(7).path());
        Maps.Mapping vsyscall = maps.get(9);
        assertEquals(0xffffffffff600000L, vsyscall.start(), "above 2^63: a negative long");
        assertEquals(4096, vsyscall.size());
        assertTrue(vsyscall.contains(0xffffffffff600800L));
        assertThrows(IllegalArgumentException.class, () -> Maps.parse(List.of("nonsense")));
    }

    @Test
    void regionsNameWhatEachMappingIsFor() {
        assertEquals(List.of("program", "program", "[heap]", "reserved", "anonymous", "library", "library", "file",
            "[stack]", "[vsyscall]"), Maps.regions(Maps.parse(SAMPLE), "/usr/bin/my prog"));
    }

    @Test
    void tableHasOneRowPerMapping() {
        Table t = Maps.table("sample", Maps.parse(SAMPLE), "/usr/bin/my prog");
        assertEquals(List.of("region", "range", "size (KiB)", "perms", "file"), t.columnNames());
        assertEquals(10, t.rowCount());
        assertEquals("55d0c4000000-55d0c4021000", t.stringColumn("range").get(2));
        assertEquals(132, t.longColumn("size (KiB)").get(2));
    }

    @Test
    void chartLeavesOutVsyscallAndMarksTheEndOfUserSpace() {
        XYChart chart = Maps.layoutChart("sample", Maps.parse(SAMPLE), "/usr/bin/my prog");
        assertEquals(List.of("program", "[heap]", "reserved", "anonymous", "library", "file", "[stack]",
            "end of user space (2^47)"), List.copyOf(chart.getSeriesMap().keySet()));
    }

    @Test
    void ownMapsHoldLibcCodeAndNativeMemory() throws Exception {
        int pid = C.getpid();
        List<Maps.Mapping> maps = Maps.read(pid);
        List<String> regions = Maps.regions(maps, Maps.executable(pid));
        assertTrue(regions.contains("[stack]") && regions.contains("[vdso]") && regions.contains("program"), regions.toString());

        long abs = Pointer.nativeValue(NativeLibrary.getInstance(Platform.C_LIBRARY_NAME).getFunction("abs"));
        Maps.Mapping libc = Maps.find(maps, abs).orElseThrow();
        assertEquals('x', libc.perms().charAt(2));
        assertTrue(libc.path().contains("libc"), libc.path());
        assertEquals("library", regions.get(maps.indexOf(libc)));

        Memory m = new Memory(64);
        Maps.Mapping heap = Maps.find(Maps.read(pid), Pointer.nativeValue(m)).orElseThrow();
        assertTrue(heap.perms().startsWith("rw"), heap.toString());
        assertFalse(Maps.find(maps, 0).isPresent(), "nothing at address 0");
    }

    @Test
    void threadStackIsTheSizeAskedForAndMapped() throws Exception {
        ThreadStack.Range[] range = new ThreadStack.Range[1];
        Thread t = new Thread(null, () -> range[0] = ThreadStack.current(), "big stack", 4 << 20);
        t.start();
        t.join();
        assertTrue(range[0].size() >= 4 << 20 && range[0].size() <= 5 << 20, "size " + range[0].size());
        ThreadStack.Range own = ThreadStack.current();
        Maps.Mapping m = Maps.find(Maps.read(C.getpid()), own.high() - 1).orElseThrow();
        assertTrue(m.perms().startsWith("rw"), m.toString());
    }

    @Test
    void userSpaceEndsAbove128TiBOfMappings() throws Exception {
        long end = UserSpaceEnd.probe();
        assertTrue(end == Maps.USER_SPACE_END_47 - 4096 || end == (1L << 56) - 4096,
            "4-level (2^47) or 5-level (2^56) page tables, minus the guard page: " + Long.toHexString(end));
        for (Maps.Mapping m : Maps.read(C.getpid())) {
            if (!m.path().equals("[vsyscall]")) assertTrue(Long.compareUnsigned(m.end(), end) <= 0, m.toString());
        }
        assertTrue(UserSpaceEnd.canMap(end - 4096));
        assertFalse(UserSpaceEnd.canMap(end));
    }

    @Test
    void mapsMagicShowsTableAndChart() throws Exception {
        TestMagicContext context = new TestMagicContext();
        List<?> shown = (List<?>) MagicRunner.run(new MapsMagic(), "", null, context);
        assertEquals(2, shown.size());
        Table t = assertInstanceOf(Table.class, shown.get(0));
        assertTrue(t.name().startsWith("address space of " + C.getpid() + " ("), t.name());
        assertTrue(t.stringColumn("region").asList().contains("[heap]") || t.stringColumn("region").asList().contains("anonymous"));
        assertInstanceOf(XYChart.class, shown.get(1));

        List<?> parent = (List<?>) MagicRunner.run(new MapsMagic(), "--no-chart " + C.getppid(), null, context);
        assertEquals(1, parent.size());
        assertTrue(((Table) parent.get(0)).name().startsWith("address space of " + C.getppid() + " ("));
        MagicException e = assertThrows(MagicException.class, () -> MagicRunner.run(new MapsMagic(), "999999999", null, context));
        assertEquals("maps: no process 999999999", e.getMessage());
    }
}
