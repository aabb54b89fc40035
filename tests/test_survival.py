"""A kernel that survives every student mistake: whatever a cell runs (magics included), an
interrupt ends it with an error reply and the session goes on with its earlier state; no input
leaves a request without a reply (errors thrown anywhere, sizes out of range).

Each case gets a kernel of its own. BOUND is the issue's bound on each reply, not a speed target."""
import time

import pytest

from conftest import process_tree

BOUND = 5


def start(kernel, code, marker="started"):
    """Sends code and returns its msg_id once its output shows marker (the code is running)."""
    msg_id = kernel.kc.execute(code)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        msg = kernel.kc.get_iopub_msg(timeout=30)
        if (msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "stream"
                and marker in msg["content"]["text"]):
            return msg_id
    raise TimeoutError(f"the cell never printed {marker!r}")


def assert_still_serves(k):
    """The kernel answers within BOUND and kept what was defined before the case."""
    assert k.run("6 * 7", timeout=BOUND).result() == "42"
    assert k.run("kept", timeout=BOUND).result() == "7"


def error_words(run):
    assert run.status == "error", run.content
    assert len(run.mine("error")) == 1, "the notebook is not shown the error"
    return run.content["ename"] + ": " + run.content["evalue"]


# Each runs for good (or for minutes) unless interrupted; each prints "started" once running.
HANGS = {
    "time": "%time System.out.println(\"started\"); while (true) {}",
    "timeit -n": "%timeit -n 2000000000 System.out.println(\"started\"); while (true) {}",
    "timeit cell": "%%timeit\nSystem.out.println(\"started\"); while (true) {}",
    "time cell": "%%time\nSystem.out.println(\"started\"); while (true) {}",
    "bash": "%%bash\necho started; sleep 100",
    "pipe": "System.out.println(\"started\");\n%pipe throughput --chunks=64 --bytes=512G -r 1000",
    "epoll": "System.out.println(\"started\");\n%epoll compare --fds=1000 --rounds=1000000",
    "ipc": "System.out.println(\"started\");\n%ipc compare --methods=pipe --bytes=512G -r 1000 --placements=free",
    "fork": "%%fork --timeout=3600\nwhile (true) {}",  # the child's output shows at its end only
}


@pytest.mark.parametrize("name", HANGS)
def test_interrupt_ends_the_cell_and_keeps_the_session(fresh_kernel, name):
    k = fresh_kernel
    assert k.run("int kept = 7;").status == "ok"
    code = HANGS[name]
    if "started" not in code:
        msg_id = k.kc.execute(code)
        time.sleep(2)  # running by now
    else:
        msg_id = start(k, code)
        time.sleep(0.5)  # well inside the loop or the measurement
    k.km.interrupt_kernel()
    words = error_words(k.wait(msg_id, timeout=BOUND)).lower()
    assert "interrupt" in words
    if name in ("pipe", "ipc", "epoll"):  # the experiment magics end alike
        assert words.startswith("interrupted: "), words
    deadline = time.monotonic() + BOUND
    while process_tree(k.pid) != [k.pid] and time.monotonic() < deadline:
        time.sleep(0.05)
    assert process_tree(k.pid) == [k.pid], "the cell's processes outlived it"
    assert_still_serves(k)


# Each must be refused at once, with the option's range in the message.
OUT_OF_RANGE = {
    "%timeit -r 2000000000 Math.sqrt(2)": "-r must be between 1 and 1000, got 2000000000",
    "%timeit -n 0 Math.sqrt(2)": "-n must be between 1 and",
    "%pipe throughput -r 1000000000": "must be between 1 and",
    "%pipe throughput --bytes=8000G": "--bytes must be between",
    "%pipe latency --round-trips=2000000000": "--round-trips must be between",
    "%ipc compare --sizes=64M": "--sizes must be between",
    "%epoll compare --rounds=2000000000": "--rounds must be between",
    "%epoll compare --fds=100000000": "--fds must be between",
    "%epoll server --clients=1000000": "--clients must be between",
    "%epoll server --seconds=1e12": "--seconds must be between",
    "%epoll triggers --chunks=2000000000": "--chunks must be between",
    "%strace --timeout=1e12 true": "--timeout must be between",
    "%%fork --max-procs=100000000\nint x = 1;": "--max-procs must be between",
    "%%fork --timeout=1e12\nint x = 1;": "--timeout must be between",
}


@pytest.mark.parametrize("code", OUT_OF_RANGE)
def test_a_size_out_of_range_is_a_usage_error(fresh_kernel, code):
    k = fresh_kernel
    assert k.run("int kept = 7;").status == "ok"
    words = error_words(k.run(code, timeout=BOUND))
    assert "UsageError" in words and OUT_OF_RANGE[code] in words
    assert_still_serves(k)


@pytest.mark.parametrize("path, why", [("/dev/zero", "not a regular file"),
                                       ("directory", "not a regular file"),
                                       ("big", "larger than")])
def test_load_refuses_what_is_not_a_small_file(fresh_kernel, tmp_path, path, why):
    k = fresh_kernel
    assert k.run("int kept = 7;").status == "ok"
    if path == "directory":
        path = str(tmp_path)
    elif path == "big":
        big = tmp_path / "big.java"
        with open(big, "wb") as f:
            f.truncate(3 << 30)  # sparse: costs no disk
        path = str(big)
    words = error_words(k.run(f"%load {path}", timeout=BOUND))
    assert why in words and path in words
    assert_still_serves(k)


ERRORS = {
    "array too large": ("new long[Integer.MAX_VALUE - 8]", "OutOfMemoryError"),
    "Error thrown in a magic": ("%time throw new OutOfMemoryError(\"from the timed code\")",
                                "OutOfMemoryError"),
    "stack overflow": ("int down(int n) { return down(n + 1) + 1; }\ndown(0)", "StackOverflowError"),
    "stack overflow in a magic": ("int down(int n) { return down(n + 1) + 1; }\n%time down(0)",
                                  "StackOverflowError"),
    "linkage error in a magic": ("%timeit -n 1 -r 1 throw new NoClassDefFoundError(\"gone\")",
                                 "NoClassDefFoundError"),
}


@pytest.mark.parametrize("name", ERRORS)
def test_an_error_becomes_the_cells_error_reply(fresh_kernel, name):
    k = fresh_kernel
    assert k.run("int kept = 7;").status == "ok"
    code, ename = ERRORS[name]
    words = error_words(k.run(code, timeout=BOUND))
    assert ename in words
    assert_still_serves(k)
