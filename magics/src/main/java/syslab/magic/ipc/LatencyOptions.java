package syslab.magic.ipc;

import picocli.CommandLine.Option;
import syslab.experiments.ipc.Placement;
import syslab.magic.Bounds;

import java.util.List;

/**
 * The round-trip options that {@code %pipe latency} and {@code %ipc compare} share, with their
 * ranges: a picocli mixin ({@code @Mixin LatencyOptions latency}). Field names are those of the
 * experiments' Params, so that their defaults come from there ({@link syslab.magic.ParamsDefaults}).
 */
public final class LatencyOptions {
    @Option(names = "--round-trips", description = "Round trips per latency repetition, 1 to 10000000 (default: ${DEFAULT-VALUE}).")
    public int roundTrips;

    @Option(names = {"-r", "--repetitions"}, description = "Timed repetitions of each measurement, 1 to 1000 (default: ${DEFAULT-VALUE}).")
    public int repetitions;

    @Option(names = "--placements", split = ",", converter = Converters.PlacementLabel.class,
        description = "Any of one-cpu, two-cpus, free (default: ${DEFAULT-VALUE}).")
    public List<Placement> placements;

    /** Throws "MAGIC: --round-trips must be between ..." for a value out of range. */
    public void check(String magic) {
        Bounds.check(magic, "--round-trips", roundTrips, 1, Limits.ROUND_TRIPS);
        Bounds.check(magic, "-r", repetitions, 1, Limits.REPETITIONS);
    }
}
