"""Grading a whole class at once, in nbgrader's layout:

  COURSE/source/ASSIGNMENT/NOTEBOOK.ipynb               the instructor's notebooks (solutions, hidden tests)
  COURSE/submitted/STUDENT/ASSIGNMENT/NOTEBOOK.ipynb    what each student handed in
  COURSE/gradebook.csv                                   written: one row per student, notebook and task
  COURSE/feedback/STUDENT/ASSIGNMENT/NOTEBOOK.html       written: the graded notebook with its scores

Each submission is graded by its own `grade.py` process (a subreaper that ends everything the
notebook started) in one of a few worker slots (grader/slots.py), so a submission that hangs,
forks without end or exhausts memory costs only its own tasks and its slot's time."""
import csv
import html
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import nbformat

from grader import cells, confine, slots

GRADE = Path(__file__).resolve().parent.parent / "scripts" / "grade.py"
GRADEBOOK_FIELDS = ["student", "assignment", "notebook", "task", "points", "max", "status"]


@dataclass
class Submission:
    student: str
    assignment: str
    source: Path          # the instructor's notebook
    notebook: Path        # the student's; it may not exist (nothing handed in)

    @property
    def name(self):
        return f"{self.student}/{self.assignment}/{self.source.name}"


def submissions(course, assignments=None):
    """Every (student, assignment, notebook) the course expects, handed in or not, sorted."""
    source_root, submitted = course / "source", course / "submitted"
    if not source_root.is_dir() or not submitted.is_dir():
        raise FileNotFoundError(f"{course} has no source/ and submitted/ directories (nbgrader's layout)")
    names = assignments or sorted(p.name for p in source_root.iterdir() if p.is_dir())
    out = []
    for assignment in names:
        sources = sorted((source_root / assignment).glob("*.ipynb"))
        if not sources:
            raise FileNotFoundError(f"no source notebooks in {source_root / assignment}")
        for student in sorted(p.name for p in submitted.iterdir() if p.is_dir()):
            for source in sources:
                out.append(Submission(student, assignment, source, submitted / student / assignment / source.name))
    return out


class Progress:
    """One line on stderr per graded submission: count, rate and when the class will be done."""

    def __init__(self, total, jobs):
        self.total, self.jobs, self.done, self.failed = total, jobs, 0, 0
        self.start = time.monotonic()
        self.lock = threading.Lock()

    def finished(self, submission, report):
        with self.lock:
            self.done += 1
            self.failed += bool(report["error"])
            elapsed = time.monotonic() - self.start
            rate = self.done / elapsed * 60
            eta = (self.total - self.done) * elapsed / self.done
            print(f"[{self.done}/{self.total}] {submission.name}: {report['earned']:g}/{report['points']:g}"
                  f"{'  (' + report['error'][:80] + ')' if report['error'] else ''}"
                  f" · {rate:.1f}/min · done in {eta / 60:.1f} min", file=sys.stderr, flush=True)


def grade_class(course, assignments, jobs, kernel, timeout, notebook_timeout):
    """Grades every submission in `jobs` slots; writes the gradebook and the feedback; returns the reports."""
    todo = submissions(course, assignments)
    jobs = slots.jobs(jobs)
    users = [confine.ensure_user(slots.slot_user(k)) for k in range(jobs)] if os.geteuid() == 0 else [None] * jobs
    free = list(range(jobs))
    free_lock = threading.Lock()
    progress = Progress(len(todo), jobs)
    print(f"grading {len(todo)} notebooks of {len({s.student for s in todo})} students in {jobs} slots",
          file=sys.stderr, flush=True)

    def run(submission):
        with free_lock:
            slot = free.pop()
        try:
            report = grade_submission(submission, slot, users[slot], course, kernel, timeout, notebook_timeout)
        finally:
            with free_lock:
                free.append(slot)
        progress.finished(submission, report)
        return report

    with ThreadPoolExecutor(max_workers=jobs) as pool:
        reports = list(pool.map(run, todo))
    write_gradebook(course / "gradebook.csv", todo, reports)
    elapsed = time.monotonic() - progress.start
    print(f"graded {len(todo)} notebooks in {elapsed:.0f} s ({len(todo) / elapsed * 60:.1f}/min), "
          f"{progress.failed} with an error; gradebook: {course / 'gradebook.csv'}", file=sys.stderr, flush=True)
    return reports


def grade_submission(submission, slot, user, course, kernel, timeout, notebook_timeout):
    """The report of grade.py on one submission, graded in its slot; feedback written."""
    feedback = course / "feedback" / submission.student / submission.assignment / submission.source.with_suffix(".html").name
    if not submission.notebook.is_file():
        report = empty_report(submission, "missing", "nothing handed in")
        write_feedback(feedback, None, report)
        return report
    executed = Path(tempfile.mkdtemp(prefix="syslab-executed-"))
    group = slots.Cgroups(f"syslab-grade-{os.getpid()}-{slot}")
    command = [sys.executable, str(GRADE), "--json", "--source", str(submission.source), "--kernel", kernel, "--timeout", str(timeout),
               "--notebook-timeout", str(notebook_timeout), "--executed", str(executed), str(submission.notebook)]
    if user:
        command[2:2] = ["--kernel-user", user]

    def confined():
        group.enter()
        if os.geteuid() == 0:  # binds the kernel's user (root ignores it): a fork bomb stops here
            resource.setrlimit(resource.RLIMIT_NPROC, (slots.SLOT_PIDS, slots.SLOT_PIDS))

    try:
        done = subprocess.run(command, capture_output=True, text=True, preexec_fn=confined,
                              timeout=notebook_timeout + 120)
        report = json.loads(done.stdout)[0] if done.stdout.strip() else None
        if report is not None:
            report["student"], report["assignment"] = submission.student, submission.assignment
        if report is None:
            tail = " | ".join(done.stderr.strip().splitlines()[-2:])
            report = empty_report(submission, "error", f"the grader failed (exit {done.returncode}): {tail}")
    except subprocess.TimeoutExpired:
        report = empty_report(submission, "error", f"not graded within {notebook_timeout + 120} s")
    except ValueError as e:
        report = empty_report(submission, "error", f"unreadable report: {e}")
    finally:
        group.close()
    report["limits"] = group.limits
    write_feedback(feedback, executed / submission.notebook.name, report)
    shutil.rmtree(executed, ignore_errors=True)
    return report


def empty_report(submission, status, why):
    """What a submission that could not run earns: nothing, for each task of the source."""
    tasks = cells.tasks(nbformat.read(submission.source, as_version=4))
    return {"student": submission.student, "assignment": submission.assignment,
            "notebook": str(submission.notebook), "earned": 0.0, "points": sum(p for _, _, p in tasks),
            "error": why, "tasks": [{"grade_id": g, "points": p, "earned": 0.0, "status": status, "detail": why}
                                    for _, g, p in tasks]}


def write_gradebook(path, todo, reports):
    with open(path, "w", newline="") as f:
        out = csv.writer(f)
        out.writerow(GRADEBOOK_FIELDS)
        for submission, report in zip(todo, reports):
            for task in report["tasks"]:
                out.writerow([submission.student, submission.assignment, submission.source.stem, task["grade_id"],
                              f"{task['earned']:g}", f"{task['points']:g}", task["status"]])


def write_feedback(path, executed, report):
    """The executed notebook as HTML (nbconvert), a table of the scores first."""
    from nbconvert import HTMLExporter  # slow to import: only when feedback is written

    path.parent.mkdir(parents=True, exist_ok=True)
    rows = "".join(f"<tr><td>{html.escape(t['grade_id'])}</td><td>{t['earned']:g} / {t['points']:g}</td>"
                   f"<td>{html.escape(t['status'])}</td><td>{html.escape(t.get('detail', '') if t['status'] != 'passed' else '')}</td></tr>"
                   for t in report["tasks"])
    summary = (f"<h2>Score: {report['earned']:g} / {report['points']:g}</h2>"
               + (f"<p>{html.escape(report['error'])}</p>" if report["error"] else "")
               + f"<table><tr><th>task</th><th>points</th><th>status</th><th>why</th></tr>{rows}</table>")
    nb = nbformat.read(executed, as_version=4) if executed is not None and executed.is_file() else nbformat.v4.new_notebook()
    nb.cells.insert(0, nbformat.v4.new_markdown_cell(summary))
    body, _ = HTMLExporter().from_notebook_node(nb)
    path.write_text(body)

