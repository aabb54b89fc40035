#!/usr/bin/python3
"""Grades notebooks in nbgrader's format, as nbgrader's autograde does, with the SysLab kernel.

  scripts/grade.py [--source DIR|FILE] [--timeout S] [--json] NOTEBOOK...
  scripts/grade.py --release --out DIR NOTEBOOK...

Grading runs each notebook headless and awards a test cell's points when it raises no error. With
--source, the tests (hidden ones included) and other locked cells come from the instructor's source
notebook of the same name, whatever the student did to them. Every cell has a timeout; a notebook
that hangs, forks processes that never end or crashes its kernel loses only the tasks concerned, and
the whole notebook has a time limit too, after which every process it started is killed.

--release writes the student version: solutions replaced by a stub, hidden tests removed."""
import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import nbformat  # noqa: E402

from grader import cells, reap  # noqa: E402


def source_for(submission, source):
    """The instructor's notebook for a submission: source itself, or the same name in it."""
    if source is None:
        return None
    path = source / submission.name if source.is_dir() else source
    if not path.exists():
        raise FileNotFoundError(f"no source notebook {path} for {submission}")
    return nbformat.read(path, as_version=4)


def grade_one(path, args):
    """{"notebook", "tasks": [...], "earned", "points", "error"} for one submission."""
    report = {"notebook": str(path), "tasks": [], "earned": 0.0, "points": 0.0, "error": None}
    try:
        nb = nbformat.read(path, as_version=4)
        source = source_for(path, args.source)
        if source is not None:
            nb = cells.with_source_tests(nb, source)
        tasks = cells.tasks(nb)
    except (OSError, ValueError) as e:  # unreadable JSON, no source, broken nbgrader metadata
        report["error"] = f"{type(e).__name__}: {e}"
        return report

    with tempfile.TemporaryDirectory(prefix="syslab-grade-") as tmp:
        merged, results, log = Path(tmp, path.name), Path(tmp, "results.jsonl"), Path(tmp, "worker.log")
        nbformat.write(nb, merged)
        command = [sys.executable, "-m", "grader.worker", str(merged), "--results", str(results),
                   "--kernel", args.kernel, "--timeout", str(args.timeout),
                   "--cwd", str(path.resolve().parent)]
        if args.executed:
            args.executed.mkdir(parents=True, exist_ok=True)
            command += ["--executed", str(args.executed / path.name)]
        with open(log, "w") as log_file:
            worker = subprocess.Popen(command, cwd=ROOT, stdin=subprocess.DEVNULL, stdout=log_file,
                                      stderr=subprocess.STDOUT,
                                      env={**os.environ, "PYTHONPATH": str(ROOT)})
            try:
                worker.wait(timeout=args.notebook_timeout)
                cut_off = False
            except subprocess.TimeoutExpired:
                cut_off = True
            finally:
                # The worker, its kernel, and whatever they started and left behind.
                reap.kill_descendants(exclude={worker.pid})
                worker.wait()
        lines = [json.loads(line) for line in results.read_text().splitlines()] if results.exists() else []
        log_tail = " | ".join(log.read_text().strip().splitlines()[-3:])

    done = {line["task"]: line for line in lines if "task" in line}
    errors = [line["error"] for line in lines if "error" in line]
    finished = any(line.get("done") for line in lines)
    why = "the cell is empty"
    if cut_off:
        why = f"the notebook's time limit ({args.notebook_timeout} s) ran out"
    elif errors:
        why = errors[0]
    elif not finished:
        why = f"the grader's worker failed (exit {worker.returncode}): {log_tail}"
    for _, grade_id, points in tasks:
        result = done.get(grade_id) or {"earned": 0.0, "status": "not run", "detail": why}
        report["tasks"].append({"grade_id": grade_id, "points": points, "earned": result["earned"],
                                "status": result["status"], "detail": result["detail"]})
    report["restarts"] = [line for line in lines if "restart" in line]
    report["earned"] = sum(t["earned"] for t in report["tasks"])
    report["points"] = sum(t["points"] for t in report["tasks"])
    if errors or cut_off or not finished:
        report["error"] = why
    return report


def number(x):
    return f"{x:g}"


def print_report(report):
    print(report["notebook"])
    width = max([len(t["grade_id"]) for t in report["tasks"]] + [5])
    for t in report["tasks"]:
        score = f"{number(t['earned'])}/{number(t['points'])}"
        detail = "" if t["status"] == "passed" else f"  {t['status']}: {t['detail']}".rstrip(": ")
        print(f"  {t['grade_id']:<{width}}  {score:>7}{detail}")
    print(f"  {'total':<{width}}  {number(report['earned']) + '/' + number(report['points']):>7}")
    if report["error"]:
        print(f"  error: {report['error']}")


def release(paths, out):
    out.mkdir(parents=True, exist_ok=True)
    for path in paths:
        nbformat.write(cells.release(nbformat.read(path, as_version=4)), out / path.name)
        print(f"released {path} -> {out / path.name}")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter,
                                     epilog=__doc__.split("\n\n", 1)[1])
    parser.add_argument("notebooks", nargs="+", type=Path, metavar="NOTEBOOK")
    parser.add_argument("--source", type=Path, help="instructor notebook, or a directory of them by name")
    parser.add_argument("--kernel", default="syslab", help="kernelspec name (default: %(default)s)")
    parser.add_argument("--timeout", type=int, default=60, help="seconds per cell (default: %(default)s)")
    parser.add_argument("--notebook-timeout", type=int, default=600,
                        help="seconds for a whole notebook (default: %(default)s)")
    parser.add_argument("--json", action="store_true", help="print one JSON document instead of text")
    parser.add_argument("--executed", type=Path, help="also write the executed notebooks to this directory")
    parser.add_argument("--release", action="store_true", help="write the student versions instead of grading")
    parser.add_argument("--out", type=Path, help="where --release writes")
    args = parser.parse_args(argv)

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

    # Orphans of the graded notebooks come to this process, which ends them (grader/reap.py).
    reap.become_subreaper()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    try:
        reports = [grade_one(path, args) for path in args.notebooks]
    finally:
        reap.kill_descendants()
    if args.json:
        json.dump(reports, sys.stdout, indent=2)
        print()
    else:
        for report in reports:
            print_report(report)
    return 1 if any(r["error"] for r in reports) else 0


if __name__ == "__main__":
    raise SystemExit(main())
