package syslab.procfs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code /proc/PID/status} (proc(5)): "Name: value" lines. A zombie keeps its counters until it is
 * reaped, so a parent can read what its exited child did before calling waitpid.
 */
public record ProcStatus(Map<String, String> fields) {
    public ProcStatus {
        fields = Map.copyOf(fields);
    }

    public static ProcStatus read(int pid) {
        Map<String, String> f = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                int colon = line.indexOf(':');
                if (colon > 0) f.put(line.substring(0, colon), line.substring(colon + 1).trim());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ProcStatus(f);
    }

    public String get(String name) {
        String v = fields.get(name);
        if (v == null) throw new IllegalArgumentException("no field " + name + " in /proc/PID/status");
        return v;
    }

    /** Times the process gave up the CPU itself: it blocked (in read, a lock, sleep). */
    public long voluntaryCtxtSwitches() { return Long.parseLong(get("voluntary_ctxt_switches")); }

    /** Times the scheduler took the CPU away: its time slice ended, or a more deserving task woke. */
    public long nonvoluntaryCtxtSwitches() { return Long.parseLong(get("nonvoluntary_ctxt_switches")); }
}
