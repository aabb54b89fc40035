"""The grader (scripts/grade.py) on the homework notebooks and on submissions that go wrong.

For each homework: the source version earns every point; the release earns none (its stubs throw);
a submission with one task solved wrongly loses exactly that task's points (and those of the tasks
built on it); a task that hangs costs only its own points. The grader's mechanics (hangs the
interrupt cannot stop, a kernel that dies, processes that never end, tests a student edited) are
checked on small Python notebooks with the IPython kernel, where they are quick to provoke.

Every grader run is a subprocess with a time limit, so a stuck grader fails the test."""
import importlib.util
import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from grader import cells  # noqa: E402

GRADE = ROOT / "scripts" / "grade.py"
HOMEWORK = sorted((ROOT / "notebooks" / "homework").glob("*.ipynb"))
CELL_TIMEOUT = 30  # well above any homework cell's run time; a hang costs this much
# The grader's own limit for a notebook, and this test's for the grader, below pytest's per-test
# timeout (tests/pytest.ini), so that the grader, not the test, is what ends a run too long.
NOTEBOOK_LIMIT, GRADER_LIMIT = 200, 270


def grade(*args, marker=None):
    """Runs the grader; returns its JSON report. marker: an environment variable every process
    it starts inherits, to find leftovers afterwards."""
    env = {**os.environ, "SYSLAB_GRADE_TEST": marker or "none"}
    if "--notebook-timeout" not in args:
        args = ("--notebook-timeout", NOTEBOOK_LIMIT, *args)
    done = subprocess.run(["/usr/bin/python3", str(GRADE), "--json", *map(str, args)], env=env,
                          capture_output=True, text=True, timeout=GRADER_LIMIT)
    assert done.stdout, f"no report; exit {done.returncode}, stderr:\n{done.stderr}"
    return json.loads(done.stdout)


def leftovers(marker):
    """Processes still running with the marker in their environment."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                environ = Path(f"/proc/{entry}/environ").read_bytes()
                state = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()[0]
            except OSError:
                continue
            if f"SYSLAB_GRADE_TEST={marker}".encode() in environ.split(b"\0") and state != "Z":
                found.append(int(entry))
    return found


def scores(report):
    return {t["grade_id"]: t["earned"] for t in report["tasks"]}


def points(nb):
    return {c.metadata["nbgrader"]["grade_id"]: float(c.metadata["nbgrader"]["points"])
            for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade")}


def replace_solution(nb, grade_id, body):
    """A copy of nb whose solution region in cell grade_id holds body instead."""
    return cells.with_solution(nb, grade_id, body)


# The wrong submissions: (solution cell, wrong body, test cells that must fail, status they get).
WRONG = {
    "hw1-fork-buffering.ipynb": [
        # flushes before forking: one line where the task asks for the buffered copies
        ("fork_tree", 'printf("hello world!\\n");\nfflush(stdout);\nif (forks > 0) {\n'
                      '    int pid = fork();\n    if (pid > 0) waitpid(pid, new int[1], 0);\n}',
         {"test_fork_tree", "test_lines_on_file"}, "failed"),
        # spins in the kernel itself: the cell times out and is interrupted
        ("lines_on_file", "while (true) { }", {"test_lines_on_file"}, "timeout"),
    ],
    "hw2-pipes.ipynb": [
        # the default size, hard-coded: passes the visible check, not the hidden resized pipes
        ("pipe_capacity", "return 65536;", {"test_pipe_capacity"}, "failed"),
        # the parent keeps its write end open: read never sees end of file and blocks in the kernel
        ("child_output", 'int[] fd = newPipe();\nint pid = fork();\nif (pid == 0) {\n'
                         '    write(fd[1], data, data.length);\n    _exit(0);\n}\n'
                         'byte[] buf = new byte[65536];\nwhile (read(fd[0], buf, buf.length) > 0) { }\n'
                         'return buf;',
         {"test_child_output"}, "timeout"),
    ],
    "hw3-epoll.ipynb": [
        # room for 64 events only: right for a few ready fds, wrong for many
        ("ready_count", "int epfd = epoll_create1(EPOLL_CLOEXEC);\n"
                        "for (int fd : fds) epoll_ctl(epfd, EPOLL_CTL_ADD, fd, EPOLLIN);\n"
                        "int n = epoll_wait(epfd, new EpollEvents(64), 0);\nclose(epfd);\nreturn n;",
         {"test_ready_count"}, "failed"),
        # drains to EAGAIN on every wakeup: right for edge-triggered, one wakeup for level-triggered too
        ("wakeups", "int[] fd = new int[2];\npipe2(fd, O_NONBLOCK);\n"
                    "if (bytes > 0) write(fd[1], new byte[bytes], bytes);\n"
                    "int epfd = epoll_create1(EPOLL_CLOEXEC);\n"
                    "epoll_ctl(epfd, EPOLL_CTL_ADD, fd[0], EPOLLIN | (edgeTriggered ? EPOLLET : 0));\n"
                    "EpollEvents events = new EpollEvents(1);\nbyte[] buf = new byte[chunk];\nint count = 0;\n"
                    "while (epoll_wait(epfd, events, 0) > 0) {\n    count++;\n"
                    "    try {\n        while (read(fd[0], buf, chunk) > 0) { }\n"
                    "    } catch (ErrnoException e) {\n        // EAGAIN: drained\n    }\n}\n"
                    "close(epfd);\nclose(fd[0]);\nclose(fd[1]);\nreturn count;",
         {"test_wakeups"}, "failed"),
    ],
}


# Wrong submissions that pass the visible checks and fail a hidden one.
HIDDEN_ONLY = {("hw2-pipes.ipynb", "pipe_capacity")}


def test_every_homework_has_wrong_submissions_here():
    assert HOMEWORK, "no notebooks in notebooks/homework"
    assert {p.name for p in HOMEWORK} <= set(WRONG), "add wrong submissions for the new homework"


@pytest.mark.parametrize("path", HOMEWORK, ids=lambda p: p.name)
def test_homework_is_in_nbgrader_format(path):
    nb = nbformat.read(path, as_version=4)
    ids = [c.metadata["nbgrader"]["grade_id"] for c in nb.cells if "nbgrader" in c.metadata]
    assert len(ids) == len(set(ids)), f"duplicate grade_id in {ids}"
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader")
        if meta is None:
            assert cell.cell_type == "markdown", "every code cell is setup, solution or test"
            continue
        assert meta["schema_version"] == 3
        assert {"solution", "grade", "grade_id", "locked"} <= set(meta)
        if meta["solution"]:
            assert not meta["locked"] and "BEGIN SOLUTION" in cell.source and "END SOLUTION" in cell.source
        if meta["grade"]:
            assert meta["locked"] and meta["points"] > 0
            assert "BEGIN HIDDEN TESTS" in cell.source and "END HIDDEN TESTS" in cell.source
    assert sum(points(nb).values()) > 0


@pytest.mark.parametrize("path", HOMEWORK, ids=lambda p: p.name)
def test_release_strips_solutions_and_hidden_tests(path, tmp_path):
    subprocess.run(["/usr/bin/python3", str(GRADE), "--release", "--out", str(tmp_path), str(path)],
                   check=True, capture_output=True, timeout=60)
    source, released = nbformat.read(path, as_version=4), nbformat.read(tmp_path / path.name, as_version=4)
    assert [c.metadata for c in released.cells] == [c.metadata for c in source.cells]
    for before, after in zip(source.cells, released.cells):
        meta = before.metadata.get("nbgrader", {})
        for marker in ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "END HIDDEN TESTS"):
            assert marker not in after.source
        if meta.get("solution"):
            assert "throw new UnsupportedOperationException(" in after.source
            # the method's signature stays, so the tests still compile against the stub
            assert after.source.split("\n")[0] == before.source.split("\n")[0]
        elif meta.get("grade"):
            visible = before.source.split("// BEGIN HIDDEN TESTS")[0].rstrip("\n")
            assert after.source.rstrip("\n") == visible
        else:
            assert after.source == before.source
        if after.cell_type == "code":
            assert after.outputs == [] and after.execution_count is None


@pytest.mark.parametrize("path", HOMEWORK, ids=lambda p: p.name)
def test_source_version_earns_every_point(path):
    report = grade("--timeout", CELL_TIMEOUT, path)[0]
    assert report["error"] is None, report
    nb = nbformat.read(path, as_version=4)
    assert scores(report) == points(nb), report["tasks"]


@pytest.mark.parametrize("path", HOMEWORK, ids=lambda p: p.name)
def test_release_earns_nothing(path, tmp_path):
    subprocess.run(["/usr/bin/python3", str(GRADE), "--release", "--out", str(tmp_path), str(path)],
                   check=True, capture_output=True, timeout=60)
    report = grade("--timeout", CELL_TIMEOUT, "--source", path.parent, tmp_path / path.name)[0]
    assert report["error"] is None, report
    for task in report["tasks"]:
        assert task["earned"] == 0 and "UnsupportedOperationException" in task["detail"], task


def wrong_cases():
    for path in HOMEWORK:
        for case in WRONG.get(path.name, []):
            yield pytest.param(path, *case, id=f"{path.stem}-{case[0]}")


@pytest.mark.parametrize("path,solution,body,failing,status", list(wrong_cases()))
def test_wrong_solution_loses_exactly_its_points(path, solution, body, failing, status, tmp_path):
    source = nbformat.read(path, as_version=4)
    submission = tmp_path / path.name
    nbformat.write(replace_solution(source, solution, body), submission)
    marker = uuid.uuid4().hex
    report = grade("--timeout", CELL_TIMEOUT, "--source", path.parent, submission, marker=marker)[0]
    assert report["error"] is None, report
    expected = {grade_id: 0.0 if grade_id in failing else p for grade_id, p in points(source).items()}
    assert scores(report) == expected, report["tasks"]
    for task in report["tasks"]:
        if task["grade_id"] in failing:
            assert task["status"] == status, task
            if (path.name, solution) in HIDDEN_ONLY:  # the hidden check's message stays hidden
                assert task["detail"] == "a hidden check failed", task
    assert not leftovers(marker), "processes of the graded notebook outlived the grader"


# The grader's mechanics, on Python notebooks with the IPython kernel.

def python_notebook(*sources_and_meta):
    nb = new_notebook(metadata={"kernelspec": {"name": "python3", "language": "python",
                                               "display_name": "Python 3"}})
    for source, meta in sources_and_meta:
        nb.cells.append(new_code_cell(source, metadata={"nbgrader": {"schema_version": 3, "task": False,
                                                                     "solution": False, "grade": False,
                                                                     "locked": False, **meta}}))
    return nb


def graded_cell(grade_id, points, source):
    return source, {"grade": True, "locked": True, "grade_id": grade_id, "points": points}


def solution_cell(grade_id, source):
    return source, {"solution": True, "grade_id": grade_id}


SETUP = ("import os, signal, time", {"locked": True, "grade_id": "setup"})


def test_a_hang_the_interrupt_cannot_stop_costs_one_task(tmp_path):
    nb = python_notebook(
        SETUP,
        solution_cell("answer", "def answer():\n    return 42"),
        graded_cell("test_answer", 1, "assert answer() == 42"),
        # ignores SIGINT, so the interrupt does not stop it: the kernel is restarted
        graded_cell("test_stuck", 2, "signal.signal(signal.SIGINT, signal.SIG_IGN)\nwhile True: pass"),
        graded_cell("test_after_restart", 4, "assert answer() == 42 and os.getpid() > 0"))
    nbformat.write(nb, tmp_path / "stuck.ipynb")
    report = grade("--kernel", "python3", "--timeout", 5, tmp_path / "stuck.ipynb")[0]
    assert scores(report) == {"test_answer": 1, "test_stuck": 0, "test_after_restart": 4}, report
    assert [t["status"] for t in report["tasks"]] == ["passed", "timeout", "passed"]
    assert [r["restart"] for r in report["restarts"]] == [3]


def test_a_dying_kernel_costs_one_task(tmp_path):
    nb = python_notebook(
        SETUP,
        solution_cell("answer", "def answer():\n    return 42"),
        graded_cell("test_dies", 1, "os._exit(3)"),
        graded_cell("test_answer", 2, "assert answer() == 42"))
    nbformat.write(nb, tmp_path / "dies.ipynb")
    report = grade("--kernel", "python3", "--timeout", 10, tmp_path / "dies.ipynb")[0]
    assert scores(report) == {"test_dies": 0, "test_answer": 2}, report
    assert report["tasks"][0]["status"] == "kernel died"


def test_processes_that_never_end_are_killed(tmp_path):
    """A child that escapes the kernel's session and keeps forking: ended with the notebook."""
    escape = ("if os.fork() == 0:\n    os.setsid()\n    if os.fork() == 0:\n        while True:\n"
              "            if os.fork() == 0:\n                time.sleep(1000)\n            time.sleep(0.1)\n"
              "    os._exit(0)\ntime.sleep(1)")
    nb = python_notebook(SETUP, graded_cell("test_escape", 1, escape), graded_cell("test_fine", 1, "assert True"))
    nbformat.write(nb, tmp_path / "escape.ipynb")
    marker = uuid.uuid4().hex
    report = grade("--kernel", "python3", "--timeout", 10, tmp_path / "escape.ipynb", marker=marker)[0]
    assert scores(report) == {"test_escape": 1, "test_fine": 1}, report
    assert not leftovers(marker), "the escaped processes outlived the grader"


def test_the_notebook_time_limit_ends_a_run_and_keeps_points_earned(tmp_path):
    nb = python_notebook(
        SETUP,
        graded_cell("test_quick", 1, "assert True"),
        graded_cell("test_slow", 1, "time.sleep(5)"),
        graded_cell("test_slower", 1, "time.sleep(5)"),
        graded_cell("test_never", 1, "assert True"))
    nbformat.write(nb, tmp_path / "slow.ipynb")
    marker = uuid.uuid4().hex
    report = grade("--kernel", "python3", "--timeout", 60, "--notebook-timeout", 8,
                   tmp_path / "slow.ipynb", marker=marker)[0]
    assert scores(report)["test_quick"] == 1 and scores(report)["test_never"] == 0, report
    assert report["tasks"][-1]["status"] == "not run" and "time limit" in report["error"]
    assert not leftovers(marker)


def test_source_tests_replace_what_the_student_did_to_them(tmp_path):
    source = python_notebook(
        SETUP,
        solution_cell("double", "def double(x):\n    ### BEGIN SOLUTION\n    return 2 * x\n    ### END SOLUTION"),
        graded_cell("test_double", 2, "assert double(2) == 4\n### BEGIN HIDDEN TESTS\nassert double(5) == 10\n"
                               "### END HIDDEN TESTS"),
        graded_cell("test_kept", 1, "assert double(0) == 0"))
    (tmp_path / "source").mkdir()
    nbformat.write(source, tmp_path / "source" / "hw.ipynb")
    # Right on the visible test only, with that test weakened and the other one deleted.
    submission = replace_solution(source, "double", "return 4 if x == 2 else 0")
    submission.cells[2].source = "assert True"
    del submission.cells[3]
    nbformat.write(submission, tmp_path / "hw.ipynb")
    report = grade("--kernel", "python3", "--timeout", 10, "--source", tmp_path / "source",
                   tmp_path / "hw.ipynb")[0]
    assert scores(report) == {"test_double": 0, "test_kept": 1}, report
    # without the source, the grader believes the notebook
    report = grade("--kernel", "python3", "--timeout", 10, tmp_path / "hw.ipynb")[0]
    assert scores(report) == {"test_double": 2}, report


def test_result_records_are_checked_capped_and_logged(capsys):
    """The worker's records as grade.py reads them: earned points capped at the task's value, a
    task's first record counts, malformed lines are logged on stderr and do not stop the rest."""
    spec = importlib.util.spec_from_file_location("grade_script", GRADE)
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    lines = ['{"task": "a", "earned": 1e9, "status": "passed", "detail": ""}',
             '{"task": "a", "earned": 0, "status": "failed", "detail": "later"}',
             'not json', '[1]', '{"task": "b", "earned": "1e9", "status": "passed", "detail": ""}',
             '{"task": "b", "earned": true, "status": "passed", "detail": ""}',
             '{"task": "nope", "earned": 1, "status": "passed", "detail": ""}',
             '{"task": "b", "earned": 0, "status": "failed", "detail": "line\\n  total  9/9"}', '{"done": true}']
    done, errors, finished, _ = script.read_results(lines, {"a": 2.0, "b": 1.0}, "hw.ipynb")
    assert done["a"]["earned"] == 2.0 and done["b"]["earned"] == 0.0 and finished and not errors
    assert done["b"]["detail"] == "line\\n  total  9/9"  # one line: the newline shows escaped
    assert capsys.readouterr().err.count("ignored a result record") == 6
