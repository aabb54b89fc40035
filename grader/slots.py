"""Worker slots for grading a class in parallel, each confined so that a submission costs only itself.

A slot grades one submission at a time. Run as root, each slot has a kernel user of its own, so a
student's kill(-1) or RLIMIT_NPROC reaches only that slot's processes, and, where this process may
make cgroups (v1 hierarchies, or v2 with the controllers delegated), a cgroup per slot: memory
(the kernel is killed there, not the machine's other graders), pids (a fork bomb stops there) and
an equal CPU share (a spinning submission slows the others no more than one slot's worth)."""
import os
import time
from pathlib import Path

from grader import confine

# What one slot may use: a JVM kernel (heap included), the worker and the notebook's children.
SLOT_MEMORY = 2 << 30
SLOT_PIDS = 1024
CGROUP_ROOT = Path("/sys/fs/cgroup")


def jobs(requested=None):
    """How many slots this machine holds: at most one per core and one per SLOT_MEMORY available."""
    cores = len(os.sched_getaffinity(0))
    fit = max(1, available_memory() // SLOT_MEMORY)
    bound = max(1, min(cores, fit))
    return bound if requested is None else max(1, min(requested, bound))


def available_memory():
    with open("/proc/meminfo") as f:
        for line in f:
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) * 1024
    return SLOT_MEMORY


def slot_user(slot):
    """The kernel user of a slot: confine.DEDICATED_USER for the first, made with a number after."""
    return confine.DEDICATED_USER if slot == 0 else f"{confine.DEDICATED_USER}{slot + 1}"


class Cgroups:
    """One directory per controller for a slot, made below this process's own cgroups, or none
    where the kernel does not let this process make them (then `limits` is empty)."""

    def __init__(self, name):
        self.dirs, self.limits = [], []
        if os.geteuid() != 0:
            return
        for controller, settings in [("memory", {"memory.limit_in_bytes": SLOT_MEMORY, "memory.max": SLOT_MEMORY}),
                                     ("pids", {"pids.max": SLOT_PIDS}),
                                     ("cpu", {"cpu.shares": 1024, "cpu.weight": 100})]:
            base = own_cgroup(controller)
            if base is None:
                continue
            path = base / name
            try:
                path.mkdir(exist_ok=True)
            except OSError:
                continue
            self.dirs.append(path)
            for file, value in settings.items():
                if (path / file).exists():
                    try:
                        (path / file).write_text(str(value))
                        self.limits.append(f"{file}={value}")
                    except OSError:
                        pass

    def enter(self):
        """Moves the calling process into every directory (for a child's preexec_fn)."""
        for path in self.dirs:
            try:
                (path / "cgroup.procs").write_text("0")
            except OSError:
                pass

    def pids(self):
        found = set()
        for path in self.dirs:
            try:
                found |= {int(p) for p in (path / "cgroup.procs").read_text().split()}
            except OSError:
                pass
        return found

    def close(self):
        """Kills what is left in the slot's cgroups, then removes them."""
        for _ in range(50):
            left = self.pids()
            if not left:
                break
            for pid in left:
                try:
                    os.kill(pid, 9)
                except ProcessLookupError:
                    pass
            time.sleep(0.1)
        for path in self.dirs:
            try:
                path.rmdir()
            except OSError:
                pass


def own_cgroup(controller):
    """The directory of this process's cgroup for a v1 controller, or for v2 if it has that controller."""
    with open("/proc/self/cgroup") as f:
        lines = [line.rstrip("\n").split(":", 2) for line in f]
    for _, controllers, path in lines:
        if controller in controllers.split(","):
            candidate = CGROUP_ROOT / controller / path.lstrip("/")
            return candidate if candidate.is_dir() else None
    for hierarchy, controllers, path in lines:
        if hierarchy == "0" and controllers == "":
            unified = CGROUP_ROOT / "unified" if (CGROUP_ROOT / "unified").is_dir() else CGROUP_ROOT
            candidate = unified / path.lstrip("/")
            try:
                if controller in (candidate / "cgroup.subtree_control").read_text().split():
                    return candidate
            except OSError:
                return None
    return None

