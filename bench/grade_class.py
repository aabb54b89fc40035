#!/usr/bin/python3
"""Grades a made-up class in one command and reports wall time, submissions a minute and peak memory.

  /usr/bin/python3 bench/grade_class.py [--students 34] [--jobs N] [--timeout 20] [--out DIR]

The class, in nbgrader's layout, has every homework of notebooks/homework for each student; each
submission is one of KINDS (most correct, some wrong, some that hang, exit the kernel, fork without
end or allocate without end, a few missing), so the run shows what grading a real class costs and
that each failure stays in its own submission."""
import argparse
import csv
import json
import os
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from grader import cells  # noqa: E402

HOMEWORK = sorted((ROOT / "notebooks" / "homework").glob("*.ipynb"))

# A solution body for each kind that is not the source's own: it compiles whatever the method returns.
BODIES = {
    "wrong": "throw new IllegalStateException(\"not this way\");",
    "hanging": "while (true) { }",
    "exiting": "if (true) System.exit(3);\nthrow new IllegalStateException();",
    "forking": "while (true) fork();",
    "allocating": "java.util.List<long[]> hog = new java.util.ArrayList<>();\nwhile (true) hog.add(new long[1 << 20]);",
}
# The mix, in order, repeated: mostly correct work, every kind of failure.
MIX = (["correct"] * 9 + ["wrong"] * 4 + ["hanging"] * 2 + ["exiting"] * 2 + ["forking", "allocating"]
       + ["correct"] * 2 + ["missing"])


def solution_ids(nb):
    return [c.metadata["nbgrader"]["grade_id"] for c in nb.cells
            if c.metadata.get("nbgrader", {}).get("solution") and "BEGIN SOLUTION" in c.source]


def build_course(course, students, mix=MIX, homework=HOMEWORK):
    """Writes COURSE/source and COURSE/submitted; returns {(student, assignment): kind}."""
    kinds, n = {}, 0
    for path in homework:
        assignment = path.stem
        (course / "source" / assignment).mkdir(parents=True, exist_ok=True)
        source = nbformat.read(path, as_version=4)
        nbformat.write(source, course / "source" / assignment / path.name)
        for s in range(students):
            student = f"s{s + 1:03d}"
            kind = mix[n % len(mix)]
            n += 1
            kinds[(student, assignment)] = kind
            folder = course / "submitted" / student / assignment
            folder.mkdir(parents=True, exist_ok=True)
            if kind == "missing":
                continue
            nb = source
            if kind != "correct":
                ids = solution_ids(source)
                nb = cells.with_solution(source, ids[s % len(ids)], BODIES[kind])
            nbformat.write(nb, folder / path.name)
    return kinds


class PeakMemory(threading.Thread):
    """The highest memory in use on the machine (MemTotal - MemAvailable) while it runs, above the start."""

    def __init__(self):
        super().__init__(daemon=True)
        self.base = self.used()
        self.peak = self.base
        self.running = True

    @staticmethod
    def used():
        info = {}
        with open("/proc/meminfo") as f:
            for line in f:
                key, value = line.split(":")
                info[key] = int(value.split()[0]) * 1024
        return info["MemTotal"] - info["MemAvailable"]

    def run(self):
        while self.running:
            self.peak = max(self.peak, self.used())
            time.sleep(0.5)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, default=34)
    parser.add_argument("--jobs", type=int)
    parser.add_argument("--timeout", type=int, default=20, help="seconds per cell (default: %(default)s)")
    parser.add_argument("--out", type=Path, default=Path("/tmp/syslab-class"))
    args = parser.parse_args()
    subprocess.run(["rm", "-rf", str(args.out)], check=True)
    kinds = build_course(args.out, args.students)
    handed_in = sum(1 for k in kinds.values() if k != "missing")
    command = ["/usr/bin/python3", str(ROOT / "scripts" / "grade.py"), "--course", str(args.out), "--json",
               "--timeout", str(args.timeout), "--notebook-timeout", "300"]
    if args.jobs:
        command += ["--jobs", str(args.jobs)]
    memory = PeakMemory()
    memory.start()
    start = time.monotonic()
    done = subprocess.run(command, stdout=subprocess.PIPE, text=True)
    wall = time.monotonic() - start
    memory.running = False
    memory.join()
    reports = json.loads(done.stdout)
    with open(args.out / "gradebook.csv") as f:
        rows = list(csv.DictReader(f))
    earned = Counter()
    for row in rows:
        earned[(row["student"], row["assignment"])] += float(row["points"])
    full = {r["assignment"]: r["points"] for r in reports if kinds[(r["student"], r["assignment"])] == "correct"}
    wrong_full = [key for key, kind in kinds.items() if kind == "correct" and earned[key] != full[key[1]]]
    summary = {
        "submissions": handed_in, "missing": len(kinds) - handed_in, "kinds": Counter(kinds.values()),
        "exit": done.returncode, "wall s": round(wall, 1), "submissions/min": round(handed_in / wall * 60, 1),
        "peak memory MiB": round((memory.peak - memory.base) / 2**20), "gradebook rows": len(rows),
        "correct submissions not at full marks": wrong_full,
        "feedback files": len(list((args.out / "feedback").rglob("*.html"))),
    }
    print(json.dumps(summary, indent=2, default=dict))
    return 0 if done.returncode == 0 and not wrong_full else 1


if __name__ == "__main__":
    raise SystemExit(main())
