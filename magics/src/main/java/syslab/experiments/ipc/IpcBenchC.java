package syslab.experiments.ipc;

import syslab.experiments.common.CProgram;
import syslab.experiments.common.Monitor;

import java.util.List;

/**
 * {@link IpcCompare}'s measurements written in C (ipc_bench.c, beside this class): the same
 * protocol, placement and repetitions, with nothing between the two processes and the kernel.
 * Its figures are the kernel's cost; IpcCompare's, against these, show the JVM's path.
 */
final class IpcBenchC {
    // -pthread: sem_init and sem_wait are in libpthread before glibc 2.34
    private final CProgram program = CProgram.of(IpcBenchC.class, "ipc_bench.c", List.of("-O2", "-pthread"));

    /** MB/s, the median over the repetitions, of {@code bytes} sent in {@code chunk}-byte pieces. */
    double megabytesPerSecond(Method m, Placement placement, int chunk, long bytes, int repetitions, Monitor monitor) {
        String out = program.run(Bandwidth.limit(bytes, repetitions), monitor,
            "compare", m.label(), placement.label(), chunk, bytes, 0, repetitions);
        return CProgram.value(out, "bandwidth_mbps");
    }

    /** µs, the median over the repetitions, of a one-byte round trip. */
    double roundTripMicros(Method m, Placement placement, int roundTrips, int repetitions, Monitor monitor) {
        // chunk 1 and no bytes: the round trips alone
        String out = program.run(RoundTrip.limit(roundTrips, repetitions), monitor,
            "compare", m.label(), placement.label(), 1, 0, roundTrips, repetitions);
        return CProgram.value(out, "round_trip_us");
    }
}
