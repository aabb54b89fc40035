package syslab.experiments.caches;

import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * Belady's anomaly: with FIFO, giving a process more page frames can cause MORE page faults.
 * LRU cannot show it: an LRU cache of n+1 frames always holds what one of n frames holds (a stack
 * algorithm), so every hit with n frames is a hit with n+1.
 */
public final class BeladyAnomaly {
    private BeladyAnomaly() { }

    /** A trace on which {@code frames + 1} frames fault more often than {@code frames}. */
    public record Anomaly(int[] trace, int frames, int faults, int faultsWithOneMore) { }

    /** Page faults (misses, the first loads included) of the trace with this many frames. */
    public static int faults(Policy policy, int[] trace, int frames) {
        return trace.length - policy.hits(trace, frames);
    }

    /** Faults of each policy for 1..maxFrames frames: columns frames, policy, faults. */
    public static Table faultTable(int[] trace, int maxFrames, Policy... policies) {
        IntColumn frames = IntColumn.create("frames");
        StringColumn policy = StringColumn.create("policy");
        IntColumn faults = IntColumn.create("faults");
        for (Policy p : policies) {
            for (int f = 1; f <= maxFrames; f++) {
                frames.append(f);
                policy.append(p.name());
                faults.append(faults(p, trace, f));
            }
        }
        return Table.create("page faults", frames, policy, faults);
    }

    /** The smallest frame count in 1..maxFrames-1 after which one more frame faults more, if any. */
    public static Optional<Anomaly> find(Policy policy, int[] trace, int maxFrames) {
        int before = faults(policy, trace, 1);
        for (int f = 1; f < maxFrames; f++) {
            int after = faults(policy, trace, f + 1);
            if (after > before) return Optional.of(new Anomaly(trace.clone(), f, before, after));
            before = after;
        }
        return Optional.empty();
    }

    /** The anomalies among {@code tries} random traces of {@code length} accesses over {@code pages} pages. */
    public static List<Anomaly> search(Policy policy, int pages, int length, int tries, long seed) {
        Random random = new Random(seed);
        List<Anomaly> found = new ArrayList<>();
        for (int i = 0; i < tries; i++) {
            int[] trace = random.ints(length, 1, pages + 1).toArray();
            find(policy, trace, pages).ifPresent(found::add);
        }
        return found;
    }
}
