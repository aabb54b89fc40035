#!/usr/bin/python3
"""What tracing costs: a syscall-heavy cell under %%strace against the same cell untraced, the time
%%strace adds to a cell that does nearly nothing, and the C baseline (the same loop compiled with
gcc, run plain and under strace itself). Cells go through jupyter_client, as a notebook sends them.

Usage: /usr/bin/python3 bench/strace/strace_bench.py [--kernel syslab] [--runs 11] [--calls 20000] [--json FILE]
"""
import argparse
import json
import os
import statistics
import subprocess
import tempfile
import time

from jupyter_client.manager import start_new_kernel

TIMEOUT = 120

C_LOOP = r"""
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>
int main(int argc, char *argv[]) {
    long n = atol(argv[1]);
    for (long i = 0; i < n; i++) syscall(SYS_getppid);   /* a real system call each time: glibc caches nothing here */
    return 0;
}
"""


def run_cell(kc, code):
    """Seconds from execute_request until the reply and the idle status both arrived; raises on error."""
    t0 = time.monotonic()
    msg_id = kc.execute(code)
    idle = reply = False
    while not (idle and reply):
        if time.monotonic() - t0 > TIMEOUT:
            raise TimeoutError(code)
        msg = kc.get_iopub_msg(timeout=TIMEOUT)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        if msg["msg_type"] == "error":
            raise RuntimeError(f"{code!r}: {msg['content']['evalue']}")
        if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            idle = True
            while not reply:
                r = kc.get_shell_msg(timeout=TIMEOUT)
                reply = r["parent_header"].get("msg_id") == msg_id
    return time.monotonic() - t0


def stats(samples):
    s = sorted(samples)
    return {"median": statistics.median(s), "p90": s[min(len(s) - 1, round(0.9 * (len(s) - 1)))], "n": len(s)}


def timed(argv, runs):
    out = []
    for _ in range(runs):
        t0 = time.monotonic()
        subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        out.append(time.monotonic() - t0)
    return stats(out)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--kernel", default="syslab")
    ap.add_argument("--runs", type=int, default=11)
    ap.add_argument("--calls", type=int, default=20000)
    ap.add_argument("--json")
    a = ap.parse_args()
    n = a.calls

    work = tempfile.mkdtemp(prefix="strace-bench-")
    loop = os.path.join(work, "loop")
    with open(loop + ".c", "w") as f:
        f.write(C_LOOP)
    subprocess.run(["gcc", "-O2", "-o", loop, loop + ".c"], check=True)

    cells = {
        "empty cell": "int x = 0;",
        "empty cell, %%strace": "%%strace\nint x = 0;",
        "empty cell, %%strace --no-ptrace": "%%strace --no-ptrace\nint x = 0;",
        f"{n:,} getppid() cell": f"for (int i = 0; i < {n}; i++) getppid();",
        f"{n:,} getppid() cell, %%strace": f"%%strace\nfor (int i = 0; i < {n}; i++) getppid();",
        f"{n:,} getppid() cell, %%strace --no-ptrace": f"%%strace --no-ptrace\nfor (int i = 0; i < {n}; i++) getppid();",
        f"C loop, %strace": f"%strace {loop} {n}",
    }
    results = {}
    km, kc = start_new_kernel(kernel_name=a.kernel)
    try:
        for code in cells.values():   # warm-up: compile paths, load classes, first forks
            run_cell(kc, code)
        samples = {name: [] for name in cells}
        for _ in range(a.runs):   # interleaved, so load changes hit every row alike
            for name, code in cells.items():
                samples[name].append(run_cell(kc, code))
        results = {name: stats(s) for name, s in samples.items()}
    finally:
        km.shutdown_kernel(now=True)
    results[f"C loop, plain"] = timed([loop, str(n)], a.runs)
    results[f"C loop, strace -f -c"] = timed(["strace", "-f", "-c", "-w", "-o", os.devnull, loop, str(n)], a.runs)

    med = {k: v["median"] for k, v in results.items()}
    heavy = f"{n:,} getppid() cell"
    figures = {
        "%%strace adds to an empty cell (s)": med["empty cell, %%strace"] - med["empty cell"],
        "%%strace --no-ptrace adds to an empty cell (s)": med["empty cell, %%strace --no-ptrace"] - med["empty cell"],
        "syscall-heavy cell: %%strace / plain": med[heavy + ", %%strace"] / med[heavy],
        "syscall-heavy cell: %%strace / %%strace --no-ptrace": med[heavy + ", %%strace"] / med[heavy + ", %%strace --no-ptrace"],
        "tracing cost per system call, cell (us)": (med[heavy + ", %%strace"] - med[heavy + ", %%strace --no-ptrace"]) / n * 1e6,
        "C loop: strace / plain": med["C loop, strace -f -c"] / med["C loop, plain"],
        "tracing cost per system call, C (us)": (med["C loop, strace -f -c"] - med["C loop, plain"]) / n * 1e6,
        "C loop: %strace (kernel cell) / strace (shell)": med["C loop, %strace"] / med["C loop, strace -f -c"],
    }
    load = open("/proc/loadavg").read().split()[:3]
    print(f"kernel {a.kernel}, {a.runs} runs, {n:,} calls, {os.cpu_count()} cores, load average {' '.join(load)}\n")
    print("| what | median s | p90 s |\n| --- | ---: | ---: |")
    for name, s in results.items():
        print(f"| {name} | {s['median']:.4f} | {s['p90']:.4f} |")
    print("\n| figure | value |\n| --- | ---: |")
    for name, v in figures.items():
        print(f"| {name} | {v:.3f} |")
    print(f"\ntarget: %%strace adds < 0.5 s to an empty cell: {'met' if figures['%%strace adds to an empty cell (s)'] < 0.5 else 'MISSED'}")
    if a.json:
        with open(a.json, "w") as f:
            json.dump({"results": results, "figures": figures, "load": load, "calls": n, "runs": a.runs}, f, indent=1)


if __name__ == "__main__":
    main()
