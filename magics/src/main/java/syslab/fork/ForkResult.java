package syslab.fork;

import java.time.Duration;
import java.util.List;

/**
 * What one forked run showed: the text its processes wrote on fds 1 and 2 (a tty's \r\n turned
 * into \n), how each process the runner reaped ended (the cell's own, pid, and the children it
 * left behind; children the cell waited for itself are not seen), the wall time until the last one ended, and
 * notes on anything unusual (timeout, stuck in the JVM, process cap reached, output truncated).
 */
public record ForkResult(StdoutMode mode, int pid, String output, List<ProcessEnd> processes, Duration wall,
                         boolean timedOut, boolean stuck, int forksRefused, List<String> notes) {

    /** How the cell's own process (pid) ended; null if it could not be reaped. */
    public ProcessEnd main() {
        return processes.stream().filter(p -> p.pid() == pid).findFirst().orElse(null);
    }
}
