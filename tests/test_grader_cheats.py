"""Cheating submissions for each homework: each earns exactly what its honest part earns.

A submission is built from a homework's student release (grader.cells.release): chosen tasks get the
source's solution (the honest part), others a wrong body, and attack code goes into chosen cells.
The attacks: a redefined `check`; a redefined helper or a shadowing static import that fakes what
the tests see; a shadowing class or single-type import (a class compiled with %%bash javac and added
with %classpath); System.exit; forged result records appended to every file and fd the kernel can
reach; SIGSTOP/SIGKILL to its parent, its process group or -1; a background process that outlives
the kernel, rewriting a file; text and an exception message shaped like the grader's report; a
student cell that claims %%locked itself. Attacks that would gain points target a task whose body is
wrong; attacks that end the kernel sit in a cell whose task is lost anyway, so that the honest tasks
after them show that a submission loses only its own tasks.

The grader runs as root here (the kernels as an unprivileged user): kill(-1) as the grader's own
user would hit the test run itself, so these tests need root."""
import importlib.util
import io
import json
import os
import pwd
import shutil
import subprocess
import sys
import time
import uuid
from contextlib import redirect_stdout
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell

from test_grader import GRADE, HOMEWORK, ROOT, SETUP, grade, graded_cell, leftovers, points, python_notebook, scores

sys.path.insert(0, str(ROOT))
from grader import cells, confine  # noqa: E402

pytestmark = pytest.mark.skipif(os.geteuid() != 0, reason="the attacks need the grader to run as root")

CELL_TIMEOUT = 20  # a kernel stopped by SIGSTOP costs this plus the interrupt's grace
HW = {p.stem.split("-")[0]: p for p in HOMEWORK}

# Lines that look like the grader's text report.
FAKE_REPORT = "\\n  test_fork_tree  2/2\\n  total  999/999\\nnotebooks/homework/hw0.ipynb\\n  total  999/999"

# Appends forged records to every regular file it can write under / and /tmp, and to every fd of
# every process it can open (/proc/*/fd/*): the grader's pipes are not among them.
FORGE = """
{
    String forged = "{\\"task\\": \\"%(task)s\\", \\"earned\\": 1e9, \\"points\\": 1e9, \\"status\\": \\"passed\\", \\"detail\\": \\"\\"}\\n";
    long until = System.currentTimeMillis() + 5000;
    java.util.List<java.nio.file.Path> targets = new java.util.ArrayList<>();
    for (String root : new String[] {"/tmp", "/"}) {
        try {
            java.nio.file.Files.walkFileTree(java.nio.file.Path.of(root), new java.nio.file.SimpleFileVisitor<>() {
                public java.nio.file.FileVisitResult preVisitDirectory(java.nio.file.Path d, java.nio.file.attribute.BasicFileAttributes a) {
                    if (System.currentTimeMillis() > until) return java.nio.file.FileVisitResult.TERMINATE;
                    return Set.of("/proc", "/sys", "/dev").contains(d.toString()) ? java.nio.file.FileVisitResult.SKIP_SUBTREE
                                                                                  : java.nio.file.FileVisitResult.CONTINUE;
                }
                public java.nio.file.FileVisitResult visitFile(java.nio.file.Path f, java.nio.file.attribute.BasicFileAttributes a) {
                    if (a.isRegularFile() && java.nio.file.Files.isWritable(f)) targets.add(f);
                    return java.nio.file.FileVisitResult.CONTINUE;
                }
                public java.nio.file.FileVisitResult visitFileFailed(java.nio.file.Path f, java.io.IOException e) {
                    return java.nio.file.FileVisitResult.CONTINUE;
                }
            });
        } catch (java.io.IOException e) { }
    }
    for (java.io.File proc : new java.io.File("/proc").listFiles(f -> f.getName().matches("\\\\d+"))) {
        java.io.File[] fds = new java.io.File(proc, "fd").listFiles();
        if (fds != null) for (java.io.File fd : fds) targets.add(fd.toPath());
    }
    int written = 0;
    for (java.nio.file.Path target : targets) {
        try (var out = new java.io.FileOutputStream(target.toFile(), true)) {
            out.write(forged.getBytes());
            written++;
        } catch (Exception e) { }
    }
    System.out.println("forged records appended to " + written + " files");
}
"""

# Leaves a process that appends to a file twice a second, in a session of its own, after the kernel.
BACKGROUND = """
new ProcessBuilder("setsid", "sh", "-c", "while :; do date +%%s%%N >> %(target)s; sleep 0.2; done")
    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
"""

# Stops and kills its parent (the grader's worker); KILLS then signals %(whom)s.
PARENT_KILLS = """
long parent = ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(1L);
for (int sig : new int[] {SIGSTOP, SIGKILL}) {
    try { kill((int) parent, sig); } catch (Exception e) { System.out.println("kill(parent): " + e); }
}
"""
KILLS = PARENT_KILLS + "kill(%(whom)s, %(sig)s);\n"

WHOAMI = """
System.out.println(java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status")).stream()
    .filter(l -> l.startsWith("Uid:")).findFirst().get());
System.out.println("cwd holds " + Arrays.toString(new java.io.File(".").list()));
"""

# A fake java.util.Arrays whose equals always agrees, compiled in the kernel's directory.
FAKE_ARRAYS = """%%bash
mkdir -p fakes/fake
cat > fakes/fake/Arrays.java <<'EOF'
package fake;
public class Arrays {
    public static boolean equals(byte[] a, byte[] b) { return true; }
}
EOF
javac -d fakes fakes/fake/Arrays.java"""


def submission(path, honest=(), bodies=None, append=None, cells_after=None):
    """The release of homework path with the tasks in honest solved as the source solves them, the
    bodies of others replaced (bodies: {grade_id: Java}), code appended to cells ({grade_id: Java})
    and new student cells after cells ({grade_id: [source...]})."""
    source = nbformat.read(path, as_version=4)
    nb = cells.release(source)
    stub = cells.STUBS["java"]
    for mine, theirs in zip(nb.cells, source.cells):
        grade_id = cells.meta(mine).get("grade_id")
        if grade_id in honest:
            mine.source = theirs.source
        elif grade_id in (bodies or {}):
            lines = mine.source.split("\n")
            at = next(i for i, line in enumerate(lines) if line.strip() == stub[0])
            indent = lines[at][: len(lines[at]) - len(lines[at].lstrip())]
            lines[at:at + 2] = [indent + line for line in bodies[grade_id].split("\n")]
            mine.source = "\n".join(lines)
        if grade_id in (append or {}):
            mine.source += "\n" + append[grade_id]
    for grade_id, sources in (cells_after or {}).items():
        at = next(i for i, c in enumerate(nb.cells) if cells.meta(c).get("grade_id") == grade_id)
        nb.cells[at + 1:at + 1] = [new_code_cell(s) for s in sources]
    return nb


def expected(path, honest):
    return {grade_id: p if grade_id.removeprefix("test_") in honest else 0.0
            for grade_id, p in points(nbformat.read(path, as_version=4)).items()}


def grade_cheat(tmp_path, path, nb, *args):
    """Grades nb (saved under path's name); returns (report, marker of its processes)."""
    (tmp_path / "in").mkdir()
    nbformat.write(nb, tmp_path / "in" / path.name)
    marker = uuid.uuid4().hex
    report = grade("--timeout", CELL_TIMEOUT, "--source", path.parent, *args, tmp_path / "in" / path.name,
                   marker=marker)[0]
    return report, marker


def text_report(report):
    """What grade.py prints for the report (its print_report, loaded from the script)."""
    spec = importlib.util.spec_from_file_location("grade_script", GRADE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    out = io.StringIO()
    with redirect_stdout(out):
        module.print_report(report)
    return out.getvalue()


def assert_no_fake_report(report):
    lines = text_report(report).splitlines()
    assert len(lines) == len(report["tasks"]) + 2 + bool(report["error"]), lines
    assert [line for line in lines if line.lstrip().startswith("total")] == [lines[len(report["tasks"]) + 1]]
    assert "999/999" not in lines[-1]
    for task in report["tasks"]:
        assert len(task["detail"]) <= 200 and "\n" not in task["detail"], task


def assert_nothing_left(marker, target):
    """No process of the graded notebook remains, and the file its background process wrote to no
    longer changes."""
    assert not leftovers(marker), "processes of the graded notebook outlived the grader"
    before = target.read_bytes()
    assert before, "the background process never ran: the attack tested nothing"
    time.sleep(1.5)
    assert target.read_bytes() == before, "a process of the graded notebook still writes"


@pytest.fixture
def target():
    """A file anyone can write, for the background process to rewrite."""
    path = Path(f"/tmp/syslab-cheat-{uuid.uuid4().hex}")
    path.touch()
    path.chmod(0o666)
    yield path
    path.unlink()


def kernel_uid():
    return pwd.getpwnam(confine.default_user()).pw_uid


# --- hw1: fork_tree 2, flush_before_fork 1, lines_on_file 1 ---------------------------------------

def test_hw1_shadowed_helpers_earn_nothing(tmp_path):
    """fork_tree: honest (2 of 2).
    flush_before_fork: an empty body and a `check` that checks nothing (0 of 1, else 1).
    lines_on_file: a fake stdoutOf that prints what the test counts (0 of 1, else 1).
    A student cell that claims %%locked is not run."""
    path = HW["hw1"]
    nb = submission(path, honest={"fork_tree"},
                    bodies={"flush_before_fork": "",
                            "lines_on_file": 'lastForks = forks;\nreturn count(stdoutOf("file", () -> { }), "hello world!");'},
                    append={"flush_before_fork": "void check(boolean ok, String what) { }",
                            "lines_on_file": "int lastForks;\nString stdoutOf(String where, Runnable body) {\n"
                                             '    return "hello world!\\n".repeat(1 << lastForks);\n}'},
                    cells_after={"lines_on_file": ["%%locked\nvoid check(boolean ok, String what) { }"]})
    report, _ = grade_cheat(tmp_path, path, nb, "--executed", tmp_path / "out")
    assert report["error"] is None, report
    assert scores(report) == expected(path, {"fork_tree"}), report["tasks"]
    executed = nbformat.read(tmp_path / "out" / path.name, as_version=4)
    refused = [c for c in executed.cells if c.source.startswith("%%locked")]
    assert "not run" in refused[0].outputs[0]["text"], refused[0].outputs
    # Feedback: the released tests only, and the visible checks' messages.
    for cell in executed.cells:
        assert "HIDDEN TESTS" not in cell.source and "1 << k" not in cell.source
    flush = next(c for c in executed.cells if cells.meta(c).get("grade_id") == "test_flush_before_fork")
    assert any("should end in 4 processes" in o.get("evalue", "") for o in flush.outputs), flush.outputs


def test_hw1_exit_and_shadowing_class(tmp_path):
    """fork_tree: honest, then System.exit(3) in the same cell (0 of 2: the cell never completes).
    flush_before_fork: honest (1 of 1), after the kernel's restart.
    lines_on_file: a class ForkRunner that fakes every run (0 of 1, else 1).
    A student cell shows the kernel's uid (the unprivileged user) and its directory (the notebook)."""
    path = HW["hw1"]
    nb = submission(path, honest={"fork_tree", "flush_before_fork"},
                    bodies={"lines_on_file": 'lastForks = forks;\nreturn count(stdoutOf("file", () -> { }), "hello world!");'},
                    append={"fork_tree": "System.exit(3);",
                            "lines_on_file": "int lastForks;\nclass ForkRunner {\n"
                                             "    static final java.time.Duration DEFAULT_TIMEOUT = java.time.Duration.ofSeconds(9);\n"
                                             "    ForkResult run(StdoutMode mode, Runnable body) {\n"
                                             '        return new ForkResult(mode, 1, "hello world!\\n".repeat(1 << lastForks),\n'
                                             "            java.util.List.of(new ProcessEnd(1, 0, java.time.Duration.ZERO, null)),\n"
                                             "            java.time.Duration.ZERO, false, false, 0, java.util.List.of());\n    }\n}"},
                    cells_after={"setup": [WHOAMI]})
    report, _ = grade_cheat(tmp_path, path, nb, "--executed", tmp_path / "out")
    assert report["error"] is None, report
    assert scores(report) == {"test_fork_tree": 0, "test_flush_before_fork": 1, "test_lines_on_file": 0}, report["tasks"]
    assert [r["restart"] for r in report["restarts"]], report
    executed = nbformat.read(tmp_path / "out" / path.name, as_version=4)
    whoami = next(c for c in executed.cells if "/proc/self/status" in c.source)
    text = "".join(o.get("text", "") for o in whoami.outputs)
    assert f"Uid:\t{kernel_uid()}\t" in text, text
    assert f"cwd holds [{path.name}]" in text, text


def test_hw1_processes_forged_records_and_fake_report(tmp_path, target):
    """fork_tree: honest, with forged records and a background process in its cell (2 of 2).
    flush_before_fork: a body that throws a fake report (0 of 1).
    lines_on_file: SIGSTOP and SIGKILL to its parent, then SIGSTOP to its own process group (0 of 1:
    the cell times out and the kernel is restarted)."""
    path = HW["hw1"]
    nb = submission(path, honest={"fork_tree"},
                    bodies={"flush_before_fork": f'throw new RuntimeException("{FAKE_REPORT}");',
                            "lines_on_file": KILLS % {"whom": 0, "sig": "SIGSTOP"} + "return 2;"},
                    append={"fork_tree": FORGE % {"task": "test_flush_before_fork"}
                            + BACKGROUND % {"target": target} + f'System.out.println("{FAKE_REPORT}");'})
    report, marker = grade_cheat(tmp_path, path, nb)
    assert report["error"] is None, report
    assert scores(report) == expected(path, {"fork_tree"}), report["tasks"]
    assert report["tasks"][2]["status"] == "timeout", report["tasks"]
    assert_no_fake_report(report)
    assert_nothing_left(marker, target)


# --- hw2: pipe_capacity 3, child_output 3 -------------------------------------------------------

def test_hw2_shadowed_static_import_and_background(tmp_path, target):
    """pipe_capacity: methods fcntl that shadow the static import and report the pipe's size as
    4096, and a body that returns 4096 (0 of 3, else 3).
    child_output: honest, with forged records and a background process in its cell (3 of 3)."""
    path = HW["hw2"]
    nb = submission(path, honest={"child_output"}, bodies={"pipe_capacity": "return 4096;"},
                    append={"pipe_capacity": "int fcntl(int fd, int cmd) {\n"
                                             "    return cmd == F_GETPIPE_SZ ? 4096 : syslab.posix.C.fcntl(fd, cmd);\n}\n"
                                             "int fcntl(int fd, int cmd, long arg) { return syslab.posix.C.fcntl(fd, cmd, arg); }",
                            "child_output": FORGE % {"task": "test_pipe_capacity"} + BACKGROUND % {"target": target}})
    report, marker = grade_cheat(tmp_path, path, nb)
    assert report["error"] is None, report
    assert scores(report) == expected(path, {"child_output"}), report["tasks"]
    assert_nothing_left(marker, target)


def test_hw2_shadowing_import_check_and_fake_report(tmp_path):
    """pipe_capacity: honest, its cell prints a fake report (3 of 3).
    child_output: an import of a compiled fake.Arrays whose equals always agrees, a `check` that
    checks nothing, and a body that returns nothing (0 of 3, else 3)."""
    path = HW["hw2"]
    nb = submission(path, honest={"pipe_capacity"}, bodies={"child_output": "return new byte[0];"},
                    append={"pipe_capacity": f'System.out.println("{FAKE_REPORT}");',
                            "child_output": "import fake.Arrays;\nvoid check(boolean ok, String what) { }"},
                    cells_after={"pipe_capacity": [FAKE_ARRAYS, "%classpath fakes"]})
    report, _ = grade_cheat(tmp_path, path, nb)
    assert report["error"] is None, report
    assert scores(report) == expected(path, {"pipe_capacity"}), report["tasks"]
    assert_no_fake_report(report)


def test_hw2_kills_exit_and_thrown_fake_report(tmp_path):
    """pipe_capacity: SIGSTOP and SIGKILL to its parent, then SIGKILL to -1, every process of its
    user but itself (Linux spares the caller), then a fake report thrown (0 of 3).
    child_output: honest (3 of 3); a student cell after its test calls System.exit(3), which
    restarts the kernel and costs nothing."""
    path = HW["hw2"]
    nb = submission(path, honest={"child_output"},
                    bodies={"pipe_capacity": KILLS % {"whom": -1, "sig": "SIGKILL"}
                            + f'throw new RuntimeException("{FAKE_REPORT}");'},
                    cells_after={"test_child_output": ["System.exit(3);"]})
    report, marker = grade_cheat(tmp_path, path, nb)
    assert report["error"] is None, report
    assert scores(report) == expected(path, {"child_output"}), report["tasks"]
    assert len(report["restarts"]) == 1, report
    assert_no_fake_report(report)
    assert not leftovers(marker)


# --- hw3: ready_count 3, wakeups 3 --------------------------------------------------------------

def test_hw3_redefined_check_and_hidden_feedback(tmp_path):
    """ready_count: honest (3 of 3), its cell redefines `check` to check nothing.
    wakeups: a body right for the visible checks only (0 of 3, else 3 through the fake check); the
    feedback says a hidden check failed and shows nothing of it."""
    path = HW["hw3"]
    nb = submission(path, honest={"ready_count"}, bodies={"wakeups": "return edgeTriggered ? 1 : 10;"},
                    append={"ready_count": "void check(boolean ok, String what) { }"})
    report, _ = grade_cheat(tmp_path, path, nb, "--executed", tmp_path / "out")
    assert report["error"] is None, report
    assert scores(report) == expected(path, {"ready_count"}), report["tasks"]
    assert report["tasks"][1]["detail"] == "a hidden check failed", report["tasks"]
    executed = nbformat.read(tmp_path / "out" / path.name, as_version=4)
    test = next(c for c in executed.cells if cells.meta(c).get("grade_id") == "test_wakeups")
    assert "4096" not in test.source and "a hidden check failed" in test.outputs[-1]["text"], test
    assert "4096" not in json.dumps(test.outputs)


def test_hw3_shadowed_static_imports_and_helper(tmp_path):
    """ready_count: methods write and close that shadow the static imports and count the pipes
    written to or closed, a closeAll that resets the count, and a body that returns the count
    (0 of 3, else 3). wakeups: honest (3 of 3), its own write calls unaffected."""
    path = HW["hw3"]
    nb = submission(path, honest={"wakeups"}, bodies={"ready_count": "return written;"},
                    append={"ready_count": "int written;\n"
                                           "int write(int fd, String s) { written++; return syslab.posix.C.write(fd, s); }\n"
                                           "int write(int fd, byte[] b, int n) { return syslab.posix.C.write(fd, b, n); }\n"
                                           "void close(int fd) { written++; syslab.posix.C.close(fd); }\n"
                                           "void closeAll(int[][] pipes) {\n    written = 0;\n"
                                           "    for (int[] p : pipes) for (int fd : p) if (fd >= 0) syslab.posix.C.close(fd);\n}"})
    report, _ = grade_cheat(tmp_path, path, nb)
    assert report["error"] is None, report
    assert scores(report) == expected(path, {"wakeups"}), report["tasks"]


def test_hw3_kills_exit_forged_records_and_fake_report(tmp_path, target):
    """ready_count: SIGSTOP and SIGKILL to its parent, then a fake report thrown (0 of 3).
    wakeups: honest, with forged records and a background process in its cell (3 of 3).
    Then student cells after the last test: System.exit(3), and SIGKILL to its own process group:
    each restarts the kernel and costs nothing."""
    path = HW["hw3"]
    nb = submission(path, honest={"wakeups"},
                    bodies={"ready_count": PARENT_KILLS + f'throw new RuntimeException("{FAKE_REPORT}");'},
                    append={"wakeups": FORGE % {"task": "test_ready_count"} + BACKGROUND % {"target": target}},
                    cells_after={"test_wakeups": ["System.exit(3);", "kill(0, SIGKILL);"]})
    report, marker = grade_cheat(tmp_path, path, nb)
    assert report["error"] is None, report
    assert scores(report) == expected(path, {"wakeups"}), report["tasks"]
    assert len(report["restarts"]) == 2, report
    assert_no_fake_report(report)
    assert_nothing_left(marker, target)


# --- a grader that does not run as root -----------------------------------------------------------

def test_a_kernel_that_stops_the_grader_of_its_own_user_costs_the_rest_of_its_notebook(tmp_path):
    """Run as an ordinary user, the grader shares that user with its kernels. The worker is not
    dumpable, so its kernel cannot open /proc/<worker>/fd; the kernel may SIGSTOP the worker, and the
    notebook's time limit still ends the run, with the points earned before."""
    shared = Path(f"/tmp/syslab-cheat-{uuid.uuid4().hex}")  # readable by the unprivileged user
    shared.mkdir()
    shared.chmod(0o777)  # its HOME too
    try:
        fds = ("try:\n    os.listdir(f'/proc/{os.getppid()}/fd')\nexcept PermissionError:\n    pass\n"
               "else:\n    raise AssertionError('the worker shows its fds to its kernel')")
        nb = python_notebook(SETUP, graded_cell("test_before", 1, fds),
                             graded_cell("test_stop", 1, "os.kill(os.getppid(), signal.SIGSTOP)"),
                             graded_cell("test_after", 1, "assert True"))
        nbformat.write(nb, shared / "stop.ipynb")
        marker = uuid.uuid4().hex
        user = pwd.getpwnam(confine.default_user())
        env = {**os.environ, "SYSLAB_GRADE_TEST": marker, "HOME": str(shared)}
        started = time.monotonic()
        done = subprocess.run(["setpriv", f"--reuid={user.pw_uid}", f"--regid={user.pw_gid}", "--clear-groups",
                               "/usr/bin/python3", str(GRADE), "--json", "--kernel", "python3", "--timeout", "60",
                               "--notebook-timeout", "20", str(shared / "stop.ipynb")],
                              env=env, capture_output=True, text=True, timeout=120, cwd=shared)
        report = json.loads(done.stdout)[0]
        assert scores(report) == {"test_before": 1, "test_stop": 0, "test_after": 0}, report
        assert "time limit" in report["error"], report
        assert time.monotonic() - started < 60  # the 20 s limit, not the cell's 60 s or a hang
        assert not leftovers(marker)
    finally:
        shutil.rmtree(shared, ignore_errors=True)
