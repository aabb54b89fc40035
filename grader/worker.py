"""Executes one notebook for grading and reports each test cell's result as it is known.

Run by scripts/grade.py as a subprocess, which bounds the whole run's time and ends what is left.
Here every cell is bounded: a cell that runs past its timeout is interrupted; if the kernel does not
answer soon after, or dies (a student's exit() in the kernel process), it is restarted, the cells
that had run cleanly before (setup and solutions, not tests) are run again, and grading goes on with
the next cell. So one hanging or crashing task costs only its own points.

Output: one JSON object per line in --results: {"task": grade_id, "earned": ..., "status": ...} per
test cell, {"restart": cell index, "why": ...} per restart, {"error": ...} if the kernel cannot
start, and {"done": true} at the end."""
import argparse
import json
import time
from dataclasses import dataclass
from queue import Empty

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import DeadKernelError
from nbclient.util import ensure_async, run_sync

from grader import cells, reap

TIMEOUT_ENAME = "CellTimeout"
# How long an interrupted cell may take to stop before the kernel counts as stuck and is restarted.
INTERRUPT_GRACE = 10


@dataclass
class Outcome:
    status: str  # passed, failed, timeout, kernel died
    detail: str = ""
    restart: bool = False

    @property
    def ok(self):
        return self.status == "passed"


class Kernel:
    """The kernel a notebook runs on, through nbclient, restartable after a hang or a crash."""

    def __init__(self, nb, kernel_name, cell_timeout, cwd):
        self.nb, self.kernel_name, self.cell_timeout, self.cwd = nb, kernel_name, cell_timeout, cwd
        self.client = None
        self.reply = None

    def start(self):
        self.client = NotebookClient(
            self.nb, kernel_name=self.kernel_name, timeout=self.cell_timeout, allow_errors=True,
            interrupt_on_timeout=True, iopub_timeout=5, startup_timeout=60,
            shutdown_kernel="immediate", resources={"metadata": {"path": self.cwd}},
            error_on_timeout={"ename": TIMEOUT_ENAME, "traceback": [],
                              "evalue": f"the cell ran longer than {self.cell_timeout} s"},
            on_cell_executed=self._on_reply)
        self.client.create_kernel_manager()
        self.client.start_new_kernel()
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

    def run(self, index):
        cell = self.nb.cells[index]
        self.reply = None
        try:
            self.client.execute_cell(cell, index)
        except DeadKernelError:
            return Outcome("kernel died", "the kernel died while running this cell", restart=True)
        content = self.reply["content"] if self.reply else {"status": "error", "ename": "NoReply"}
        if content["status"] == "ok":
            return Outcome("passed")
        detail = f"{content.get('ename', '')}: {content.get('evalue', '')}".strip(": ")
        if content.get("ename") == TIMEOUT_ENAME:
            cell.outputs.append(nbformat.v4.new_output(
                "error", ename=TIMEOUT_ENAME, evalue=content["evalue"], traceback=[detail]))
            return Outcome("timeout", detail, restart=not self.responsive())
        return Outcome("failed", detail or content["status"])

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


def grade(nb, kernel, emit):
    graded = {i: (grade_id, points) for i, grade_id, points in cells.tasks(nb)}
    replay = []  # cells that ran cleanly and are not tests: what a restarted kernel needs again
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code" or not cell.source.strip():
            continue
        outcome = kernel.run(i)
        if i in graded:
            grade_id, points = graded[i]
            emit(task=grade_id, points=points, earned=points if outcome.ok else 0.0,
                 status=outcome.status, detail=outcome.detail)
        elif outcome.ok:
            replay.append(i)
        if outcome.restart:
            emit(restart=i, why=outcome.detail)
            kernel.stop()
            kernel.start()
            for j in replay:
                if kernel.run(j).restart:  # a cell that ran before fails now: go on without it
                    kernel.stop()
                    kernel.start()
                    break


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebook")
    parser.add_argument("--results", required=True, help="file to append JSON lines to")
    parser.add_argument("--kernel", required=True)
    parser.add_argument("--timeout", type=int, required=True, help="seconds per cell")
    parser.add_argument("--cwd", required=True, help="the kernel's working directory")
    parser.add_argument("--executed", help="write the executed notebook here")
    args = parser.parse_args(argv)

    reap.become_subreaper()
    nb = nbformat.read(args.notebook, as_version=4)
    with open(args.results, "a", buffering=1) as out:
        def emit(**fields):
            out.write(json.dumps(fields) + "\n")

        kernel = Kernel(nb, args.kernel, args.timeout, args.cwd)
        try:
            kernel.start()
        except Exception as e:
            emit(error=f"kernel {args.kernel!r} did not start: {type(e).__name__}: {e}")
            kernel.stop()
            return 1
        try:
            grade(nb, kernel, emit)
        finally:
            kernel.stop()
            if args.executed:
                nbformat.write(nb, args.executed)
        emit(done=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
