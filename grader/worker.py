"""Executes one notebook for grading and reports each test cell's result as it is known.

Run by scripts/grade.py as a subprocess, which bounds the whole run's time and ends what is left.
The merged notebook (student cells, the instructor's locked cells) comes on standard input; the
results go out on the file descriptor --results-fd, a pipe to grade.py that no kernel inherits
and that this process, being non-dumpable, does not show in /proc.

Every cell is bounded: a cell that runs past its timeout is interrupted; if the kernel does not
answer soon after, or dies (a student's exit() in the kernel process), it is restarted, the cells
that had run cleanly before (setup and solutions, not tests) are run again, and grading goes on with
the next cell. So one hanging or crashing task costs only its own points.

A test's outcome depends on the student's solutions only. In the SysLab kernel every locked cell is
sent under `%%locked`, which sets aside student declarations that shadow a name the locked cells
use; before each test cell the locked setup cells before it run again, so `check` and the helpers
are the instructor's; a student cell that tries `%locked`/`%%locked` itself is not run. A test cell
runs as its visible part, then its hidden part, as two requests: the feedback (--executed) keeps
the visible part's source and output and says only whether the hidden checks passed.

Output: one JSON object per line: {"task": grade_id, "earned": ..., "status": ...} per test cell,
{"restart": cell index, "why": ...} per restart, {"error": ...} if the kernel cannot start, and
{"done": true} at the end."""
import argparse
import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from queue import Empty

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import DeadKernelError
from nbclient.util import ensure_async, run_sync

from grader import cells, confine, reap

TIMEOUT_ENAME = "CellTimeout"
# What the SysLab kernel replies to a cell that called System.exit, just before its process ends.
EXIT_ENAME = "SystemExit"
# How long an interrupted cell may take to stop before the kernel counts as stuck and is restarted.
INTERRUPT_GRACE = 10
# The cell magic that marks instructor code, by kernel language (the SysLab kernel's %%locked).
LOCKED_MAGIC = {"java": "%%locked"}
HIDDEN_FAILED = "a hidden check failed"


@dataclass
class Outcome:
    status: str  # passed, failed, timeout, kernel died
    detail: str = ""
    restart: bool = False

    @property
    def ok(self):
        return self.status == "passed"


class Kernel:
    """The kernel a notebook runs on, through nbclient, restartable after a hang or a crash.
    Runs sources, not the notebook's cells: each request is a scratch cell of its own."""

    def __init__(self, nb, kernel_name, cell_timeout, cwd, launch, manager_class):
        self.kernel_name, self.cell_timeout, self.cwd = kernel_name, cell_timeout, cwd
        self.launch, self.manager_class = launch, manager_class  # Popen arguments, KernelManager
        self.scratch = nbformat.v4.new_notebook(metadata=nb.metadata, cells=[nbformat.v4.new_code_cell()])
        self.client = None
        self.reply = None

    def start(self):
        self.client = NotebookClient(
            self.scratch, kernel_name=self.kernel_name, timeout=self.cell_timeout, allow_errors=True,
            interrupt_on_timeout=True, iopub_timeout=5, startup_timeout=60,
            shutdown_kernel="immediate", resources={"metadata": {"path": self.cwd}},
            kernel_manager_class=self.manager_class,
            error_on_timeout={"ename": TIMEOUT_ENAME, "traceback": [],
                              "evalue": f"the cell ran longer than {self.cell_timeout} s"},
            on_cell_executed=self._on_reply)
        self.client.create_kernel_manager()
        self.client.start_new_kernel(**self.launch)
        self.client.start_new_kernel_client()

    def _on_reply(self, cell, cell_index, execute_reply):
        self.reply = execute_reply

    def stop(self):
        """Kills the kernel and every process it left (this process is their subreaper)."""
        if self.client is not None and self.client.km is not None:
            try:
                self.client._cleanup_kernel()  # nbclient's teardown, as its setup_kernel() ends
            except Exception:  # a kernel that is already gone: nothing to clean up
                pass
        reap.kill_descendants()
        self.client = None

    def run(self, source):
        """(Outcome, outputs) of one request."""
        cell = nbformat.v4.new_code_cell(source)
        self.scratch.cells[0] = cell
        self.reply = None
        try:
            self.client.execute_cell(cell, 0)
        except DeadKernelError:
            return Outcome("kernel died", "the kernel died while running this cell", restart=True), cell.outputs
        content = self.reply["content"] if self.reply else {"status": "error", "ename": "NoReply"}
        if content["status"] == "ok":
            return Outcome("passed"), cell.outputs
        detail = f"{content.get('ename', '')}: {content.get('evalue', '')}".strip(": ")
        if content.get("ename") == TIMEOUT_ENAME:
            cell.outputs.append(nbformat.v4.new_output(
                "error", ename=TIMEOUT_ENAME, evalue=content["evalue"], traceback=[detail]))
            return Outcome("timeout", detail, restart=not self.responsive()), cell.outputs
        if content.get("ename") == EXIT_ENAME:  # the kernel is ending: start the next one now
            return Outcome("kernel died", detail, restart=True), cell.outputs
        return Outcome("failed", detail or content["status"]), cell.outputs

    def responsive(self):
        """Whether the kernel answers a kernel_info request within INTERRUPT_GRACE seconds: it
        queues behind the interrupted cell, so an answer means the cell did stop."""
        async def probe():
            kc = self.client.kc
            if not await ensure_async(kc.is_alive()):
                return False
            msg_id = kc.kernel_info()
            deadline = time.monotonic() + INTERRUPT_GRACE
            while (left := deadline - time.monotonic()) > 0:
                try:
                    msg = await ensure_async(kc.get_shell_msg(timeout=left))
                except Empty:
                    return False
                if msg["parent_header"].get("msg_id") == msg_id:
                    return True
            return False
        return run_sync(probe)()


def refused(source, magic):
    """Whether a student cell claims instructor rights: a line starting with the locking magic."""
    word = magic.lstrip("%")
    return any(line.lstrip().startswith(("%" + word, "%%" + word)) for line in source.split("\n"))


def note(text, name="stderr"):
    return nbformat.v4.new_output("stream", name=name, text=text + "\n")


class Grader:
    """Runs the merged notebook's cells in order, re-locking before each test."""

    def __init__(self, nb, kernel, emit):
        self.nb, self.kernel, self.emit = nb, kernel, emit
        self.magic = LOCKED_MAGIC.get(cells.language(nb))
        self.setup = []   # requests of the locked cells that are not tests, run before each test
        self.replay = []  # requests that ran cleanly, not tests: what a restarted kernel needs again

    def locked(self, source):
        return f"{self.magic}\n{source}" if self.magic else source

    def request(self, source, index):
        """Runs one request; restarts the kernel (and replays) when it hung or died."""
        outcome, outputs = self.kernel.run(source)
        if outcome.restart:
            self.emit(restart=index, why=outcome.detail)
            self.restart()
        return outcome, outputs

    def restart(self):
        self.kernel.stop()
        self.kernel.start()
        for source in self.replay:
            if self.kernel.run(source)[0].restart:  # ran before, fails now: go on without the rest
                self.kernel.stop()
                self.kernel.start()
                break

    def run(self):
        graded = {i: (grade_id, points) for i, grade_id, points in cells.tasks(self.nb)}
        for i, cell in enumerate(self.nb.cells):
            if cell.cell_type != "code" or not cell.source.strip():
                continue
            if i in graded:
                self.test(i, cell, *graded[i])
            elif cells.is_locked(cell):
                request = self.locked(cell.source)
                outcome, cell.outputs = self.request(request, i)
                self.setup.append(request)
                if outcome.ok:
                    self.replay.append(request)
            elif self.magic and refused(cell.source, self.magic):
                cell.outputs = [note(f"not run: a student cell may not use {self.magic}")]
            else:
                outcome, cell.outputs = self.request(cell.source, i)
                if outcome.ok:
                    self.replay.append(cell.source)

    def test(self, i, cell, grade_id, points):
        for request in self.setup:  # the helpers are the instructor's again, whatever came since
            if self.request(request, i)[0].restart:
                break
        outcome, outputs = Outcome("passed"), []
        for hidden, text in cells.test_parts(cell.source):
            outcome, out = self.request(self.locked(text), i)
            if not hidden:
                outputs += out
            elif not outcome.ok:  # the status alone: a hidden check's message may name its data
                outcome = Outcome(outcome.status, {"failed": HIDDEN_FAILED,
                                                   "timeout": "a hidden check ran out of time",
                                                   }.get(outcome.status, "the kernel died in a hidden check"))
                outputs.append(note(outcome.detail))
            if not outcome.ok:
                break
        cell.source, cell.outputs = cells.released_source(cell), outputs
        self.emit(task=grade_id, points=points, earned=points if outcome.ok else 0.0,
                  status=outcome.status, detail=outcome.detail)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--results-fd", type=int, required=True, help="pipe to write JSON lines to")
    parser.add_argument("--kernel", required=True)
    parser.add_argument("--timeout", type=int, required=True, help="seconds per cell")
    parser.add_argument("--cwd", required=True, help="the kernel's working directory")
    parser.add_argument("--run-as", help="UID:GID the kernels run as")
    parser.add_argument("--connection-dir", required=True, help="where the kernels' connection files go")
    parser.add_argument("--executed", help="write the executed notebook (feedback) here")
    args = parser.parse_args(argv)

    confine.no_dumps()
    os.set_inheritable(args.results_fd, False)
    reap.become_subreaper()
    nb = nbformat.read(sys.stdin, as_version=4)
    os.dup2(os.open(os.devnull, os.O_RDONLY), 0)  # the kernel inherits no way back to grade.py
    ids = tuple(map(int, args.run_as.split(":"))) if args.run_as else None
    # The kernel's own HOME: the grader's may be unreadable to it, and should stay unwritten.
    launch = {"env": {**os.environ, "HOME": args.cwd}}
    if ids:  # a kernel of another user cannot reopen our pipes (/proc/self/fd/N is EACCES)
        launch.update(stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    with open(args.results_fd, "w", buffering=1) as out:
        def emit(**fields):
            out.write(json.dumps(fields) + "\n")

        kernel = Kernel(nb, args.kernel, args.timeout, args.cwd, launch,
                        confine.manager_class(ids, args.connection_dir))
        try:
            try:
                kernel.start()
            except Exception as e:
                emit(error=f"kernel {args.kernel!r} did not start: {type(e).__name__}: {e}")
                return 1
            try:
                Grader(nb, kernel, emit).run()
            finally:
                kernel.stop()
                if args.executed:
                    nbformat.write(nb, args.executed)
            emit(done=True)
        finally:
            kernel.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
