package syslab.experiments.io;

import syslab.experiments.common.CProgram;
import syslab.experiments.common.Monitor;
import syslab.experiments.io.EpollCompare.WaitCall;

import java.time.Duration;
import java.util.List;

/**
 * {@link EpollCompare}'s measurement written in C (wait_cost.c, beside this class): the same set of
 * idle and ready sockets, the same rounds and median, with nothing between the program and the
 * kernel. Its figure is the kernel's cost; EpollCompare's, less this, is the JVM's path.
 */
final class WaitCostC {
    private final CProgram program = CProgram.of(WaitCostC.class, "wait_cost.c", List.of("-O2"));

    /** µs; both NaN and {@code refusal} set where select could not watch the set. */
    record Figures(double median, double p90, String refusal) { }

    /** firstFd: the JVM's lowest watched fd, where the C program's sockets start too (select's cost depends on the numbers). */
    Figures measure(WaitCall m, int idle, int firstFd, EpollCompare.Params p, Monitor monitor) {
        String out = program.run(limit(idle + p.active(), p.rounds()), monitor,
            m.label(), idle, p.rounds(), p.active(), p.placement().label(), firstFd).strip();
        if (out.startsWith("refused ")) return new Figures(Double.NaN, Double.NaN, "C: refused, the set holds " + out.substring(8).replace('=', ' '));
        String[] figures = out.split(" ");
        if (figures.length != 2) throw new IllegalStateException("wait_cost printed '" + out + "', not MEDIAN_US P90_US");
        return new Figures(Double.parseDouble(figures[0]), Double.parseDouble(figures[1]), "");
    }

    /**
     * Generous: 30 s to set up the sockets, and twice the rounds (for the warm-up) at 10 µs a call
     * plus 1 µs a watched fd, several times what poll costs (about 0.15 µs a fd on a 2-core VM).
     */
    private static Duration limit(int watched, int rounds) {
        return Duration.ofSeconds(30).plusNanos(2L * rounds * (10_000L + 1_000L * watched));
    }
}
