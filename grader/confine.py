"""Keeping a graded kernel away from the grader: an unprivileged user, a directory of its own, and
grader processes it cannot look into.

When the grader runs as root, each kernel runs as the kernel user (setpriv(1)): it cannot signal,
trace or read the grader's processes and files, and a kill(-1) reaches only that user's processes.
jupyter_client writes the connection file 0600 for the grader's user, so the file is handed to the
kernel user, in a directory that user can reach (root's runtime directory is not)."""
import ctypes
import os
import pwd
import shutil
import subprocess
import tempfile

from jupyter_client import AsyncKernelManager

PR_SET_DUMPABLE = 4
# Used when present: a user that owns nothing else, so that a kill(-1) hits no other process.
DEDICATED_USER = "syslab-student"


def no_dumps():
    """Makes this process non-dumpable (prctl(2)): a process of the same user can no longer open
    /proc/PID/fd/*, /proc/PID/mem or ptrace it, so a kernel cannot reach the grader's pipes."""
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_DUMPABLE)")


def default_user():
    """DEDICATED_USER, made if root grades and it is missing; nobody if it cannot be made, whose other
    processes a kill(-1) would then reach."""
    return ensure_user(DEDICATED_USER) or "nobody"


def ensure_user(name):
    """name, made as a system user without a home or shell when root runs this and it is missing;
    None if it is missing and cannot be made."""
    try:
        pwd.getpwnam(name)
        return name
    except KeyError:
        pass
    if os.geteuid() == 0 and subprocess.run(
            ["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", name],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode == 0:
        return name
    return None


def kernel_ids(user):
    """(uid, gid) the kernels run as, or None to run them as the grader's own user (not root)."""
    if os.geteuid() != 0 or not user:
        return None
    try:
        entry = pwd.getpwnam(user)
    except KeyError:
        raise ValueError(f"no user {user!r} to run kernels as (--kernel-user)") from None
    if entry.pw_uid == 0:
        raise ValueError(f"--kernel-user {user!r} is root: kernels must run unprivileged")
    return entry.pw_uid, entry.pw_gid


def work_dir(notebook, ids):
    """A fresh directory, owned by the kernel's user, holding only a copy of the notebook: the
    kernel's working directory, where it sees no other submission."""
    path = tempfile.mkdtemp(prefix="syslab-kernel-")
    shutil.copyfile(notebook, os.path.join(path, os.path.basename(notebook)))
    if ids:
        for name in [path, os.path.join(path, os.path.basename(notebook))]:
            os.chown(name, *ids)
    return path


def manager_class(ids, connection_dir):
    """A KernelManager class (for nbclient's kernel_manager_class) whose kernels run as ids, with
    their connection files in connection_dir. ids None: the plain manager, files there too."""

    class ConfinedKernelManager(AsyncKernelManager):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.connection_file = os.path.join(connection_dir, f"kernel-{os.urandom(8).hex()}.json")

        def write_connection_file(self, **kwargs):
            # jupyter_client 8 (Debian 13) passes jupyter_session=...; 7 (Debian 12) passes nothing
            super().write_connection_file(**kwargs)
            if ids:
                os.chown(self.connection_file, *ids)  # still 0600: the kernel's user alone reads it

        def format_kernel_cmd(self, extra_arguments=None):
            cmd = super().format_kernel_cmd(extra_arguments)
            if not ids:
                return cmd
            return ["setpriv", f"--reuid={ids[0]}", f"--regid={ids[1]}", "--clear-groups",
                    "--no-new-privs", "--", *cmd]

    return ConfinedKernelManager


def connection_dir():
    """A directory for connection files that the kernel user can pass through but not list."""
    path = tempfile.mkdtemp(prefix="syslab-connect-")
    os.chmod(path, 0o711)
    return path
