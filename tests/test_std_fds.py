"""The kernel starts and serves as any user whatever its fds 0, 1 and 2 are: a pipe another user
made (docker run without -t, Kubernetes), /dev/null, or closed."""
import os
import shutil
import subprocess
import tempfile
import time
from queue import Empty

import pytest
from jupyter_client import BlockingKernelClient
from jupyter_client.connect import write_connection_file
from jupyter_client.kernelspec import KernelSpecManager

from conftest import KERNEL_NAME, TIMEOUT

UNPRIVILEGED = 1000  # Binder's and JupyterHub's jovyan; no passwd entry needed


@pytest.fixture
def shared_dir():
    """A directory uid 1000 can read (pytest's tmp_path is under a 0700 directory of root's)."""
    path = tempfile.mkdtemp(prefix="syslab-fds-")
    os.chmod(path, 0o755)
    yield path
    shutil.rmtree(path, ignore_errors=True)


def start(directory, redirects):
    """The installed kernelspec's command run by a shell with these redirections, as uid 1000 when
    this test runs as root, its stdout and stderr pipes made by this (root's) process."""
    conn, _ = write_connection_file(os.path.join(directory, "kernel.json"))
    os.chmod(conn, 0o644)
    argv = [a.replace("{connection_file}", conn) for a in KernelSpecManager().get_kernel_spec(KERNEL_NAME).argv]
    if os.geteuid() == 0:
        argv = ["setpriv", f"--reuid={UNPRIVILEGED}", f"--regid={UNPRIVILEGED}", "--clear-groups", *argv]
    process = subprocess.Popen(["bash", "-c", 'exec "$@" ' + redirects, "bash", *argv],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.PIPE)
    client = BlockingKernelClient(connection_file=conn)
    client.load_connection_file()
    client.start_channels()
    return process, client


def stop(process, client):
    """Shuts the kernel down, killing it if it does not exit within 10 s."""
    client.shutdown()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
    client.stop_channels()


def reply_to(client, process, msg_id):
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        try:
            msg = client.get_shell_msg(timeout=1)
        except Empty:
            assert process.poll() is None, f"the kernel exited with status {process.returncode}"
            continue
        if msg["parent_header"].get("msg_id") == msg_id:
            return msg["content"]
    raise TimeoutError("no reply")


def iopub_of(client, msg_id):
    """The request's iopub messages, up to its idle status."""
    out = []
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        msg = client.get_iopub_msg(timeout=TIMEOUT)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            return out
        out.append(msg)
    raise TimeoutError("no idle status")


@pytest.mark.parametrize("redirects", ["", "</dev/null >/dev/null 2>&1", "2>&-", "0<&- 1>&- 2>&-"],
                         ids=["pipes of another user", "dev-null", "stderr closed", "all closed"])
def test_the_kernel_serves_whatever_its_standard_fds_are(shared_dir, redirects):
    process, client = start(shared_dir, redirects)
    try:
        assert reply_to(client, process, client.kernel_info())["status"] == "ok"
        # the real uid from /proc: JDK 17's UnixSystem says 0 for a uid with no passwd entry (minimal Debian 12)
        msg_id = client.execute('System.out.println("uid " + java.nio.file.Files.readAllLines(java.nio.file.Path.of('
                                '"/proc/self/status")).stream().filter(l -> l.startsWith("Uid:")).findFirst().get()'
                                '.split("\\t")[1]); 6*7')
        reply = reply_to(client, process, msg_id)
        assert reply["status"] == "ok", reply
        outputs = iopub_of(client, msg_id)
        assert "42" in [m["content"]["data"]["text/plain"] for m in outputs if m["msg_type"] == "execute_result"]
        uid = UNPRIVILEGED if os.geteuid() == 0 else os.geteuid()
        assert f"uid {uid}\n" in "".join(m["content"]["text"] for m in outputs if m["msg_type"] == "stream")
    finally:
        stop(process, client)
