"""Runs every notebook under notebooks/ headless with nbclient, as an autograder would.

A notebook carries its own checks: a cell that throws (a failed Java assertion) fails the test.
A notebook whose metadata has {"syslab": {"skip": "why"}} is skipped with that reason. One whose
checks compare timings, {"syslab": {"timing": "what"}}, runs once more if a check fails: on a shared
machine another program can take the CPUs for the seconds one measurement lasts."""
import shutil
import sys
from pathlib import Path

import nbformat
import pytest

from conftest import KERNEL_NAME

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
sys.path.insert(0, str(ROOT / "docker" / "check"))  # the image check's runner: one rule for both
from run_notebooks import execute  # noqa: E402


def notebooks():
    return sorted(p.relative_to(NOTEBOOKS) for p in NOTEBOOKS.rglob("*.ipynb")
                  if ".ipynb_checkpoints" not in p.parts)


@pytest.fixture(scope="module")
def workdir(tmp_path_factory):
    """A copy of notebooks/, so files the notebooks write stay out of the repository."""
    copy = tmp_path_factory.mktemp("run") / "notebooks"
    shutil.copytree(NOTEBOOKS, copy, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    return copy


def test_there_are_notebooks():
    assert notebooks(), f"no notebooks under {NOTEBOOKS}"


@pytest.mark.parametrize("name", notebooks(), ids=str)
def test_notebook_runs_clean(workdir, name):
    path = workdir / name
    meta = nbformat.read(path, as_version=4).metadata.get("syslab", {})
    if meta.get("skip"):
        pytest.skip(str(meta["skip"]))
    execute(path, KERNEL_NAME)
