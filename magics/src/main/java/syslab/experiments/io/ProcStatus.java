package syslab.experiments.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A process's scheduling state and voluntary context switches, from /proc/PID/status. */
record ProcStatus(char state, long voluntarySwitches) {
    static ProcStatus of(int pid) {
        try {
            char state = '?';
            long voluntary = -1;
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("State:")) state = line.substring(6).strip().charAt(0);
                else if (line.startsWith("voluntary_ctxt_switches:")) voluntary = Long.parseLong(line.substring(24).strip());
            }
            return new ProcStatus(state, voluntary);
        } catch (IOException e) {
            throw new UncheckedIOException("reading /proc/" + pid + "/status", e);
        }
    }
}
