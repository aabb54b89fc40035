"""A kernel that survives a student's mistakes: System.exit, odd heartbeat and oversized messages,
a cell that closes or redirects fds 1 and 2, a fork loop. Each case gets a fresh kernel and ends
with `6*7` answering 42 within ANSWER_BOUND seconds.
"""
import json
import os
import shutil
import signal
import sys
import time
import uuid
from pathlib import Path

import pytest
import zmq
from jupyter_client.kernelspec import KernelSpecManager

from conftest import KERNEL_NAME, Kernel, alive, drain, process_tree

ANSWER_BOUND = 5  # the bound for a reply, generous
PIDS_ROOT = Path("/sys/fs/cgroup/pids")


def warm_up(k):
    """A first cell, so that the bound below does not count JShell's start."""
    assert k.run("int warm = 1;").status == "ok"


def answers(k):
    run = k.run("6*7", timeout=ANSWER_BOUND)
    assert run.status == "ok", run.content
    assert run.result() == "42"


def exit_code(k, timeout=ANSWER_BOUND):
    """The kernel process's exit status, waiting up to timeout for it to end."""
    return k.km.provisioner.process.wait(timeout=timeout)


def restart(k):
    k.km.restart_kernel(now=True)
    k.kc.wait_for_ready(timeout=60)


# System.exit


@pytest.mark.parametrize("cells, status", [
    (['System.out.println("before"); System.exit(3);'], 3),
    (["Runtime.getRuntime().exit(4);"], 4),
    (["void quit(int n) { System.exit(n); }", "quit(5);"], 5),
])
def test_system_exit_replies_with_its_status_then_the_kernel_ends(fresh_kernel, cells, status):
    k = fresh_kernel
    warm_up(k)
    for cell in cells[:-1]:
        assert k.run(cell).status == "ok"
    run = k.run(cells[-1], timeout=ANSWER_BOUND)
    assert run.status == "error"
    assert run.content["ename"] == "SystemExit"
    assert f"System.exit({status}) was called: the kernel exits with status {status}" == run.content["evalue"]
    assert [m["content"]["evalue"] for m in run.mine("error")] == [run.content["evalue"]]
    if "before" in cells[-1]:
        assert run.stream() == "before\n"
    assert exit_code(k) == status
    restart(k)
    warm_up(k)
    answers(k)


def test_system_exit_in_a_forked_child_ends_only_the_child(fresh_kernel):
    k = fresh_kernel
    warm_up(k)
    run = k.run("int pid = fork(); if (pid == 0) System.exit(7);\n"
                "int[] st = new int[1]; waitpid(pid, st, 0);\n"
                'System.out.println("child exit " + WEXITSTATUS(st[0]));')
    assert run.status == "ok", run.content
    assert run.stream() == "child exit 7\n"
    run = k.run("%%fork\nSystem.exit(6);")
    assert run.status == "ok", run.content
    assert any("exit 6" in m["content"]["data"]["text/plain"] for m in run.mine("display_data")), run.iopub
    assert not [m for m in run.iopub if m["msg_type"] == "error"]
    answers(k)


def test_a_forked_child_stuck_inside_the_jvm_is_killed_and_said_so(fresh_kernel):
    # System.gc() needs the JVM's VM thread, which the forked copy of the kernel does not have:
    # without the kernel's watch the parent's waitpid would wait until an interrupt
    k = fresh_kernel
    warm_up(k)
    run = k.run("int pid = fork();\n"
                'if (pid == 0) { System.gc(); System.out.println("the child went on"); }\n'
                "else { int[] st = new int[1]; waitpid(pid, st, 0);\n"
                '       System.out.println(WIFSIGNALED(st[0]) ? "child killed by " + WTERMSIG(st[0]) : "child exited"); }',
                timeout=20)
    assert run.status == "ok", run.content
    assert run.stream() == "child killed by 9\n"
    err = run.stream("stderr")
    assert "was stuck inside the JVM; killed it (SIGKILL)" in err and err.count("stuck inside") == 1, err
    answers(k)


def test_shutdown_request_reports_no_exit(fresh_kernel):
    k = fresh_kernel
    warm_up(k)
    k.kc.shutdown()
    assert exit_code(k) == 0
    iopub = drain(k.kc.get_iopub_msg, 1)
    assert not [m for m in iopub if m["msg_type"] == "error"], iopub


# heartbeat and message sizes


def kernel_socket(k, kind, channel):
    info = k.km.get_connection_info()
    sock = zmq.Context.instance().socket(kind)
    sock.linger = 0
    sock.rcvtimeo = sock.sndtimeo = ANSWER_BOUND * 1000
    sock.connect(f"{info['transport']}://{info['ip']}:{info[channel + '_port']}")
    return sock


def echo(k, frames):
    """What a fresh REQ socket gets back from the heartbeat for frames (raises zmq.Again if nothing)."""
    sock = kernel_socket(k, zmq.REQ, "hb")
    try:
        sock.send_multipart(frames)
        return sock.recv_multipart()
    finally:
        sock.close()


def test_heartbeat_echoes_multipart_empty_and_large_messages(fresh_kernel):
    k = fresh_kernel
    warm_up(k)
    for frames in ([b"ping"], [b"a", b"", b"c"], [b""], [b"x" * ((1 << 20) - 1)], [b"ping"]):
        assert echo(k, frames) == frames
    assert k.kc.hb_channel.is_beating()
    answers(k)


def test_heartbeat_drops_oversized_messages_and_keeps_echoing(fresh_kernel):
    k = fresh_kernel
    warm_up(k)
    with pytest.raises(zmq.Again):  # one frame over the limit: ZMQ drops it, no echo
        echo(k, [b"x" * (2 << 20)])
    # frames each under the limit, over it together: answered with one empty frame
    assert echo(k, [b"x" * (600 << 10), b"y" * (600 << 10)]) == [b""]
    assert echo(k, [b"still", b"here"]) == [b"still", b"here"]
    assert k.kc.hb_channel.is_beating()
    answers(k)


def test_oversized_shell_messages_are_dropped(fresh_kernel):
    k = fresh_kernel
    warm_up(k)
    k.kc.execute("/*" + "x" * (9 << 20) + "*/ 1")  # one frame over shell's 8 MiB
    answers(k)
    msg = k.kc.session.msg("execute_request", {"code": "2", "silent": False})
    k.kc.session.send(k.kc.shell_channel.socket, msg, buffers=[b"x" * (5 << 20)] * 2)  # over it together
    answers(k)


# fds 1 and 2


@pytest.mark.parametrize("silence", [
    "close(1); close(2);",
    'int fd = open("/dev/null", O_WRONLY); dup2(fd, 1); dup2(fd, 2); close(fd);',
    "System.out.close(); System.err.close();",
])
def test_a_cell_that_closes_or_redirects_stdout_does_not_silence_the_next(fresh_kernel, silence):
    k = fresh_kernel
    warm_up(k)
    assert k.run(silence).status == "ok"
    run = k.run('System.out.println("out"); System.err.println("err"); printf("c\\n"); fflush(stdout);')
    assert run.status == "ok", run.content
    assert run.stream() == "out\nc\n"
    assert run.stream("stderr") == "err\n"
    answers(k)


# the task cap

CAP = 96          # tasks of the test kernel: about 30 JVM threads, the rest for forks
SAFETY_CAP = 160  # the test's own cgroup around it, in case the kernel's cap fails


def cgroup_pids(root):
    """Every process in cgroup root and the cgroups below it."""
    pids = set()
    for d, _, _ in os.walk(root):
        try:
            pids.update(int(p) for p in Path(d, "cgroup.procs").read_text().split())
        except FileNotFoundError:
            pass
    return pids


def refused(cgroup):
    """How many forks pids.max refused in this cgroup."""
    events = Path(cgroup, "pids.events").read_text().split()
    return int(events[events.index("max") + 1])


@pytest.fixture(params=["root", "nobody"])
def capped_kernel(request, tmp_path, monkeypatch):
    """A kernel capped at CAP tasks, run inside a pids cgroup of the test's own (capped at SAFETY_CAP)
    so that a failure of the kernel's cap cannot exhaust the machine. As nobody, the kernel cannot
    create a cgroup and caps itself with RLIMIT_NPROC."""
    user = request.param
    outer = PIDS_ROOT / f"syslab-test-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    try:
        outer.mkdir()
        (outer / "pids.max").write_text(str(SAFETY_CAP))
    except OSError as e:
        if outer.exists():
            outer.rmdir()
        pytest.skip(f"the fork loop runs only inside a pids cgroup of its own (cgroup v1, root): {e}")
    if user != "root" and not shutil.which("setpriv"):
        outer.rmdir()
        pytest.skip("no setpriv to run the kernel unprivileged")
    spec = KernelSpecManager().get_kernel_spec(KERNEL_NAME)
    wrapper = Path(__file__).with_name("enter_cgroup.py")
    prefix = Path("/tmp") / outer.name  # where nobody can read the kernel's files
    argv = [sys.executable, str(wrapper), str(outer), user, str(prefix), *spec.argv]
    kernels = tmp_path / "kernels" / "syslab-capped"
    kernels.mkdir(parents=True)
    (kernels / "kernel.json").write_text(json.dumps({
        "argv": argv, "display_name": "SysLab capped", "language": "java", "interrupt_mode": "message",
        "env": {"SYSLAB_MAX_TASKS": str(CAP)}}))
    monkeypatch.setenv("JUPYTER_PATH", os.pathsep.join([str(tmp_path), os.environ.get("JUPYTER_PATH", "")]))
    k = None
    try:
        k = Kernel("syslab-capped")
        yield k, outer, user
    finally:
        if k is not None:
            k.close()
        for suffix in ("-connection.json", "-kernel.log"):
            Path(f"{prefix}{suffix}").unlink(missing_ok=True)
        deadline = time.monotonic() + 10
        while (pids := cgroup_pids(outer)) and time.monotonic() < deadline:
            for pid in pids:
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
            time.sleep(0.05)
        for d, _, _ in sorted(os.walk(outer), key=lambda w: -len(w[0])):
            try:
                os.rmdir(d)
            except OSError:
                time.sleep(0.5)
                os.rmdir(d)


FORK_LOOP = "while (true) fork();"
# a leftover that leaves the process group: only the cgroup, or being a descendant, finds it
ESCAPED = ("int pid = fork();\n"
           "if (pid == 0) { setsid(); while (true) sleep(1000); }\n"
           "System.out.println(pid);")


def kernel_cgroup(k):
    for line in Path(f"/proc/{k.pid}/cgroup").read_text().splitlines():
        if ":pids:" in line:
            return PIDS_ROOT / line.split(":", 2)[2].lstrip("/")


def leftovers(k, outer):
    return (set(process_tree(k.pid)) | cgroup_pids(outer)) - {k.pid}


def wait_until_none_left(k, outer, bound=ANSWER_BOUND):
    deadline = time.monotonic() + bound
    while (left := leftovers(k, outer)) and time.monotonic() < deadline:
        time.sleep(0.1)
    return left


def fork_loop_fails_with_eagain(k):
    run = k.run(FORK_LOOP)
    assert run.status == "error"
    assert run.content["ename"] == "syslab.posix.ErrnoException"
    assert "EAGAIN" in run.content["evalue"], run.content


def test_fork_loop_fails_with_eagain_and_interrupt_ends_the_leftovers(capped_kernel):
    k, outer, user = capped_kernel
    warm_up(k)
    escaped = int(k.run(ESCAPED).stream())
    fork_loop_fails_with_eagain(k)
    answers(k)
    k.km.interrupt_kernel()
    assert not wait_until_none_left(k, outer)
    assert not alive(escaped)
    assert refused(outer) == 0, "the test's own cgroup stopped the loop, not the kernel's cap"
    if user == "root":
        assert kernel_cgroup(k).parent == outer and refused(kernel_cgroup(k)) > 0
    answers(k)


def test_restart_ends_the_fork_loops_leftovers(capped_kernel):
    k, outer, user = capped_kernel
    warm_up(k)
    escaped = int(k.run(ESCAPED).stream()) if user == "root" else None  # only a cgroup finds it later
    fork_loop_fails_with_eagain(k)
    restart(k)
    assert not wait_until_none_left(k, outer)
    assert escaped is None or not alive(escaped)
    assert refused(outer) == 0, "the test's own cgroup stopped the loop, not the kernel's cap"
    answers(k)
