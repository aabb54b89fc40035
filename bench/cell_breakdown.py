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


# (label, start mark, end mark): each is the first such mark of the request, the end one after
# the start one. Marks come from several threads (iopub's sender posts while JShell compiles), so
# the steps are named spans, not the gaps between consecutive marks.
SPANS = [
    ("client send -> kernel has the request", "client.send", "shell.received"),
    ("verify, decode, dispatch", "shell.received", "dispatch"),
    ("busy, execute_input queued", "dispatch", "eval"),
    ("JShell: split the cell", "eval", "jshell.eval"),
    ("JShell: javac (parse, analyze, compile)", "jshell.eval", "jshell.load"),
    ("JShell: load the class", "jshell.load", "jshell.invoke"),
    ("invoke on the execution thread", "jshell.invoke", "jshell.invoked"),
    ("  of which the cell's own code", "user", "user.done"),
    ("JShell events, value", "jshell.invoked", "render"),
    ("render", "render", "drain"),
    ("drain fds 1 and 2", "drain", "reply"),
    ("execute_result and execute_reply sent", "reply", "shell.sent.execute_reply"),
    ("reply sent -> client has it", "shell.sent.execute_reply", "client.reply"),
    ("idle sent", "shell.sent.execute_reply", "idle.sent"),
    ("idle sent -> client has it", "idle.sent", "client.idle"),
    ("TOTAL: send -> reply and idle received", "client.send", "client.done"),
]


def steps(client, marks):
    """(label, ns) for each span of one request that has both its marks."""
    t_send, t_reply, t_idle = client
    seq = [("client.send", t_send)] + marks
    idle_at = next((t for p, t in marks if p == "idle"), None)
    if idle_at is not None:  # the idle status was posted at "idle"; it left at the next iopub send
        sent = [t for p, t in marks if p == "iopub.sent.status" and t >= idle_at]
        seq += [("idle.sent", sent[0])] if sent else []
    seq += [("client.reply", t_reply), ("client.idle", t_idle), ("client.done", max(t_reply, t_idle))]
    out = []
    for label, a, b in SPANS:
        ta = next((t for p, t in seq if p == a), None)
        tb = next((t for p, t in seq if p == b and ta is not None and t >= ta), None)
        if ta is not None and tb is not None:
            out.append((label, tb - ta))
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
