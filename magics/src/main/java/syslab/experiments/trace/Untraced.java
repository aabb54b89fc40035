package syslab.experiments.trace;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The paragraph that says why code ran untraced, and how to get tracing back. */
final class Untraced {
    private Untraced() { }

    static String explain(StraceAttach.Status status, List<String> straceSaid) {
        String shown = " Shown instead is what the kernel counts without ptrace: read and write system calls"
                + " (syscr, syscw in /proc/PID/io), context switches and CPU times (getrusage).";
        if (status == StraceAttach.Status.NO_STRACE) {
            return "strace is not installed here (" + String.join(" ", straceSaid) + "): install it with"
                    + " `apt-get install strace` (the SysLab install script does)." + shown;
        }
        return "strace could not trace: the kernel refused ptrace (strace said: \"" + String.join(" ", straceSaid)
                + "\"). In a container, ptrace needs the SYS_PTRACE capability: start it with"
                + " `docker run --cap-add SYS_PTRACE ...` (Docker before 19.03 also needs"
                + " `--security-opt seccomp=unconfined`)." + yama() + shown;
    }

    // Yama, if the kernel has it, can forbid ptrace on its own terms
    private static String yama() {
        String scope;
        try {
            scope = Files.readString(Path.of("/proc/sys/kernel/yama/ptrace_scope")).strip();
        } catch (IOException e) {
            return "";  // no Yama
        }
        return switch (scope) {
            case "0", "1" -> "";  // 1 allows what SysLab does: the traced child names any tracer (PR_SET_PTRACER)
            case "2" -> " Yama's ptrace_scope is 2 here: only a process with CAP_SYS_PTRACE may trace, so add the"
                    + " capability.";
            default -> " Yama's ptrace_scope is " + scope + " here: ptrace is off until the host reboots;"
                    + " only the host can change that.";
        };
    }
}
