"""Starts a kernel inside a pids cgroup, as root or as another user (test_resilience's safety net
around a fork loop): enter_cgroup.py CGROUP USER PREFIX ARGV...

For another user: the connection file, ARGV's last argument, is readable by root only, so the
user gets a copy, PREFIX-connection.json; and the kernel's stdout and stderr go to
PREFIX-kernel.log, since the kernel reopens its stderr, which it could not do with root's pipe.
The test removes both.
"""
import os
import pwd
import shutil
import sys

cgroup, user, prefix, argv = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
with open(os.path.join(cgroup, "cgroup.procs"), "w") as f:
    f.write(str(os.getpid()))
if user != "root":
    pw = pwd.getpwnam(user)
    copy, log = prefix + "-connection.json", prefix + "-kernel.log"
    shutil.copyfile(argv[-1], copy)
    fd = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    for path in (copy, log):
        os.chown(path, pw.pw_uid, pw.pw_gid)
    os.dup2(fd, 1)
    os.dup2(fd, 2)
    os.close(fd)
    argv = ["setpriv", f"--reuid={pw.pw_uid}", f"--regid={pw.pw_gid}", "--clear-groups", "--", *argv[:-1], copy]
os.execvp(argv[0], argv)
