#!/usr/bin/python3
"""A class on the hub that scripts/hub/hub.sh started: N students log in, start their servers and run
course notebooks at the same time, as browsers do; measured for each N given (scripts/hub/README.md).

For each N, with the students PREFIX01..PREFIXNN (hub.sh start --students made them):
  1. "log in": a token for each student, made with the hub's service token (POST
     /hub/api/users/NAME/tokens);
  2. start every server at once (POST /hub/api/users/NAME/server) and poll GET /hub/api/users/NAME
     until each is ready: the time until all are ready;
  3. each student, in a thread of its own, reads each notebook through the contents API, opens a
     session for it (POST /user/NAME/api/sessions, which starts a syslab kernel in the notebook's
     folder, as the notebook page does), runs its code cells in order over the kernel's websocket
     (execute_request on /user/NAME/api/kernels/ID/channels), then deletes the session;
  4. the servers are stopped (DELETE /hub/api/users/NAME/server) and anything left of the students'
     processes is killed.
Meanwhile the resident memory of each student (every process of that uid: server, kernels, fork
children) is read from /proc once a second. A cell fails if its reply is an error or it prints an
error, unless tagged raises-exception; in a notebook whose metadata has syslab.timing, a cell whose
"check failed" runs once more (the rule of tests/test_notebooks.py, per cell), and that is counted.
Bounded: at most 40 students, a timeout per cell, per server start and per N.

Writes into OUT: results.json (every cell), summary.csv and summary.json (one row per N) and
load.png (latency and memory against N). Run as root (reads other users' /proc/PID/smaps_rollup).
"""
import argparse
import csv
import datetime
import json
import os
import pwd
import signal
import statistics
import sys
import threading
import time
import uuid
from pathlib import Path

import requests
import websocket

MAX_STUDENTS = 40


def log(*args):
    print(time.strftime("%H:%M:%S"), *args, flush=True)


class Hub:
    def __init__(self, url, token):
        self.url = url.rstrip("/")
        self.api = requests.Session()
        self.api.headers["Authorization"] = f"token {token}"

    def call(self, method, path, **kwargs):
        r = self.api.request(method, f"{self.url}/hub/api{path}", timeout=60, **kwargs)
        if r.status_code >= 400:
            raise RuntimeError(f"{method} {path}: {r.status_code} {r.text[:300]}")
        return r.json() if r.text else None

    def server(self, name):
        return self.call("GET", f"/users/{name}")["servers"].get("")

    def stop(self, names, timeout):
        for name in names:
            try:
                if self.server(name):
                    self.call("DELETE", f"/users/{name}/server")
            except RuntimeError as e:
                log(f"stopping {name}: {e}")
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and any(self.server(n) for n in names):
            time.sleep(1)


def uid_processes(uid):
    pids = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                if os.stat(f"/proc/{entry}").st_uid == uid:
                    pids.append(int(entry))
            except FileNotFoundError:
                pass
    return pids


def memory_kb(uid):
    """(RSS, PSS) in kB summed over the processes of uid, from /proc/PID/smaps_rollup."""
    rss = pss = 0
    for pid in uid_processes(uid):
        try:
            with open(f"/proc/{pid}/smaps_rollup") as f:
                for line in f:
                    if line.startswith("Rss:"):
                        rss += int(line.split()[1])
                    elif line.startswith("Pss:"):
                        pss += int(line.split()[1])
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            pass
    return rss, pss


class MemorySampler(threading.Thread):
    def __init__(self, names):
        super().__init__(daemon=True)
        self.uids = {n: pwd.getpwnam(n).pw_uid for n in names}
        self.samples = {n: [] for n in names}  # (rss, pss) kB, only while the student has processes
        self.done = threading.Event()

    def run(self):
        while not self.done.wait(1):
            for name, uid in self.uids.items():
                rss, pss = memory_kb(uid)
                if rss:
                    self.samples[name].append((rss, pss))


class Student:
    """One student's browser: a token, then notebooks run cell by cell over the websocket."""

    def __init__(self, hub, name, args):
        self.hub, self.name, self.args = hub, name, args
        self.cells = []      # one dict per executed cell
        self.errors = []     # what went wrong outside cells (server, session, websocket)
        self.ready_s = None
        self.http = requests.Session()

    def login(self):
        token = self.hub.call("POST", f"/users/{self.name}/tokens",
                              json={"note": "load harness", "expires_in": 3 * 3600})["token"]
        self.http.headers["Authorization"] = f"token {token}"
        self.token = token

    def start_server(self, t0):
        try:
            self.hub.call("POST", f"/users/{self.name}/server")
            deadline = time.monotonic() + self.args.start_timeout
            while time.monotonic() < deadline:
                server = self.hub.server(self.name)
                if server and server.get("ready"):
                    self.ready_s = time.monotonic() - t0
                    return
                time.sleep(0.5)
            self.errors.append(f"server not ready within {self.args.start_timeout} s")
        except Exception as e:  # noqa: BLE001 (any failure to start is a failure to report)
            self.errors.append(f"server start: {type(e).__name__}: {e}")

    def user_api(self, method, path, **kwargs):
        r = self.http.request(method, f"{self.hub.url}/user/{self.name}/api{path}", timeout=120, **kwargs)
        if r.status_code >= 400:
            raise RuntimeError(f"{method} /user/{self.name}/api{path}: {r.status_code} {r.text[:300]}")
        return r.json() if r.text else None

    def run(self, deadline):
        try:
            for notebook in self.args.notebooks:
                if time.monotonic() > deadline:
                    self.errors.append(f"time up before {notebook}")
                    return
                self.run_notebook(notebook, deadline)
        except Exception as e:  # noqa: BLE001
            self.errors.append(f"{type(e).__name__}: {e}")

    def run_notebook(self, notebook, deadline):
        path = f"notebooks/{notebook}"
        nb = self.user_api("GET", f"/contents/{path}?content=1")["content"]
        timing = bool(nb.get("metadata", {}).get("syslab", {}).get("timing"))
        session, ws = self.open_kernel(path)
        try:
            for index, cell in enumerate(nb["cells"]):
                if cell["cell_type"] != "code" or not "".join(cell["source"]).strip():
                    continue
                if time.monotonic() > deadline:
                    self.errors.append(f"time up in {notebook} before cell {index}")
                    return
                source = "".join(cell["source"])
                expected = "raises-exception" in cell.get("metadata", {}).get("tags", [])
                result = self.execute(ws, source)
                result.update(notebook=notebook, cell=index, expected_error=expected, retried=False,
                              fork_stdout_all=source.startswith("%%fork --stdout=all"))
                if result["error"] and not expected and timing and "check failed" in result["error"]:
                    first = result["error"]
                    result = {**result, **self.execute(ws, source), "retried": True, "first_error": first}
                self.cells.append(result)
        finally:
            self.close_kernel(session, ws)

    def open_kernel(self, path):
        """A session for the notebook at path (home-relative) and its kernel's websocket, once the
        kernel answers."""
        session = self.user_api("POST", "/sessions", json={
            "path": path, "name": os.path.basename(path), "type": "notebook", "kernel": {"name": "syslab"}})
        ws_url = (self.hub.url.replace("http", "ws", 1) + f"/user/{self.name}/api/kernels/"
                  f"{session['kernel']['id']}/channels?session_id={uuid.uuid4().hex}")
        ws = websocket.create_connection(ws_url, header=[f"Authorization: token {self.token}"],
                                         timeout=self.args.cell_timeout)
        try:
            self.wait_kernel(ws)
        except BaseException:
            self.close_kernel(session, ws)
            raise
        return session, ws

    def close_kernel(self, session, ws):
        ws.close()
        try:
            self.user_api("DELETE", f"/sessions/{session['id']}")
        except Exception as e:  # noqa: BLE001
            self.errors.append(f"closing {session['path']}: {e}")

    def send(self, ws, msg_type, content):
        msg_id = uuid.uuid4().hex
        ws.send(json.dumps({
            "header": {"msg_id": msg_id, "msg_type": msg_type, "username": self.name, "session": "load",
                       "version": "5.3", "date": datetime.datetime.now(datetime.timezone.utc).isoformat()},
            "parent_header": {}, "metadata": {}, "content": content, "buffers": [], "channel": "shell"}))
        return msg_id

    def wait_kernel(self, ws):
        """Sends kernel_info_request until one is answered: the kernel is up (as the page does)."""
        deadline = time.monotonic() + self.args.cell_timeout
        while time.monotonic() < deadline:
            msg_id = self.send(ws, "kernel_info_request", {})
            ws.settimeout(2)
            try:
                end = time.monotonic() + 2
                while time.monotonic() < end:
                    msg = json.loads(ws.recv())
                    if msg.get("parent_header", {}).get("msg_id") == msg_id and msg["msg_type"] == "kernel_info_reply":
                        return
            except websocket.WebSocketTimeoutException:
                pass
            finally:
                ws.settimeout(self.args.cell_timeout)
        raise TimeoutError(f"kernel did not answer kernel_info within {self.args.cell_timeout} s")

    def execute(self, ws, source):
        start = time.monotonic()
        msg_id = self.send(ws, "execute_request", {
            "code": source, "silent": False, "store_history": True, "user_expressions": {},
            "allow_stdin": False, "stop_on_error": True})
        reply = idle = first_output = None
        errors, text = [], []
        while reply is None or idle is None:
            if time.monotonic() - start > self.args.cell_timeout:
                return {"latency_s": None, "first_output_s": first_output, "status": "timeout",
                        "error": f"no reply within {self.args.cell_timeout} s", "output": "".join(text)[-2000:]}
            msg = json.loads(ws.recv())
            if msg.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            kind = msg["msg_type"]
            if kind in ("stream", "display_data", "execute_result", "error") and first_output is None:
                first_output = time.monotonic() - start
            if kind == "stream":
                text.append(msg["content"]["text"])
            elif kind == "execute_result":
                text.append(msg["content"]["data"].get("text/plain", ""))
            if kind == "error":
                errors.append(f"{msg['content']['ename']}: {msg['content']['evalue']}"[:500])
            elif kind == "execute_reply":
                reply = msg["content"]
            elif kind == "status" and msg["content"]["execution_state"] == "idle":
                idle = time.monotonic() - start
        if reply["status"] != "ok" and not errors:
            errors.append(f"{reply.get('ename')}: {reply.get('evalue')}"[:500])
        return {"latency_s": max(idle, 0), "first_output_s": first_output, "status": reply["status"],
                "error": "; ".join(errors) or None, "output": "".join(text)[-2000:]}


def kill_leftovers(names):
    """Whatever still runs as a student after its server stopped (orphans of fork experiments)."""
    for name in names:
        for pid in uid_processes(pwd.getpwnam(name).pw_uid):
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass


def percentile(values, q):
    values = sorted(values)
    if not values:
        return None
    k = (len(values) - 1) * q
    lo = int(k)
    hi = min(lo + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


def run_class(hub, n, args):
    names = [f"{args.prefix}{i:02d}" for i in range(1, n + 1)]
    for name in names:
        pwd.getpwnam(name)  # made by hub.sh start --students
    hub.stop(names, 120)
    kill_leftovers(names)
    load_before = os.getloadavg()
    students = [Student(hub, name, args) for name in names]
    for s in students:
        s.login()
    sampler = MemorySampler(names)
    sampler.start()
    log(f"N={n}: starting {n} servers")
    t0 = time.monotonic()
    threads = [threading.Thread(target=s.start_server, args=(t0,), daemon=True) for s in students]
    for t in threads:
        t.start()
    for t in threads:
        t.join(args.start_timeout + 60)
    ready = [s.ready_s for s in students if s.ready_s is not None]
    all_ready_s = max(ready) if len(ready) == n else None
    log(f"N={n}: {len(ready)} of {n} servers ready, the last after {all_ready_s} s")

    deadline = time.monotonic() + args.run_timeout
    t1 = time.monotonic()
    threads = [threading.Thread(target=s.run, args=(deadline,), daemon=True)
               for s in students if s.ready_s is not None]
    for t in threads:
        t.start()
    for t in threads:
        t.join(max(0, deadline - time.monotonic()) + 30)
    run_s = time.monotonic() - t1
    for s, t in zip([s for s in students if s.ready_s is not None], threads):
        if t.is_alive():
            s.errors.append(f"still running after the run's {args.run_timeout} s")
    sampler.done.set()
    sampler.join(10)
    log(f"N={n}: notebooks done in {run_s:.0f} s; stopping the servers")
    hub.stop(names, 120)
    time.sleep(2)
    kill_leftovers(names)

    cells = [dict(c, student=s.name, n=n) for s in students for c in s.cells]
    latencies = [c["latency_s"] for c in cells if c["latency_s"] is not None]
    fork_first = [c["first_output_s"] for c in cells if c["fork_stdout_all"] and c["first_output_s"] is not None]
    cell_failures = [c for c in cells if c["error"] and not c["expected_error"]]
    other_failures = [f"{s.name}: {e}" for s in students for e in s.errors]
    expected_cells = n * args.cells_per_student
    peak = {name: max(smp, key=lambda x: x[1]) for name, smp in sampler.samples.items() if smp}
    summary = {
        "n": n,
        "all_ready_s": all_ready_s,
        "ready_median_s": statistics.median(ready) if ready else None,
        "cells_run": len(cells),
        "cells_expected": expected_cells,
        "latency_p50_s": percentile(latencies, 0.5),
        "latency_p95_s": percentile(latencies, 0.95),
        "latency_max_s": max(latencies) if latencies else None,
        "fork_first_result_median_s": statistics.median(fork_first) if fork_first else None,
        "fork_first_result_max_s": max(fork_first) if fork_first else None,
        "peak_rss_mb_per_student": statistics.mean(v[0] for v in peak.values()) / 1024 if peak else None,
        "peak_pss_mb_per_student": statistics.mean(v[1] for v in peak.values()) / 1024 if peak else None,
        "peak_pss_mb_max_student": max(v[1] for v in peak.values()) / 1024 if peak else None,
        "notebooks_wall_s": run_s,
        "timing_cells_retried": sum(c["retried"] for c in cells),
        "failures": len(cell_failures) + len(other_failures) + max(0, expected_cells - len(cells)),
        "failure_details": [f"{c['student']} {c['notebook']} cell {c['cell']}: {c['error']}" for c in cell_failures]
                           + other_failures,
        "loadavg_before": load_before,
    }
    return summary, cells


def plot(rows, out):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    ns = [r["n"] for r in rows]
    fig, (lat, mem) = plt.subplots(1, 2, figsize=(10, 4))
    lat.plot(ns, [r["latency_p50_s"] for r in rows], "o-", label="cell latency p50")
    lat.plot(ns, [r["latency_p95_s"] for r in rows], "o-", label="cell latency p95")
    lat.plot(ns, [r["fork_first_result_median_s"] for r in rows], "o-", label="%%fork --stdout=all: first result")
    for ax in (lat, mem):
        ax.set_xticks(ns)
    lat.set_xlabel("students at once (N)")
    lat.set_ylabel("seconds")
    lat.set_title(f"latency under load ({os.cpu_count()} cores)")
    lat.legend()
    mem.plot(ns, [r["peak_pss_mb_per_student"] for r in rows], "o-", label="peak PSS per student (mean)")
    mem.plot(ns, [r["peak_rss_mb_per_student"] for r in rows], "o-", label="peak RSS per student (mean)")
    mem.plot(ns, [r["peak_pss_mb_max_student"] for r in rows], "o--", label="peak PSS, largest student")
    mem.set_xlabel("students at once (N)")
    mem.set_ylabel("MB")
    mem.set_ylim(bottom=0)
    mem.set_title("memory per student (server + kernel)")
    mem.legend()
    fig.tight_layout()
    fig.savefig(out, dpi=100)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--hub", default="http://127.0.0.1:8765")
    parser.add_argument("--state", default="/var/lib/syslab-hub", help="hub.sh's --state (for the token)")
    parser.add_argument("--prefix", default="syslab-s")
    parser.add_argument("--n", type=int, nargs="+", default=[1, 5, 10, 20], help="class sizes, in order")
    parser.add_argument("--notebooks", nargs="+", default=["01-fork.ipynb", "03-epoll.ipynb"])
    parser.add_argument("--out", default="/tmp/syslab-hub-load")
    parser.add_argument("--cell-timeout", type=float, default=300)
    parser.add_argument("--start-timeout", type=float, default=300)
    parser.add_argument("--run-timeout", type=float, default=1800, help="for the notebooks of one N")
    parser.add_argument("--pause", type=float, default=10, help="seconds between two N")
    parser.add_argument("--replot", action="store_true", help="only redraw OUT/load.png from OUT/summary.json")
    args = parser.parse_args()
    if args.replot:
        plot(json.loads((Path(args.out) / "summary.json").read_text()), Path(args.out) / "load.png")
        return 0
    if os.geteuid() != 0:
        parser.error("run as root: memory is read from the students' /proc/PID/smaps_rollup")
    if max(args.n) > MAX_STUDENTS or min(args.n) < 1:
        parser.error(f"N from 1 to {MAX_STUDENTS}")
    if not args.hub.startswith(("http://127.0.0.1:", "http://localhost:")):
        parser.error("loopback only: --hub http://127.0.0.1:PORT")
    root = Path(__file__).resolve().parents[2]
    args.cells_per_student = sum(
        sum(1 for c in json.loads((root / "notebooks" / nb).read_text())["cells"]
            if c["cell_type"] == "code" and "".join(c["source"]).strip())
        for nb in args.notebooks)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    hub = Hub(args.hub, (Path(args.state) / "private" / "service-token").read_text().strip())
    log(f"hub {hub.call('GET', '/')['version']} at {args.hub}; {args.cells_per_student} cells a student; out {out}")

    rows, all_cells = [], []
    for i, n in enumerate(args.n):
        if i:
            time.sleep(args.pause)
        summary, cells = run_class(hub, n, args)
        rows.append(summary)
        all_cells.extend(cells)
        log(f"N={n}: " + json.dumps({k: v for k, v in summary.items() if k != "failure_details"}))
        for detail in summary["failure_details"]:
            log(f"  failure: {detail}")
        (out / "results.json").write_text(json.dumps({"summary": rows, "cells": all_cells}, indent=1))
        (out / "summary.json").write_text(json.dumps(rows, indent=1))
        with open(out / "summary.csv", "w", newline="") as f:
            fields = [k for k in rows[0] if k not in ("failure_details", "loadavg_before")]
            w = csv.DictWriter(f, fields, extrasaction="ignore")
            w.writeheader()
            for r in rows:
                w.writerow({k: (round(v, 3) if isinstance(v, float) else v) for k, v in r.items()})
    plot(rows, out / "load.png")
    log(f"wrote {out}/summary.csv, summary.json, results.json, load.png")
    return 1 if any(r["failures"] for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
