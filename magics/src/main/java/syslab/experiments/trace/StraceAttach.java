package syslab.experiments.trace;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * strace attached to a running (stopped) process with {@code -p PID -f}: the trace and its summary
 * go to a file; strace's own messages (on stderr) tell when it has attached, or why it could not.
 * {@link #start} returns once strace has attached, so that nothing the process does is missed.
 */
final class StraceAttach implements AutoCloseable {
    /** How attaching ended. */
    enum Status { ATTACHED, NO_PTRACE, NO_STRACE, OFF }

    static final String STRACE = "strace";

    final Status status;
    /** strace's stderr so far: why it failed, when it did. */
    private final List<String> messages;
    private final Process process;
    private final Thread stderrReader;

    private StraceAttach(Status status, List<String> messages, Process process, Thread stderrReader) {
        this.status = status;
        this.messages = messages;
        this.process = process;
        this.stderrReader = stderrReader;
    }

    /**
     * The strace command line: follow forks (-f), summarise wall-clock time per syscall (-w) by calls
     * (-S calls) in fixed columns (-U), with the trace lines too (-C) or the summary only (-c).
     */
    static List<String> command(String strace, int pid, Path output, boolean lines, List<String> filters) {
        List<String> cmd = new ArrayList<>(List.of(strace, "-f", lines ? "-C" : "-c", "-w", "-S", "calls",
                "-U", "name,calls,errors,time-total,time-avg"));
        for (String f : filters) {
            cmd.add("-e");
            cmd.add(FilterExpression.check(f));
        }
        cmd.addAll(List.of("-o", output.toString(), "-p", Integer.toString(pid)));
        return cmd;
    }

    /**
     * Starts strace on {@code pid} and waits (at most {@code limit}) until it says it attached.
     *
     * @throws IllegalStateException when strace stops or fails for another reason than ptrace
     *     permission (a bad -e expression, for one): the message is strace's
     */
    static StraceAttach start(List<String> command, int pid, Duration limit) {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            return new StraceAttach(Status.NO_STRACE, List.of(e.getMessage()), null, null);
        }
        List<String> messages = new ArrayList<>();
        CompletableFuture<Boolean> attached = new CompletableFuture<>();
        String attachedLine = "Process " + pid + " attached";
        // strace writes to stderr also while tracing (later attaches, warnings): keep draining it
        Thread reader = new Thread(() -> {
            try (BufferedReader err = new BufferedReader(
                    new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = err.readLine()) != null; ) {
                    synchronized (messages) {
                        messages.add(line);
                    }
                    if (line.endsWith(attachedLine)) attached.complete(true);
                }
            } catch (IOException e) {
                // the stream closed because strace was killed: nothing more to read
            }
            attached.complete(false);
        }, "syslab-strace-stderr-" + pid);
        reader.setDaemon(true);
        reader.start();
        boolean ok;
        try {
            ok = attached.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            process.destroyForcibly();
            throw new IllegalStateException("strace did not attach to process " + pid + " within " + limit.toMillis() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IllegalStateException("interrupted while strace attached");
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
        StraceAttach attach = new StraceAttach(ok ? Status.ATTACHED : Status.NO_PTRACE, messages, process, reader);
        if (!ok) {
            attach.awaitExit(Duration.ofSeconds(2));
            if (!deniesPtrace(attach.messages())) {
                throw new IllegalStateException("strace failed: " + String.join("\n", attach.messages()));
            }
        }
        return attach;
    }

    /** No strace: the caller chose to run untraced. */
    static StraceAttach off() {
        return new StraceAttach(Status.OFF, List.of(), null, null);
    }

    /**
     * Whether strace's messages say the kernel refused ptrace: "attach: ptrace(PTRACE_SEIZE, 42):
     * Operation not permitted" (EPERM: no CAP_SYS_PTRACE, Yama, already traced) or "Permission denied".
     */
    static boolean deniesPtrace(List<String> messages) {
        return messages.stream().anyMatch(m -> m.contains("ptrace(")
                && (m.contains("Operation not permitted") || m.contains("Permission denied")));
    }

    List<String> messages() {
        synchronized (messages) {
            return List.copyOf(messages);
        }
    }

    /** Waits (bounded) for strace to end, which it does once every traced process has ended. */
    boolean awaitExit(Duration limit) {
        if (process == null) return true;
        try {
            boolean ended = process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
            if (ended) stderrReader.join(1000);
            return ended;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** strace's exit status; only valid after {@link #awaitExit} returned true. */
    int exitValue() { return process.exitValue(); }

    /** Kills strace if it is still running (it detaches from the tracees as it dies). */
    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            awaitExit(Duration.ofSeconds(2));
        }
    }
}
