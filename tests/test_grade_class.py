"""Grading a class in one command (scripts/grade.py --course): nbgrader's layout in, a gradebook and
feedback out, submissions graded two at a time, and each failure confined to its own submission.

The class is small but holds every kind of failure at once beside correct work: a solution that
hangs, one that exits the kernel, one that forks without end and one that allocates without end,
graded in parallel with correct submissions that must still earn every point."""
import csv
import importlib.util
import json
import os
import pwd
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
HW1 = ROOT / "notebooks" / "homework" / "hw1-fork-buffering.ipynb"
spec = importlib.util.spec_from_file_location("grade_class", ROOT / "bench" / "grade_class.py")
grade_class = importlib.util.module_from_spec(spec)
spec.loader.exec_module(grade_class)

MIX = ["correct", "hanging", "forking", "correct", "exiting", "allocating", "wrong", "missing"]


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    course = tmp_path_factory.mktemp("course")
    kinds = grade_class.build_course(course, len(MIX), MIX, [HW1])
    done = subprocess.run(["/usr/bin/python3", str(ROOT / "scripts" / "grade.py"), "--course", str(course),
                           "--jobs", "2", "--timeout", "20", "--notebook-timeout", "150", "--json"],
                          capture_output=True, text=True, timeout=280)
    assert done.returncode == 0, done.stderr[-3000:]
    with open(course / "gradebook.csv") as f:
        rows = list(csv.DictReader(f))
    return course, kinds, rows, json.loads(done.stdout), done.stderr


def earned(rows):
    totals = {}
    for row in rows:
        totals[row["student"]] = totals.get(row["student"], 0.0) + float(row["points"])
    return totals


def test_correct_work_graded_beside_every_failure_earns_every_point(graded):
    course, kinds, rows, reports, _ = graded
    full = sum(float(r["max"]) for r in rows if r["student"] == "s001")
    assert full > 0
    totals = earned(rows)
    for (student, _), kind in kinds.items():
        if kind == "correct":
            assert totals[student] == full, (student, [r for r in rows if r["student"] == student])
        else:
            assert totals[student] < full, (student, kind)


def test_each_failure_costs_only_its_own_tasks(graded):
    course, kinds, rows, reports, _ = graded
    by_student = {}
    for row in rows:
        by_student.setdefault(row["student"], []).append(row)
    for (student, _), kind in kinds.items():
        statuses = {r["status"] for r in by_student[student]}
        if kind == "missing":
            assert statuses == {"missing"}
        elif kind in ("hanging", "exiting", "forking", "allocating", "wrong"):
            # the task whose solution went wrong (and those built on it) lose points; others pass
            assert "passed" in statuses, (student, kind, by_student[student])


def test_gradebook_has_a_row_per_student_and_task(graded):
    course, kinds, rows, reports, _ = graded
    tasks = [r["task"] for r in rows if r["student"] == "s001"]
    assert len(tasks) >= 2 and len(set(tasks)) == len(tasks)
    assert len(rows) == len(MIX) * len(tasks)
    assert list(rows[0]) == ["student", "assignment", "notebook", "task", "points", "max", "status"]
    assert {r["assignment"] for r in rows} == {HW1.stem}


def test_feedback_per_student_shows_the_scores(graded):
    course, kinds, rows, reports, _ = graded
    for student in {r["student"] for r in rows}:
        page = (course / "feedback" / student / HW1.stem / (HW1.stem + ".html")).read_text()
        total = sum(float(r["points"]) for r in rows if r["student"] == student)
        assert f"Score: {total:g} /" in page


def test_progress_says_how_far_and_how_long(graded):
    *_, stderr = graded
    lines = [line for line in stderr.splitlines() if line.startswith("[")]
    assert len(lines) == len(MIX)
    assert lines[-1].startswith(f"[{len(MIX)}/{len(MIX)}]") and "/min" in lines[-1] and "done in" in lines[-1]


@pytest.mark.skipif(os.geteuid() != 0, reason="kernels run as slot users only when root grades")
def test_no_slot_user_has_a_process_left(graded):
    users = {entry.pw_uid: entry.pw_name for entry in pwd.getpwall() if entry.pw_name.startswith("syslab-student")}
    assert len(users) >= 2, "one kernel user per slot"
    left = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                uid = os.stat(f"/proc/{entry}").st_uid
            except OSError:
                continue
            if uid in users:
                left.append((entry, users[uid]))
    assert left == []
