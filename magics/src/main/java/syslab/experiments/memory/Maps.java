package syslab.experiments.memory;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import syslab.chart.Charts;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A process's address space as /proc/PID/maps lists it (proc(5)): one line per mapping, with its
 * address range, permissions, offset, device, inode and backing file or pseudo-name.
 */
public final class Maps {
    private Maps() { }

    /** On x86-64 with 4-level page tables, user space ends here (exclusive): 2^47 = 128 TiB. */
    public static final long USER_SPACE_END_47 = 1L << 47;

    /** One line of /proc/PID/maps. Addresses above 2^63 ([vsyscall]) are negative as longs. */
    public record Mapping(long start, long end, String perms, long offset, String dev, long inode, String path) {
        public long size() { return end - start; }

        public boolean contains(long address) {
            return Long.compareUnsigned(address, start) >= 0 && Long.compareUnsigned(address, end) < 0;
        }

        /** "[heap]", "[stack]", "[vdso]"...: the kernel's own names, in brackets. */
        public boolean isPseudo() { return path.startsWith("["); }

        public boolean isAnonymous() { return path.isEmpty(); }
    }

    public static List<Mapping> read(int pid) throws IOException {
        return parse(Files.readAllLines(Path.of("/proc/" + pid + "/maps")));
    }

    /** Parses maps lines; the path may contain spaces and may end with " (deleted)". */
    public static List<Mapping> parse(List<String> lines) {
        List<Mapping> out = new ArrayList<>();
        for (String line : lines) {
            if (line.isBlank()) continue;
            String[] f = line.trim().split("\\s+", 6);
            if (f.length < 5) throw new IllegalArgumentException("not a maps line: " + line);
            int dash = f[0].indexOf('-');
            out.add(new Mapping(Long.parseUnsignedLong(f[0].substring(0, dash), 16),
                Long.parseUnsignedLong(f[0].substring(dash + 1), 16), f[1], Long.parseUnsignedLong(f[2], 16),
                f[3], Long.parseLong(f[4]), f.length == 6 ? f[5].trim() : ""));
        }
        return out;
    }

    /** The mapping that holds this address, if any. */
    public static Optional<Mapping> find(List<Mapping> maps, long address) {
        return maps.stream().filter(m -> m.contains(address)).findFirst();
    }

    /** The path of the process's executable, as maps shows it (readlink of /proc/PID/exe). */
    public static String executable(int pid) throws IOException {
        return Files.readSymbolicLink(Path.of("/proc/" + pid + "/exe")).toString();
    }

    /**
     * What a mapping is for: "program" (the executable), "library" (a file with code in it: a .so),
     * "file" (a file mapped without code: data, archives), "[heap]", "[stack]" and the kernel's other
     * names, "anonymous" (malloc arenas, thread stacks, a JVM's heap and code) and "reserved" (no
     * access: guard pages and address space set aside for later).
     */
    public static List<String> regions(List<Mapping> maps, String executable) {
        Set<String> code = new HashSet<>();
        for (Mapping m : maps) if (m.perms().charAt(2) == 'x' && !m.isAnonymous() && !m.isPseudo()) code.add(m.path());
        List<String> out = new ArrayList<>();
        for (Mapping m : maps) {
            if (m.isPseudo()) out.add(m.path());
            else if (m.isAnonymous()) out.add(m.perms().startsWith("---") ? "reserved" : "anonymous");
            else if (m.path().equals(executable)) out.add("program");
            else out.add(code.contains(m.path()) ? "library" : "file");
        }
        return out;
    }

    /** Columns: region, range, size (KiB), perms, file. */
    public static Table table(String name, List<Mapping> maps, String executable) {
        StringColumn region = StringColumn.create("region", regions(maps, executable));
        StringColumn range = StringColumn.create("range");
        LongColumn kib = LongColumn.create("size (KiB)");
        StringColumn perms = StringColumn.create("perms");
        StringColumn file = StringColumn.create("file");
        for (Mapping m : maps) {
            range.append(String.format("%012x-%012x", m.start(), m.end()));
            kib.append(m.size() / 1024);
            perms.append(m.perms());
            file.append(m.path());
        }
        return Table.create(name, region, range, kib, perms, file);
    }

    /**
     * The layout at a glance: the mappings in address order (x) against their start address in TiB
     * (y, linear from 0 to the end of user space), one series per region. Vertical jumps are the
     * unused stretches of the address space; a horizontal line marks 2^47, the end of user space.
     * [vsyscall], which lies above user space, is left out.
     */
    public static XYChart layoutChart(String title, List<Mapping> maps, String executable) {
        XYChart chart = new XYChartBuilder().width(Charts.WIDTH).height(Charts.HEIGHT).title(title)
            .xAxisTitle("mappings, in address order").yAxisTitle("start address (TiB)").build();
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter)
            .setYAxisMin(0.0).setYAxisMax(130.0).setMarkerSize(7);
        List<String> regions = regions(maps, executable);
        Map<String, List<double[]>> points = new LinkedHashMap<>();
        int index = 0;
        for (int i = 0; i < maps.size(); i++) {
            Mapping m = maps.get(i);
            if (Long.compareUnsigned(m.start(), USER_SPACE_END_47) >= 0) continue;
            points.computeIfAbsent(regions.get(i), r -> new ArrayList<>()).add(new double[] {index++, m.start() / 0x1p40});
        }
        for (Map.Entry<String, List<double[]>> s : points.entrySet()) {
            chart.addSeries(s.getKey(), s.getValue().stream().mapToDouble(p -> p[0]).toArray(),
                s.getValue().stream().mapToDouble(p -> p[1]).toArray());
        }
        if (index > 0) {
            chart.addSeries("end of user space (2^47)", new double[] {0, Math.max(1, index - 1)}, new double[] {128, 128})
                .setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line).setMarker(SeriesMarkers.NONE);
        }
        return chart;
    }
}
