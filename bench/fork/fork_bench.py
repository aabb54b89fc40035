#!/usr/bin/python3
"""Cost of forking a cell, and of a libc call through JNA, measured inside a running SysLab kernel
(the JVM a notebook forks, with its size and its JIT settings) and printed as one table.

Usage: /usr/bin/python3 bench/fork/fork_bench.py [--kernel syslab] [--runs 200] [--cells 50]
See bench/fork/README.md for what each row means.
"""
import argparse
import os
import re
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from jupyter_client.manager import start_new_kernel

HERE = Path(__file__).resolve().parent
MODES = ["tty", "pipe", "file"]
TIMEOUT = 600

# One cell: ForkRunner.run(mode, empty body), RUNS times per mode after a warm-up, one line per
# run: "mode milliseconds".
RUNNER_CELL = """
import syslab.fork.*;
{
    ForkRunner runner = new ForkRunner();
    for (StdoutMode mode : StdoutMode.values()) {
        for (int i = 0; i < 20; i++) runner.run(mode, () -> { });
        for (int i = 0; i < RUNS; i++) {
            long t = System.nanoTime();
            runner.run(mode, () -> { });
            System.out.println(mode.label() + " " + (System.nanoTime() - t) / 1e6);
        }
    }
}
"""

# One cell: ns per getpid() call, direct-mapped (LibC) and through the checked facade (C): 8 rounds,
# each timing a loop of CALLS calls of one way then the other (so that both see the same load);
# the median of the last 5 rounds: "name ns".
GETPID_CELL = """
{
    long calls = CALLS;
    double[][] ns = new double[2][8];
    for (int round = 0; round < 8; round++) {
        long sum = 0, t = System.nanoTime();
        for (long i = 0; i < calls; i++) sum += syslab.posix.LibC.getpid();
        ns[0][round] = (System.nanoTime() - t) / (double) calls;
        t = System.nanoTime();
        for (long i = 0; i < calls; i++) sum += syslab.posix.C.getpid();
        ns[1][round] = (System.nanoTime() - t) / (double) calls;
        if (sum == 0) throw new IllegalStateException("getpid returned 0");
    }
    String[] ways = {"LibC.getpid", "C.getpid"};
    for (int w = 0; w < 2; w++) {
        double[] measured = Arrays.copyOfRange(ns[w], 3, 8);
        Arrays.sort(measured);
        System.out.println(ways[w] + " " + measured[2]);
    }
}
"""


class Kernel:
    def __init__(self, name):
        self.km, self.kc = start_new_kernel(kernel_name=name, startup_timeout=60)

    def run(self, code):
        """Runs a cell; returns (seconds until idle, its stdout, the HTML of its displays)."""
        stdout, shown = [], []

        def hook(msg):
            content = msg["content"]
            if msg["msg_type"] == "stream" and content["name"] == "stdout":
                stdout.append(content["text"])
            elif msg["msg_type"] in ("display_data", "execute_result"):
                shown.append(content["data"].get("text/html", ""))

        t = time.monotonic()
        reply = self.kc.execute_interactive(code, timeout=TIMEOUT, output_hook=hook)
        seconds = time.monotonic() - t
        if reply["content"]["status"] != "ok":
            raise RuntimeError(f"cell failed: {reply['content']}\n{code}")
        return seconds, "".join(stdout), "\n".join(shown)

    def close(self):
        self.kc.stop_channels()
        self.km.shutdown_kernel(now=True)


def c_getpid_ns(binary, calls, times):
    """ns per getpid() in C, one figure per run of the compiled getpid.c."""
    return [float(subprocess.run([binary, str(calls)], check=True, capture_output=True, text=True).stdout.split()[0])
            for _ in range(times)]


def p90(values):
    return sorted(values)[int(len(values) * 0.9)]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--kernel", default="syslab", help="kernelspec to measure (default: syslab)")
    ap.add_argument("--runs", type=int, default=200, help="ForkRunner runs per stdout mode")
    ap.add_argument("--cells", type=int, default=50, help="%%%%fork cells per stdout mode")
    ap.add_argument("--calls", type=int, default=10_000_000, help="getpid calls per loop")
    args = ap.parse_args()

    rows = []  # (what, median, p90, unit, target)
    k = Kernel(args.kernel)
    try:
        _, out, _ = k.run(RUNNER_CELL.replace("RUNS", str(args.runs)))
        runner_ms = {m: [] for m in MODES}
        for line in out.splitlines():
            mode, ms = line.split()
            runner_ms[mode].append(float(ms))
        for mode in MODES:
            rows.append((f"ForkRunner.run({mode}, empty body)", statistics.median(runner_ms[mode]),
                         p90(runner_ms[mode]), "ms", "< 30 ms"))

        for mode in MODES:
            cell = f"%%fork --stdout={mode}\n"
            k.run(cell)  # the first compiles the magic's path
            walls, shown_ms = [], []
            for _ in range(args.cells):
                seconds, _, shown = k.run(cell)
                walls.append(seconds * 1000)
                # the runner's own wall time, from the output's title "pipe: ./a.out | cat (12 ms)"
                shown_ms.append(float(re.search(r"\((\d+) ms\)</th>", shown).group(1)))
            rows.append((f"%%fork --stdout={mode} cell, runner's wall", statistics.median(shown_ms), p90(shown_ms),
                         "ms", "< 30 ms"))
            rows.append((f"%%fork --stdout={mode} cell, request to idle", statistics.median(walls), p90(walls),
                         "ms", ""))

        # C's figures from just before and just after the cell's: a system call's cost moves with the load
        with tempfile.TemporaryDirectory() as tmp:
            binary = f"{tmp}/getpid"
            subprocess.run(["gcc", "-O2", "-o", binary, str(HERE / "getpid.c")], check=True)
            c_figures = c_getpid_ns(binary, args.calls, 3)
            _, out, _ = k.run(GETPID_CELL.replace("CALLS", str(args.calls) + "L"))
            c_figures += c_getpid_ns(binary, args.calls, 3)
        jna = {way: float(ns) for way, ns in (line.split() for line in out.splitlines())}
    finally:
        k.close()

    c_ns = statistics.median(c_figures)
    rows.append(("getpid(), C (gcc -O2)", c_ns, None, "ns/call", ""))
    rows.append(("getpid(), JNA direct (LibC.getpid)", jna["LibC.getpid"], None, "ns/call", ""))
    rows.append(("getpid(), checked facade (C.getpid)", jna["C.getpid"], None, "ns/call", ""))
    rows.append(("  ratio JNA direct / C", jna["LibC.getpid"] / c_ns, None, "x", ""))
    rows.append(("  ratio facade / C", jna["C.getpid"] / c_ns, None, "x", ""))

    width = max(len(r[0]) for r in rows)
    print(f"{'measure':<{width}}  {'median':>9}  {'p90':>9}  {'unit':<8} target")
    for what, median, q90, unit, target in rows:
        q = f"{q90:9.2f}" if q90 is not None else f"{'':>9}"
        print(f"{what:<{width}}  {median:9.2f}  {q}  {unit:<8} {target}")
    print(f"kernel {args.kernel}; {args.runs} runner runs and {args.cells} cells per mode; "
          f"{args.calls:,} getpid calls per loop; load average {' '.join(f'{x:.2f}' for x in os.getloadavg())} "
          f"on {os.cpu_count()} CPUs")


if __name__ == "__main__":
    main()
