#!/usr/bin/python3
"""Runs every course notebook under a directory headless with nbclient and the syslab kernel, as
tests/test_notebooks.py does: any error output fails it, and a notebook whose metadata has
{"syslab": {"skip": "why"}} is skipped with that reason, and one whose checks compare timings,
{"syslab": {"timing": "what"}}, runs once more if a check fails: on a shared machine another program
can take the CPUs for the seconds one measurement lasts. tests/test_notebooks.py runs notebooks through
execute() here too. The homework there is the student release, whose stubs throw by design: grading
checks it instead (docker/check-image.sh).

  run_notebooks.py DIR"""
import os
import stat
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

CELL_TIMEOUT = 120


def describe_stderr():
    """What fd 2 is: the check means to run kernels with a stderr that another user owns, as
    `docker run` without -t and Kubernetes give it."""
    st = os.fstat(2)
    kind = "pipe" if stat.S_ISFIFO(st.st_mode) else "tty or file" if stat.S_ISCHR(st.st_mode) else "file"
    return f"stderr is a {kind} of uid {st.st_uid}, this process is uid {os.getuid()}"


def course_notebooks(root):
    return sorted(p for p in root.rglob("*.ipynb")
                  if ".ipynb_checkpoints" not in p.parts and "homework" not in p.relative_to(root).parts)


def execute(path, kernel_name):
    """Runs the notebook at path; raises CellExecutionError (naming the cell) on any error output."""
    meta = nbformat.read(path, as_version=4).metadata.get("syslab", {})
    runs = 2 if meta.get("timing") else 1
    for run in range(1, runs + 1):
        client = NotebookClient(nbformat.read(path, as_version=4), kernel_name=kernel_name,
                                timeout=CELL_TIMEOUT, resources={"metadata": {"path": str(path.parent)}})
        try:
            client.execute()
            return
        except CellExecutionError as e:
            if run == runs or "check failed" not in str(e):
                raise
            print(f"{path.name}: a timing check failed ({meta['timing']}); running the notebook again:\n{e}",
                  flush=True)


def main(root):
    print(f"run_notebooks.py: {describe_stderr()}", flush=True)
    found, failed = course_notebooks(root), []
    if not found:
        print(f"run_notebooks.py: no notebook under {root}", file=sys.stderr)
        return 1
    for path in found:
        skip = nbformat.read(path, as_version=4).metadata.get("syslab", {}).get("skip")
        if skip:
            print(f"skipped {path}: {skip}", flush=True)
            continue
        start = time.monotonic()
        try:
            execute(path, "syslab")
        except Exception as e:  # a cell's error, a timeout, a dead kernel: report it, go on
            print(f"FAILED {path}: {type(e).__name__}: {e}", flush=True)
            failed.append(path)
        else:
            print(f"ok {path} ({time.monotonic() - start:.0f} s)", flush=True)
    if failed:
        print(f"run_notebooks.py: {len(failed)} of {len(found)} notebooks failed: "
              + " ".join(map(str, failed)), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main(Path(sys.argv[1])))
