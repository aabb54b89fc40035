package syslab.experiments.trace;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads what {@code strace -f -C|-c -w -S calls -U name,calls,errors,time-total,time-avg -o FILE}
 * wrote: the trace lines ("PID syscall(args) = result"), then the summary table. The counting is
 * strace's own (it pairs "unfinished" and "resumed" halves); this class only reads it back. The
 * file is streamed once: the first N trace lines are kept, and every line goes to the process tree.
 */
final class StraceOutput {
    /** One row of strace's summary. */
    record Row(String syscall, long calls, long errors, double seconds) { }

    // "syscall   calls   errors   seconds  usecs/call", as -U name,calls,errors,time-total,time-avg heads it
    private static final Pattern HEADER = Pattern.compile("syscall\\s+calls\\s+errors\\s+seconds\\s+usecs/call");
    // the errors column is blank when there were none
    private static final Pattern ROW = Pattern.compile("(\\S+)\\s+(\\d+)\\s+(?:(\\d+)\\s+)?(\\d+\\.\\d+)\\s+\\d+");

    final List<Row> rows;
    final List<String> firstLines;
    final ProcessTree tree;

    private StraceOutput(List<Row> rows, List<String> firstLines, ProcessTree tree) {
        this.rows = rows;
        this.firstLines = firstLines;
        this.tree = tree;
    }

    /**
     * Reads the file strace wrote.
     *
     * @param rootPid   the traced process: the lines for its stop and the SIGCONT that released it
     *                  (the tracing's doing, not the traced code's) are left out
     * @param keepLines how many trace lines to keep (for --raw)
     */
    static StraceOutput read(Path file, int rootPid, int keepLines) {
        Map<String, Row> rows = new LinkedHashMap<>();
        List<String> first = new ArrayList<>();
        ProcessTree tree = new ProcessTree(rootPid);
        // "PID --- stopped by SIGSTOP ---", "PID --- SIGCONT {...} ---"; strace pads the pid to 5 columns
        Pattern rootSignal = Pattern.compile(rootPid + "\\s+--- (SIGCONT )?.*");
        boolean inSummary = false;
        boolean released = false;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            Matcher m;
            for (String line; (line = in.readLine()) != null; ) {
                if (HEADER.matcher(line.strip()).matches()) {
                    inSummary = true;  // another may follow, for a second personality (32-bit mode)
                } else if (inSummary) {
                    m = ROW.matcher(line.strip());
                    if (m.matches() && !m.group(1).equals("total")) {
                        add(rows, new Row(m.group(1), Long.parseLong(m.group(2)),
                                m.group(3) == null ? 0 : Long.parseLong(m.group(3)), Double.parseDouble(m.group(4))));
                    }
                } else if (!released && (m = rootSignal.matcher(line)).matches()) {
                    released = m.group(1) != null;
                } else {
                    released = true;
                    if (first.size() < keepLines) first.add(line);
                    tree.accept(line);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read strace's output " + file, e);
        }
        return new StraceOutput(List.copyOf(rows.values()), first, tree);
    }

    // the same syscall in two personalities' tables counts once, with both counts
    private static void add(Map<String, Row> rows, Row row) {
        rows.merge(row.syscall(), row, (a, b) -> new Row(a.syscall(), a.calls() + b.calls(),
                a.errors() + b.errors(), a.seconds() + b.seconds()));
    }
}
