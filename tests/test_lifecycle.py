"""Interrupt, shutdown, restart and stdin through jupyter_client, as a notebook drives them.

Bounds here (INTERRUPT_BOUND, EXIT_BOUND) catch a kernel that never stops; they are not the
speed targets, which bench/kernel_bench.py measures."""
import os
import time

import pytest

from conftest import alive, cpu_seconds, process_tree

INTERRUPT_BOUND = 10
EXIT_BOUND = 10


def start(kernel, code):
    """Sends a cell that prints "started" and then runs code; returns once "started" arrived,
    so the interrupt surely lands in the running code."""
    msg_id = kernel.kc.execute('System.out.println("started");\n' + code)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        msg = kernel.kc.get_iopub_msg(timeout=30)
        if (msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "stream"
                and "started" in msg["content"]["text"]):
            return msg_id
    raise TimeoutError("the cell never started")


def assert_interrupted(run):
    assert run.status in ("error", "aborted"), run.content
    if run.status == "error":
        words = (run.content["ename"] + " " + run.content["evalue"]).lower()
        assert "interrupt" in words, run.content
        assert len(run.mine("error")) == 1, "the notebook is not shown the interruption"


def busy_fraction(pids, seconds=1.0):
    """CPU seconds the processes used per wall second over an interval."""
    before = cpu_seconds(pids)
    time.sleep(seconds)
    return (cpu_seconds(pids) - before) / seconds


def thread_busy_fraction(pid, name, seconds=1.0):
    """Like busy_fraction, for the one thread of pid whose name (comm) is given.

    A fresh JVM keeps compiling for about a second after its first cells, so the whole process
    is not idle yet; the thread that ran the cell must be."""
    import glob

    def cpu():
        for stat in glob.glob(f"/proc/{pid}/task/*/stat"):
            with open(stat) as f:
                comm = f.read()
            head, rest = comm.rsplit(")", 1)
            if head.split("(", 1)[1] == name:
                fields = rest.split()
                return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        raise AssertionError(f"no thread named {name} in {pid}")

    before = cpu()
    time.sleep(seconds)
    return (cpu() - before) / seconds


@pytest.mark.parametrize("code", ["while (true) {}", "Thread.sleep(100000);"])
def test_interrupt_stops_the_cell_and_keeps_the_state(fresh_kernel, code):
    k = fresh_kernel
    assert k.run("int kept = 7;").status == "ok"
    msg_id = start(k, code)
    k.km.interrupt_kernel()
    assert_interrupted(k.wait(msg_id, timeout=INTERRUPT_BOUND))
    assert k.run("kept").result() == "7"
    assert thread_busy_fraction(k.pid, "syslab-exec") < 0.1, "the interrupted cell still burns CPU"
    assert busy_fraction(process_tree(k.pid)) < 0.6, "the kernel still burns CPU"


def test_shutdown_ends_the_kernel_and_its_children(fresh_kernel):
    k = fresh_kernel
    run = k.run('new ProcessBuilder("sleep", "100").start().pid()')
    child = int(run.result())
    assert alive(child)
    k.kc.shutdown()
    deadline = time.monotonic() + EXIT_BOUND
    while k.km.provisioner.process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert k.km.provisioner.process.poll() is not None, "the kernel did not exit"
    while alive(child) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not alive(child), "the cell's child process outlived the kernel"


def test_restart_gives_a_fresh_kernel(fresh_kernel):
    k = fresh_kernel
    assert k.run("int before = 1;").status == "ok"
    old_pid = k.pid
    k.km.restart_kernel(now=False)
    k.kc.wait_for_ready(timeout=60)
    assert k.pid != old_pid
    assert not alive(old_pid)
    assert k.run("6 * 7").result() == "42"
    gone = k.run("before")
    assert gone.status == "error"


def test_input_request_answered_by_the_client(kernel):
    run = kernel.run("new java.util.Scanner(System.in).nextLine()", allow_stdin=True,
                     stdin=["typed by the user"])
    assert run.status == "ok", run.content
    assert len(run.input_requests) == 1
    assert "typed by the user" in run.result()


def test_no_stdin_means_end_of_file_at_once(kernel):
    scanner = kernel.run("new java.util.Scanner(System.in).nextLine()", allow_stdin=False)
    assert scanner.status == "error"
    assert "NoSuchElementException" in scanner.content["ename"]
    assert not scanner.input_requests
    read = kernel.run("System.in.read()", allow_stdin=False)
    assert read.result() == "-1"


# Each would run for minutes or hours; cut to its quick form (the second string) for a first run that loads
# and links everything, so that the fd count before the long run is the kernel's steady one.
LONG_EXPERIMENTS = {
    "shm": ("%ipc compare --methods=shm --sizes=64 --bytes=64G --placements=one-cpu",
            "%ipc compare --methods=shm --sizes=64 --bytes=64K --round-trips=10 -r 1 --placements=one-cpu"),
    "pipe": ("%pipe throughput --chunks=64 --bytes=64G",
             "%pipe throughput --chunks=64 --bytes=64K -r 1"),
    "epoll": ("%epoll compare --fds=1000 --rounds=1000000",
              "%epoll compare --fds=10 --rounds=5"),
    "server": ("%epoll server --models=epoll-et --clients=10 --seconds=60",
               "%epoll server --models=epoll-et --clients=1 --seconds=0.1"),
}


def open_fds(pid):
    return len(os.listdir(f"/proc/{pid}/fd"))


@pytest.mark.parametrize("name", LONG_EXPERIMENTS)
def test_interrupt_ends_an_experiment_with_its_children_and_fds(fresh_kernel, name):
    """An interrupted experiment ends at once, through the protocol as a notebook sends it: its
    children are gone, its fds closed, and the session goes on."""
    k = fresh_kernel
    long, quick = LONG_EXPERIMENTS[name]
    assert k.run(quick).status == "ok"
    fds = open_fds(k.pid)
    msg_id = start(k, long)
    time.sleep(1)  # well into the measurement
    k.km.interrupt_kernel()
    assert_interrupted(k.wait(msg_id, timeout=INTERRUPT_BOUND))
    deadline = time.monotonic() + 5
    while process_tree(k.pid) != [k.pid] and time.monotonic() < deadline:
        time.sleep(0.05)
    assert process_tree(k.pid) == [k.pid], "the experiment's children outlived it"
    assert open_fds(k.pid) <= fds, "the experiment left fds open"
    assert k.run("6 * 7").result() == "42"


def comms(pids):
    """The process names (comm) of these pids that are still there."""
    names = []
    for pid in pids:
        try:
            with open(f"/proc/{pid}/comm") as f:
                names.append(f.read().strip())
        except FileNotFoundError:
            pass
    return names


def test_interrupt_kills_the_c_program_of_with_c(fresh_kernel):
    """--with-c: an interrupt while the C program measures kills its process group (its children too),
    and the session goes on."""
    k = fresh_kernel
    assert k.run("%epoll compare --with-c --fds=10 --rounds=5").status == "ok"  # compiled and cached
    # poll on 1,000 idle fds, about 0.12 ms a call: some seconds in Java, then as many in C
    msg_id = start(k, "%epoll compare --with-c --fds=1000 --methods=poll --rounds=40000")
    deadline = time.monotonic() + 60
    while not any(c.startswith("wait_cost") for c in comms(process_tree(k.pid))):
        assert time.monotonic() < deadline, "wait_cost did not start within 60 s"
        time.sleep(0.05)
    time.sleep(0.5)  # into its rounds
    k.km.interrupt_kernel()
    assert_interrupted(k.wait(msg_id, timeout=INTERRUPT_BOUND))
    deadline = time.monotonic() + 5
    while process_tree(k.pid) != [k.pid] and time.monotonic() < deadline:
        time.sleep(0.05)
    assert comms(process_tree(k.pid)[1:]) == [], "the C program or its children outlived the interrupt"
    assert k.run("6 * 7").result() == "42"


def test_an_interrupt_never_reaches_the_next_cell(fresh_kernel):
    """The interrupt keeps stopping its cell for a while; the cell sent right after must not be hit."""
    k = fresh_kernel
    for i in range(8):
        msg_id = start(k, "while (true) {}")
        k.km.interrupt_kernel()
        assert_interrupted(k.wait(msg_id, timeout=INTERRUPT_BOUND))
        assert k.run(f"{i} + 1").result() == str(i + 1), f"round {i}: the next cell was interrupted too"


def test_stopping_a_display_loop_keeps_every_message_whole(fresh_kernel):
    """A cell stopped while it displays (the stop lands anywhere, also while a message is being
    signed or sent) still ends with its error and idle status, correctly signed, and so does every
    later cell. Each stop has a chance of landing mid-message: many stops make that sure."""
    k = fresh_kernel
    for _ in range(25):
        msg_id = start(k, 'String big = "x".repeat(200_000); while (true) { display(big); }')
        time.sleep(0.3)
        k.km.interrupt_kernel()
        assert_interrupted(k.wait(msg_id, timeout=INTERRUPT_BOUND))
    assert k.run("6 * 7").result() == "42"
