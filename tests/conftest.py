"""Shared helpers: start the installed `syslab` kernel through jupyter_client and run cells on it.

Every wait is bounded (TIMEOUT) so a broken kernel fails a test instead of hanging the suite;
the bounds guard against hangs and are not performance targets (bench/ measures speed).
"""
import os
import time
from dataclasses import dataclass, field
from queue import Empty

import pytest
from jupyter_client.manager import start_new_kernel

# scripts/test.sh runs the kernel-level tests a second time with a kernelspec for another JDK.
KERNEL_NAME = os.environ.get("SYSLAB_KERNEL", "syslab")
TIMEOUT = 60


@dataclass(repr=False)
class Run:
    """What one execute_request produced: the shell reply and the iopub traffic seen meanwhile."""

    msg_id: str
    reply: dict
    iopub: list = field(default_factory=list)  # every iopub message received, any parent
    input_requests: list = field(default_factory=list)

    def __repr__(self):  # short, for assertion messages
        return (f"Run(status={self.reply and self.status!r}, "
                f"iopub={[m['msg_type'] for m in self.mine()]})")

    @property
    def content(self):
        return self.reply["content"]

    @property
    def status(self):
        return self.content["status"]

    def mine(self, *msg_types):
        """This request's iopub messages, optionally only those of the given types."""
        return [m for m in self.iopub
                if m["parent_header"].get("msg_id") == self.msg_id
                and (not msg_types or m["msg_type"] in msg_types)]

    def stream(self, name="stdout"):
        return "".join(m["content"]["text"] for m in self.mine("stream")
                       if m["content"]["name"] == name)

    def result(self, mime="text/plain"):
        results = self.mine("execute_result")
        assert len(results) == 1, f"expected one execute_result, got {self.iopub}"
        return results[0]["content"]["data"][mime]


class Kernel:
    """A running kernel with its manager (process control) and blocking client (messages)."""

    def __init__(self, name=KERNEL_NAME, **start):
        """start: what KernelManager.start_kernel takes, such as env (the kernel's whole environment)."""
        self.km, self.kc = start_new_kernel(kernel_name=name, startup_timeout=TIMEOUT, **start)

    @property
    def pid(self):
        return self.km.provisioner.process.pid

    def close(self):
        self.kc.stop_channels()
        if self.km.is_alive():
            self.km.shutdown_kernel(now=True)
        else:
            self.km.cleanup_resources()

    def run(self, code, *, silent=False, store_history=True, allow_stdin=False, stdin=(),
            timeout=TIMEOUT):
        """Executes code and waits for both its reply and its idle status.

        stdin: the texts to answer input_requests with, in order (needs allow_stdin=True).
        """
        msg_id = self.kc.execute(code, silent=silent, store_history=store_history,
                                 allow_stdin=allow_stdin)
        return self.wait(msg_id, stdin=list(stdin), timeout=timeout)

    def wait(self, msg_id, *, stdin=(), timeout=TIMEOUT):
        stdin = list(stdin)
        run = Run(msg_id=msg_id, reply=None)
        idle = False
        deadline = time.monotonic() + timeout
        while not (idle and run.reply):
            if time.monotonic() > deadline:
                raise TimeoutError(f"no reply/idle for {msg_id} within {timeout}s; got {run.iopub}")
            for msg in drain(self.kc.get_iopub_msg, 0.02):
                run.iopub.append(msg)
                if (msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "status"
                        and msg["content"]["execution_state"] == "idle"):
                    idle = True
            for msg in drain(self.kc.get_stdin_msg, 0):
                run.input_requests.append(msg)
                assert stdin, f"unexpected input_request {msg['content']}"
                self.kc.input(stdin.pop(0))
            for msg in drain(self.kc.get_shell_msg, 0):
                if msg["parent_header"].get("msg_id") == msg_id:
                    run.reply = msg
        return run

    def request(self, send, *args, timeout=TIMEOUT, **kwargs):
        """Sends a shell request with a client method (kc.complete, ...) and returns its reply."""
        msg_id = send(*args, **kwargs)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                msg = self.kc.get_shell_msg(timeout=1)
            except Empty:
                continue
            if msg["parent_header"].get("msg_id") == msg_id:
                return msg
        raise TimeoutError(f"no reply to {msg_id} within {timeout}s")


def drain(get_msg, timeout):
    """The messages waiting on a channel (get_msg: kc.get_iopub_msg, ...), waiting up to
    timeout for the first one."""
    out = []
    while True:
        try:
            out.append(get_msg(timeout=timeout))
        except Empty:
            return out
        timeout = 0


def process_tree(pid):
    """pid and all its descendants, read from /proc."""
    children = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    ppid = int(f.read().rsplit(")", 1)[1].split()[1])
            except (FileNotFoundError, ProcessLookupError):
                continue
            children.setdefault(ppid, []).append(int(entry))
    tree, todo = [], [pid]
    while todo:
        p = todo.pop()
        tree.append(p)
        todo.extend(children.get(p, []))
    return tree


def cpu_seconds(pids):
    """User plus system CPU time of these processes, in seconds (fields 14 and 15 of stat)."""
    ticks = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            ticks += int(fields[11]) + int(fields[12])
        except FileNotFoundError:
            pass
    return ticks / os.sysconf("SC_CLK_TCK")


def alive(pid):
    """Whether pid is a live process (a zombie counts as ended)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


@pytest.fixture(scope="module")
def kernel():
    """One kernel shared by a module's tests (they must not depend on each other's state)."""
    k = Kernel()
    yield k
    k.close()


@pytest.fixture
def fresh_kernel():
    """A kernel of the test's own, for tests that interrupt, stop or restart it."""
    k = Kernel()
    yield k
    k.close()
