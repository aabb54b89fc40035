"""Solutions never reach students: what Binder (binder/postBuild) and the Docker image serve holds
the homework's student release, never a solution or a hidden test of the source notebooks.

The postBuild test runs binder/postBuild in a copy of the repository. The image is read layer by
layer (assert_no_layer_holds_a_source), since a layer that once held a source stays in the image even
when a later one deletes it; tests/test_image.py does that to the image it builds and checks."""
import json
import os
import shutil
import subprocess
import tarfile
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
HOMEWORK = ROOT / "notebooks" / "homework"
SOURCES = sorted(HOMEWORK.glob("*.ipynb"))
MARKERS = ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "END HIDDEN TESTS")


def lines_of(text):
    """The stripped, non-blank lines of every string in a notebook's JSON (sources, outputs,
    metadata), whatever its nbformat version; the raw text's lines if it is not JSON."""
    try:
        strings, out = [json.loads(text)], set()
    except ValueError:
        return {line.strip() for line in text.splitlines() if line.strip()}
    while strings:
        value = strings.pop()
        if isinstance(value, dict):
            strings += value.values()
        elif isinstance(value, list):
            strings += value
        elif isinstance(value, str):
            out |= {line.strip() for line in value.splitlines() if line.strip()}
    return out


def split_lines(source):
    """(secret, public): the stripped lines of a source notebook inside its solutions and hidden
    tests, and those outside them."""
    secret, public = set(), set()
    for cell in source.cells:
        whole_cell = cell.metadata.get("nbgrader", {}).get("solution") and "BEGIN SOLUTION" not in cell.source
        inside = whole_cell
        for line in cell.source.splitlines():
            if any(marker in line for marker in MARKERS):
                inside = "BEGIN" in line
                continue
            (secret if inside else public).add(line.strip())
    return secret - {""}, public


def public_notebook_lines():
    """Lines of the course notebooks outside the homework: never secret, wherever they appear."""
    return set().union(*(lines_of(p.read_text()) for p in (ROOT / "notebooks").glob("*.ipynb")))


@pytest.fixture(scope="module")
def secrets():
    return secret_lines()


def secret_lines():
    """{source name: its secret lines}: lines of its solutions and hidden tests that no source
    shows outside them (like `} finally {`) and no course notebook holds. None may be empty, or the
    test would prove nothing."""
    split = {p.name: split_lines(nbformat.read(p, as_version=4)) for p in SOURCES}
    public = public_notebook_lines().union(*(shown for _, shown in split.values()))
    found = {name: hidden - public for name, (hidden, _) in split.items()}
    assert SOURCES and all(found.values()), f"a source notebook without solution lines: {found}"
    return found


def assert_no_solution(path, text, secrets):
    """A served notebook holds no marker and no line of any source's solutions or hidden tests."""
    for marker in MARKERS:
        assert marker not in text, f"{path} holds {marker}"
    for name, lines in secrets.items():
        leaked = lines & lines_of(text)
        assert not leaked, f"{path} holds lines of {name}'s solutions or hidden tests: {sorted(leaked)[:5]}"


def assert_is_release_of(text, name, where):
    """text is a valid notebook, the release of source `name`: the same cells, by grade_id."""
    nb = nbformat.reads(text, as_version=4)
    nbformat.validate(nb)
    source = nbformat.read(HOMEWORK / name, as_version=4)
    ids = [[c.metadata.get("nbgrader", {}).get("grade_id") for c in n.cells] for n in (nb, source)]
    assert ids[0] == ids[1], f"{where} is not the release of {name}: cells {ids[0]} != {ids[1]}"


def copy_repository(dest):
    """The repository's files as a checkout has them (tracked and new, not ignored ones)."""
    listed = subprocess.run(["git", "-C", str(ROOT), "ls-files", "-z", "--cached", "--others",
                             "--exclude-standard"], capture_output=True, check=True, timeout=60).stdout
    for name in filter(None, listed.decode().split("\0")):
        if (ROOT / name).is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, dest / name)


def run_post_build(repo, home):
    result = subprocess.run([str(repo / "binder" / "postBuild")], cwd=repo, capture_output=True, text=True,
                            timeout=300, env={**os.environ, "HOME": str(home)})
    assert result.returncode == 0, f"postBuild failed:\n{result.stdout}\n{result.stderr}"


@pytest.fixture
def binder_repo(tmp_path):
    """A copy of the repository where scripts/install.sh only records that it ran: the real one
    builds the jar and installs a kernelspec, which CI checks on its own."""
    repo, home = tmp_path / "repo", tmp_path / "home"
    copy_repository(repo)
    (home / ".m2").mkdir(parents=True)
    (repo / "scripts" / "install.sh").write_text('#!/usr/bin/env bash\ntouch "$HOME/installed"\n')
    return repo, home


def served_notebooks(repo):
    return {p: p.read_text() for p in repo.rglob("*.ipynb")}


def test_binder_serves_the_release_only(binder_repo, secrets):
    repo, home = binder_repo
    run_post_build(repo, home)
    assert (home / "installed").exists(), "postBuild no longer runs scripts/install.sh"
    assert not (home / ".m2").exists(), "postBuild leaves the Maven cache in the image"
    served = served_notebooks(repo)  # Binder serves the whole repository tree
    for path, text in served.items():
        assert_no_solution(path, text, secrets)
    for source in SOURCES:
        released = repo / "notebooks" / "homework" / source.name
        assert released in served, f"postBuild removed {source.name} instead of releasing it"
        assert_is_release_of(served[released], source.name, released)


def test_binder_serves_a_published_release_as_it_is(binder_repo):
    """A course's public repository holds the release already: postBuild must leave it untouched
    (a release of a release would replace whole solution cells by the stub)."""
    repo, home = binder_repo
    run_post_build(repo, home)
    before = served_notebooks(repo)
    run_post_build(repo, home)
    assert served_notebooks(repo) == before


def test_release_refuses_a_tree_still_holding_a_source(binder_repo):
    repo, _ = binder_repo
    stray = repo / "notebooks" / "old" / SOURCES[0].name  # a source where no release step looks
    stray.parent.mkdir()
    shutil.copy2(SOURCES[0], stray)
    result = subprocess.run(["bash", str(repo / "scripts" / "release.sh"), str(repo / "notebooks")],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode != 0 and str(stray) in result.stderr, result.stderr


def assert_no_layer_holds_a_source(tag, workdir):
    """No layer of image `tag` holds a marker or a line of a source's solutions or hidden tests, and
    the image serves each homework's release, in /opt/syslab and in the student's home."""
    secrets = secret_lines()
    archive = workdir / "image.tar"
    subprocess.run(["buildah", "push", tag, f"docker-archive:{archive}"], check=True,
                   capture_output=True, timeout=900)
    homework, checked = {}, 0  # the homework notebooks the layers add, by path in the image
    with tarfile.open(archive) as image:
        layers = json.load(image.extractfile("manifest.json"))[0]["Layers"]
        for name in layers:
            with tarfile.open(fileobj=image.extractfile(name)) as layer:
                for member in layer:
                    if member.isfile() and member.name.endswith(".ipynb"):
                        text = layer.extractfile(member).read().decode()
                        assert_no_solution(f"{name}:{member.name}", text, secrets)
                        checked += 1
                        if "/homework/" in member.name:
                            homework[member.name.lstrip("./")] = text
    assert checked > 2 * len(SOURCES), f"the layers hold only {checked} notebooks"
    for source in SOURCES:
        for where in (f"opt/syslab/notebooks/homework/{source.name}",
                      f"home/jovyan/notebooks/homework/{source.name}"):
            assert where in homework, f"the image serves no {where}"
            assert_is_release_of(homework[where], source.name, where)
