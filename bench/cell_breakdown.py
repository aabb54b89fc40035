#!/usr/bin/python3
"""Where a trivial cell's time goes: the client's send and receive times and the kernel's own
timestamps (SYSLAB_TIMING, see syslab.kernel.log.Timing) on one clock, CLOCK_MONOTONIC.

Usage: /usr/bin/python3 bench/cell_breakdown.py [--cells 200] [--code '1+1'] [--kernel syslab]
Prints the median of each step over the cells, after 20 warm-up cells, and the same for the first
cell after kernel_info_reply of a fresh kernel (--firsts launches).
"""
import argparse
import os
import statistics
import tempfile
import time

import zmq
from jupyter_client.manager import KernelManager

TIMEOUT = 60


def start(name, timing_file):
    km = KernelManager(kernel_name=name)
    km.start_kernel(env={**os.environ, "SYSLAB_TIMING": timing_file})
    kc = km.client()
    kc.start_channels()
    return km, kc


def run_cell(kc, code):
    """Sends one cell; returns the client's (send, reply, idle) times in ns. Waits in zmq's poll
    on both sockets, so neither receipt is timed late and the client burns no CPU meanwhile."""
    poller = zmq.Poller()
    poller.register(kc.shell_channel.socket, zmq.POLLIN)
    poller.register(kc.iopub_channel.socket, zmq.POLLIN)
    t_send = time.monotonic_ns()
    msg_id = kc.execute(code)
    t_reply = t_idle = None
    deadline = time.monotonic() + TIMEOUT
    while t_reply is None or t_idle is None:
        if time.monotonic() > deadline:
            raise TimeoutError(code)
        ready = dict(poller.poll(1000))
        now = time.monotonic_ns()
        if kc.iopub_channel.socket in ready:
            msg = kc.get_iopub_msg(timeout=0)
            if (msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "status"
                    and msg["content"]["execution_state"] == "idle"):
                t_idle = now
        if kc.shell_channel.socket in ready:
            msg = kc.get_shell_msg(timeout=0)
            if msg["parent_header"].get("msg_id") == msg_id:
                t_reply = now
    return t_send, t_reply, t_idle


def kernel_marks(timing_file):
    """The kernel's marks, one list of (phase, ns) per shell request, in order."""
    requests = []
    with open(timing_file) as f:
        for line in f:
            phase, ns, _thread = line.rstrip("\n").split(" ", 2)
            if phase == "shell.received":
                requests.append([])
            if requests:
                requests[-1].append((phase, int(ns)))
    return requests


def steps(client, marks):
    """(label, ns) for each step of one cell, from the client's send to its receipt of idle."""
    t_send, t_reply, t_idle = client
    seq = [("client sends", t_send)] + marks
    out = [(f"{a} -> {b}", tb - ta) for (a, ta), (b, tb) in zip(seq, seq[1:])]
    reply_sent = next((t for p, t in marks if p == "shell.sent.execute_reply"), None)
    idle_sent = next((t for p, t in marks if p == "iopub.sent.status"
                      and t >= (reply_sent or 0)), None)
    if reply_sent:
        out.append(("reply sent -> client has it", t_reply - reply_sent))
    if idle_sent:
        out.append(("idle sent -> client has it", t_idle - idle_sent))
    out.append(("TOTAL send -> reply and idle received", max(t_reply, t_idle) - t_send))
    return out


def medians(per_cell):
    order, values = [], {}
    for cell in per_cell:
        for label, ns in cell:
            if label not in values:
                order.append(label)
                values[label] = []
            values[label].append(ns)
    return [(label, statistics.median(v), statistics.mean(v), sorted(v)[int(len(v) * 0.9)], len(v))
            for label, v in ((label, values[label]) for label in order)]


def print_table(title, rows):
    print(f"\n{title}\n  {'step':<58} {'median':>9} {'mean':>9} {'p90':>9}  ms")
    for label, median, mean, p90, n in rows:
        print(f"  {label:<58} {median / 1e6:9.3f} {mean / 1e6:9.3f} {p90 / 1e6:9.3f}"
              + ("" if n == rows[0][4] else f"  (in {n})"))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--kernel", default="syslab")
    ap.add_argument("--code", default="1+1")
    ap.add_argument("--cells", type=int, default=200)
    ap.add_argument("--firsts", type=int, default=5)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        firsts = []
        for i in range(args.firsts):
            path = os.path.join(tmp, f"first{i}")
            km, kc = start(args.kernel, path)
            kc.wait_for_ready(timeout=TIMEOUT)
            client = run_cell(kc, args.code)
            kc.stop_channels()
            km.shutdown_kernel(now=True)
            firsts.append(steps(client, kernel_marks(path)[-1]))
        path = os.path.join(tmp, "cells")
        km, kc = start(args.kernel, path)
        kc.wait_for_ready(timeout=TIMEOUT)
        for _ in range(20):
            run_cell(kc, args.code)
        clients = [run_cell(kc, args.code) for _ in range(args.cells)]
        kc.stop_channels()
        km.shutdown_kernel(now=True)
        marks = kernel_marks(path)[-args.cells:]
    print_table(f"first cell {args.code!r} after kernel_info_reply, median of {args.firsts} launches",
                medians(firsts))
    print_table(f"cell {args.code!r}, median of {args.cells} after 20 warm-up cells",
                medians([steps(c, m) for c, m in zip(clients, marks)]))
    print(f"({os.cpu_count()} cores; load average {os.getloadavg()[0]:.1f}; {time.strftime('%Y-%m-%d %H:%M')})")


if __name__ == "__main__":
    main()
