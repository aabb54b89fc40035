package syslab.posix;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Where this JVM may create pids cgroups (a cap on the processes of a cell, or of the kernel). */
public final class PidsCgroup {
    private PidsCgroup() { }

    /**
     * The directory of the JVM's own pids cgroup if it can hold a child cgroup: cgroup v1's pids
     * hierarchy, or the v2 unified one when the pids controller is available there.
     */
    public static Optional<Path> own() {
        try {
            List<String> mounts = Files.readAllLines(Path.of("/proc/self/mountinfo"));
            for (String line : Files.readAllLines(Path.of("/proc/self/cgroup"))) {
                String[] f = line.split(":", 3);   // hierarchy-ID:controllers:path
                boolean v1 = List.of(f[1].split(",")).contains("pids");
                boolean v2 = f[0].equals("0") && f[1].isEmpty();
                if (!v1 && !v2) continue;
                for (String m : mounts) {
                    // mountinfo: ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTIONS... - FSTYPE SOURCE SUPEROPTIONS
                    String[] left = m.split(" - ")[0].split(" "), right = m.split(" - ")[1].split(" ");
                    boolean match = v1 ? right[0].equals("cgroup") && List.of(right[2].split(",")).contains("pids")
                                       : right[0].equals("cgroup2");
                    if (!match) continue;
                    String root = left[3], path = f[2];
                    if (!path.startsWith(root)) continue;
                    Path dir = Path.of(left[4], path.substring(root.length()).replaceFirst("^/", ""));
                    if (v2 && !Files.readString(dir.resolve("cgroup.subtree_control")).contains("pids")) continue;
                    if (Files.isWritable(dir)) return Optional.of(dir);
                }
            }
        } catch (IOException | RuntimeException e) {
            // no readable cgroup information: fall back to counting forks
        }
        return Optional.empty();
    }
}
