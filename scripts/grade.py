#!/usr/bin/python3
"""Grades notebooks in nbgrader's format, as nbgrader's autograde does, with the SysLab kernel.

  scripts/grade.py [--source DIR|FILE] [--timeout S] [--json] NOTEBOOK...
  scripts/grade.py --course DIR [--assignment NAME]... [--jobs N]
  scripts/grade.py --release --out DIR NOTEBOOK...

Grading runs each notebook headless and awards a test cell's points when it raises no error. With
--source, the tests (hidden ones included) and other locked cells come from the instructor's source
notebook of the same name, whatever the student did to them. Every cell has a timeout; a notebook
that hangs, forks processes that never end or crashes its kernel loses only the tasks concerned, and
the whole notebook has a time limit too, after which every process it started is killed.

Run as root, the grader runs each kernel as an unprivileged user (--kernel-user) in a fresh
directory holding only that submission; results come back on a pipe the kernel cannot reach, and
each task earns at most its points. Locked cells run under the SysLab kernel's %%locked, so a test
uses the instructor's helpers whatever the student redefined (grader/worker.py).

--course grades a whole class in nbgrader's layout (DIR/source/ASSIGNMENT/*.ipynb,
DIR/submitted/STUDENT/ASSIGNMENT/*.ipynb), several submissions at once, each confined to a worker
slot of its own; it writes DIR/gradebook.csv and DIR/feedback/STUDENT/ASSIGNMENT/*.html and prints
progress with the time left (grader/course.py).

--release writes the student version: solutions replaced by a stub, hidden tests removed."""
import argparse
import json
import math
import os
import shutil
import signal
import subprocess
import sys
import threading
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import nbformat  # noqa: E402

from grader import cells, confine, course, reap  # noqa: E402

# What a report shows of a student-controlled string, and what it keeps of the worker's records.
DETAIL_LIMIT, RESULTS_LIMIT = 200, 1 << 20
UNPRINTABLE = {"Cc", "Cf", "Zl", "Zp", "Co", "Cs", "Cn"}


def source_for(submission, source):
    """The instructor's notebook for a submission: source itself, or the same name in it."""
    if source is None:
        return None
    path = source / submission.name if source.is_dir() else source
    if not path.exists():
        raise FileNotFoundError(f"no source notebook {path} for {submission}")
    return nbformat.read(path, as_version=4)


def one_line(text, limit=DETAIL_LIMIT):
    """A student-controlled string (an exception's message, a log) as the report may show it: one
    line, control characters escaped, at most limit characters, so it cannot pass for report lines."""
    text = "".join(json.dumps(c)[1:-1] if unicodedata.category(c) in UNPRINTABLE else c for c in str(text))
    return text if len(text) <= limit else text[: limit - 3] + "..."


class Drain(threading.Thread):
    """Reads a pipe to its end in the background, keeping at most `keep` bytes (the last ones)."""

    def __init__(self, fd, keep):
        super().__init__(daemon=True)
        self.fd, self.keep, self.data, self.cut = fd, keep, b"", False

    def run(self):
        with open(self.fd, "rb", buffering=0) as pipe:
            while chunk := pipe.read(65536):
                self.data += chunk
                if len(self.data) > self.keep:
                    self.data, self.cut = self.data[-self.keep:], True


def read_results(lines, points, where):
    """(per-task results, errors, finished, restarts) from the worker's records. Each record is
    checked; a malformed one is logged on stderr and ignored; earned points are capped at the
    task's value; a task's first record counts."""
    done, errors, finished, restarts = {}, [], False, []

    def malformed(line, why):
        print(f"grade.py: {one_line(where)}: ignored a result record ({why}): {one_line(line)}", file=sys.stderr)

    for line in lines:
        try:
            record = json.loads(line)
        except ValueError:
            malformed(line, "not JSON")
            continue
        if not isinstance(record, dict):
            malformed(line, "not an object")
        elif "task" in record:
            earned = record.get("earned")
            if record["task"] not in points or record["task"] in done:
                malformed(line, "unknown or repeated task")
            elif isinstance(earned, bool) or not isinstance(earned, (int, float)) or not math.isfinite(earned):
                malformed(line, "earned is not a number")
            elif not isinstance(record.get("status"), str) or not isinstance(record.get("detail"), str):
                malformed(line, "no status or detail")
            else:
                done[record["task"]] = {"earned": min(max(float(earned), 0.0), points[record["task"]]),
                                        "status": one_line(record["status"], 40),
                                        "detail": one_line(record["detail"])}
        elif "restart" in record and isinstance(record["restart"], int):
            restarts.append({"restart": record["restart"], "why": one_line(record.get("why", ""))})
        elif isinstance(record.get("error"), str):
            errors.append(one_line(record["error"]))
        elif record == {"done": True}:
            finished = True
        else:
            malformed(line, "unknown record")
    return done, errors, finished, restarts


def run_worker(path, nb, args):
    """Runs grader/worker.py on the merged notebook; (result lines, log tail, exit status, cut_off).
    The worker gets the notebook on stdin and sends results on a pipe of its own; the kernel runs
    as args.run_as in a fresh directory that holds only the submission."""
    work, connection_dir = confine.work_dir(path, args.run_as), confine.connection_dir()
    try:
        return _run_worker(path, nb, args, work, connection_dir)
    finally:  # here, not in the worker: a worker may end by SIGKILL
        shutil.rmtree(work, ignore_errors=True)
        shutil.rmtree(connection_dir, ignore_errors=True)


def _run_worker(path, nb, args, work, connection_dir):
    results_r, results_w = os.pipe()
    log_r, log_w = os.pipe()
    command = [sys.executable, "-m", "grader.worker", "--results-fd", str(results_w),
               "--kernel", args.kernel, "--timeout", str(args.timeout), "--cwd", work,
               "--connection-dir", connection_dir]
    if args.run_as:
        command += ["--run-as", "%d:%d" % args.run_as]
    if args.executed:
        args.executed.mkdir(parents=True, exist_ok=True)
        command += ["--executed", str(args.executed / path.name)]
    try:
        worker = subprocess.Popen(command, cwd=ROOT, stdin=subprocess.PIPE, stdout=log_w, stderr=log_w,
                                  pass_fds=(results_w,), env={**os.environ, "PYTHONPATH": str(ROOT)})
    finally:
        os.close(results_w)
        os.close(log_w)
    results, log = Drain(results_r, RESULTS_LIMIT), Drain(log_r, 4096)
    results.start()
    log.start()
    feed = threading.Thread(target=send, args=(worker.stdin, nbformat.writes(nb).encode()), daemon=True)
    feed.start()
    try:
        worker.wait(timeout=args.notebook_timeout)
        cut_off = False
    except subprocess.TimeoutExpired:
        cut_off = True
    finally:
        # The worker, its kernel, and whatever they started and left behind, stopped or not.
        reap.kill_descendants(exclude={worker.pid})
        worker.wait()
    for thread in (feed, results, log):
        thread.join(timeout=10)  # every writer is dead: the pipes are at their end
    tail = " | ".join(log.data.decode(errors="replace").strip().splitlines()[-3:])
    return results.data.decode(errors="replace").splitlines(), tail, worker.returncode, cut_off


def send(pipe, data):
    try:
        pipe.write(data)
        pipe.close()
    except OSError:  # the worker ended before reading it all: its exit status tells why
        pass


def grade_one(path, args):
    """{"notebook", "tasks": [...], "earned", "points", "error"} for one submission."""
    report = {"notebook": str(path), "tasks": [], "earned": 0.0, "points": 0.0, "error": None}
    try:
        nb = nbformat.read(path, as_version=4)
        source = source_for(path, args.source)
        if source is not None:
            nb = cells.with_source_tests(nb, source)
        tasks = cells.tasks(nb)
        lines, log_tail, status, cut_off = run_worker(path, nb, args)
    except (OSError, ValueError) as e:  # unreadable JSON, no source, broken nbgrader metadata
        report["error"] = one_line(f"{type(e).__name__}: {e}")
        return report

    points = {grade_id: value for _, grade_id, value in tasks}
    done, errors, finished, restarts = read_results(lines, points, path)
    why = "the cell is empty"
    if cut_off:
        why = f"the notebook's time limit ({args.notebook_timeout} s) ran out"
    elif errors:
        why = errors[0]
    elif not finished:
        why = one_line(f"the grader's worker failed (exit {status}): {log_tail}")
    for _, grade_id, value in tasks:
        result = done.get(grade_id) or {"earned": 0.0, "status": "not run", "detail": why}
        report["tasks"].append({"grade_id": grade_id, "points": value, **result})
    report["restarts"] = restarts
    report["earned"] = sum(t["earned"] for t in report["tasks"])
    report["points"] = sum(t["points"] for t in report["tasks"])
    if errors or cut_off or not finished:
        report["error"] = why
    return report


def number(x):
    return f"{x:g}"


def print_report(report):
    print(one_line(report["notebook"], 1000))
    width = max([len(t["grade_id"]) for t in report["tasks"]] + [5])
    for t in report["tasks"]:
        score = f"{number(t['earned'])}/{number(t['points'])}"
        detail = "" if t["status"] == "passed" else f"  {t['status']}: {t['detail']}".rstrip(": ")
        print(f"  {t['grade_id']:<{width}}  {score:>7}{detail}")
    print(f"  {'total':<{width}}  {number(report['earned']) + '/' + number(report['points']):>7}")
    if report["error"]:
        print(f"  error: {report['error']}")


def show(reports, as_json):
    if as_json:
        json.dump(reports, sys.stdout, indent=2)
        print()
    else:
        for report in reports:
            print_report(report)


def release(paths, out):
    out.mkdir(parents=True, exist_ok=True)
    for path in paths:
        nbformat.write(cells.release(nbformat.read(path, as_version=4)), out / path.name)
        print(f"released {path} -> {out / path.name}")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter,
                                     epilog=__doc__.split("\n\n", 1)[1])
    parser.add_argument("notebooks", nargs="*", type=Path, metavar="NOTEBOOK")
    parser.add_argument("--source", type=Path, help="instructor notebook, or a directory of them by name")
    parser.add_argument("--kernel", default="syslab", help="kernelspec name (default: %(default)s)")
    parser.add_argument("--timeout", type=int, default=60, help="seconds per cell (default: %(default)s)")
    parser.add_argument("--notebook-timeout", type=int, default=600,
                        help="seconds for a whole notebook (default: %(default)s)")
    parser.add_argument("--json", action="store_true", help="print one JSON document instead of text")
    parser.add_argument("--executed", type=Path, help="also write the executed notebooks to this directory")
    parser.add_argument("--kernel-user",
                        help=f"when run as root, the unprivileged user the kernels run as (default: "
                             f"{confine.DEDICATED_USER}, made if missing, else nobody)")
    parser.add_argument("--course", type=Path, help="grade every submission of a class in nbgrader's layout")
    parser.add_argument("--assignment", action="append", help="with --course: only this assignment (repeatable)")
    parser.add_argument("--jobs", type=int,
                        help="with --course: submissions graded at once (default and bound: one per core and "
                             f"per {course.slots.SLOT_MEMORY >> 30} GiB available)")
    parser.add_argument("--release", action="store_true", help="write the student versions instead of grading")
    parser.add_argument("--out", type=Path, help="where --release writes")
    args = parser.parse_args(argv)

    if args.course:
        if args.notebooks or args.source:
            parser.error("--course finds the notebooks and sources itself: give neither")
        reap.become_subreaper()
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
        try:
            reports = course.grade_class(args.course, args.assignment, args.jobs, args.kernel, args.timeout,
                                         args.notebook_timeout)
        except (OSError, ValueError) as e:
            print(f"grade.py: {e}", file=sys.stderr)
            return 1
        finally:
            reap.kill_descendants()
        show(reports, args.json)
        return 0
    if not args.notebooks:
        parser.error("give the notebooks to grade, or --course DIR")
    if args.release:
        if not args.out:
            parser.error("--release needs --out DIR")
        try:
            release(args.notebooks, args.out)
        except (OSError, ValueError) as e:
            print(f"grade.py: {e}", file=sys.stderr)
            return 1
        return 0
    if args.source and not args.source.is_dir() and len(args.notebooks) > 1:
        parser.error("--source FILE grades one notebook; give a directory for several")

    try:
        args.run_as = confine.kernel_ids(args.kernel_user or confine.default_user())
    except ValueError as e:
        parser.error(str(e))
    # Orphans of the graded notebooks come to this process, which ends them (grader/reap.py).
    reap.become_subreaper()
    confine.no_dumps()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    try:
        reports = [grade_one(path, args) for path in args.notebooks]
    finally:
        reap.kill_descendants()
    show(reports, args.json)
    return 1 if any(r["error"] for r in reports) else 0


if __name__ == "__main__":
    raise SystemExit(main())
