"""A lint of the launch files (docker/Dockerfile, binder/), since no Docker engine runs in CI.

It checks what a build would trip on first, or what would let the image drift from CI: every file
they copy or run exists in the repository and is not ignored, both run the same scripts/install.sh,
Binder's apt.txt covers every package that script needs, and the image follows Binder's and
JupyterHub's conventions (uid 1000, port 8888, tini as PID 1, a pinned base image), and no stage the
image is made of copies the homework's source notebooks (tests/test_served_release.py checks what is
served)."""
import fnmatch
import json
import re
import shlex
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
DOCKERFILE = ROOT / "docker" / "Dockerfile"
DOCKERIGNORE = ROOT / "docker" / "Dockerfile.dockerignore"
BINDER = ROOT / "binder"
INSTALL = "scripts/install.sh"


def instructions(path):
    """(INSTRUCTION, arguments) pairs of a Dockerfile: comments dropped, continuations joined."""
    out, pending = [], ""
    for line in path.read_text().splitlines():
        stripped = line.strip()
        if not pending and (not stripped or stripped.startswith("#")):
            continue
        if stripped.startswith("#"):  # a comment inside a continued instruction
            continue
        if stripped.endswith("\\"):
            pending += stripped[:-1] + " "
            continue
        whole = pending + stripped
        pending = ""
        keyword, _, args = whole.partition(" ")
        out.append((keyword.upper(), args.strip()))
    assert not pending, f"{path}: the last instruction ends with a line continuation"
    return out


def variables(steps):
    """The ENV and ARG defaults a Dockerfile sets, for ${NAME} substitution."""
    values = {}
    for keyword, args in steps:
        if keyword == "ENV":
            for pair in shlex.split(args):
                name, eq, value = pair.partition("=")
                if eq:
                    values[name] = value
        elif keyword == "ARG" and "=" in args:
            name, _, value = args.partition("=")
            values[name] = value
    return values


def substitute(text, values):
    return re.sub(r"\$\{?(\w+)\}?", lambda m: values.get(m.group(1), m.group(0)), text)


def exec_form(args):
    """The argv of an exec-form (JSON array) CMD or ENTRYPOINT, else of the shell form's words."""
    return json.loads(args) if args.startswith("[") else shlex.split(args)


def copies(steps):
    """(sources, destination) of each COPY/ADD from the build context (not from another stage)."""
    out = []
    for keyword, args in steps:
        if keyword in ("COPY", "ADD"):
            words = [w for w in exec_form(args) if not w.startswith("--")]
            if any(w.startswith("--from") for w in exec_form(args)):
                continue
            out.append((words[:-1], words[-1]))
    return out


def ignored(relpath, patterns):
    """Whether a .dockerignore excludes relpath (or one of its parent directories)."""
    parts = Path(relpath).parts
    candidates = ["/".join(parts[:i]) for i in range(1, len(parts) + 1)]
    excluded = False
    for pattern in patterns:
        negate = pattern.startswith("!")
        pattern = pattern.lstrip("!").strip("/")
        for c in candidates:
            if fnmatch.fnmatch(c, pattern) or (pattern.startswith("**/")
                                               and fnmatch.fnmatch(c.split("/")[-1], pattern[3:])):
                excluded = not negate
    return excluded


def ignore_patterns():
    return [line.strip() for line in DOCKERIGNORE.read_text().splitlines()
            if line.strip() and not line.startswith("#")]


def repo_paths_in(text, mounts):
    """Repository files a command names: paths under a COPY destination of the repository root,
    mapped back to the repository, plus relative paths like scripts/x.sh."""
    found = set()
    for word in re.findall(r"[\w./${}*-]+", text):
        for dest in mounts:
            if word.startswith(dest.rstrip("/") + "/"):
                found.add(word[len(dest.rstrip("/")) + 1:])
        if re.match(r"^(scripts|docker|binder|notebooks)/", word):
            found.add(word)
    return found


def stages(steps):
    """{stage name or index: (base, steps)} of a multi-stage Dockerfile, in order: the last is the image."""
    out, name = {}, None
    for keyword, args in steps:
        if keyword == "FROM":
            words = args.split()
            name = words[2] if len(words) == 3 and words[1].upper() == "AS" else len(out)
            out[name] = (words[0], [])
        else:
            out[name][1].append((keyword, args))
    return out


def copies_homework_sources(source, patterns):
    """Whether a COPY source from the build context brings a homework source notebook along."""
    sources = [p.relative_to(ROOT).as_posix() for p in (ROOT / "notebooks" / "homework").glob("*.ipynb")]
    assert sources
    return any((source == "." or rel == source or rel.startswith(source.rstrip("/") + "/")
                or fnmatch.fnmatch(rel, source)) and not ignored(rel, patterns) for rel in sources)


@pytest.fixture(scope="module")
def steps():
    return instructions(DOCKERFILE)


def test_base_image_is_a_pinned_debian_tag(steps):
    image = [args for keyword, args in steps if keyword == "FROM"][0].split()[0]
    name, _, tag = image.partition(":")
    assert name in ("debian", "docker.io/library/debian"), f"base {image} is not Debian"
    assert tag and tag != "latest" and re.search(r"\d", tag), f"base {image} is not pinned to a release"


def test_every_copied_source_exists_and_is_not_ignored(steps):
    patterns = ignore_patterns()
    for sources, _ in copies(steps):
        for source in sources:
            matches = list(ROOT.glob(source)) if source != "." else [ROOT]
            assert matches, f"COPY source {source} does not exist in the repository"
            if source != ".":
                assert not ignored(source, patterns), f"COPY source {source} is in the .dockerignore"


def test_every_repository_path_a_command_names_exists(steps):
    values = variables(steps)
    mounts = [dest for sources, dest in copies(steps) if sources == ["."]]
    assert mounts, "the Dockerfile never copies the repository"
    named = set()
    for keyword, args in steps:
        if keyword in ("RUN", "CMD", "ENTRYPOINT"):
            # what rm deletes is build output or a cache, not an input of the build
            named |= repo_paths_in(re.sub(r"\brm\s[^&;|]*", "", substitute(args, values)), mounts)
    assert INSTALL in named
    patterns = ignore_patterns()
    for rel in named:
        assert list(ROOT.glob(rel.rstrip("/"))), f"the Dockerfile uses {rel}, which is not in the repository"
        assert not ignored(rel, patterns), f"the Dockerfile uses {rel}, which the .dockerignore drops"


def test_the_build_inputs_survive_the_dockerignore():
    patterns = ignore_patterns()
    for rel in ("pom.xml", "kernel/pom.xml", "kernel/src/main", "magics/src/main", "notebooks", INSTALL):
        assert (ROOT / rel).exists(), rel
        assert not ignored(rel, patterns), f"{rel} is in the .dockerignore"
    # and the ignore file does what it is for: no host build output in the image
    assert ignored("kernel/target/syslab.jar", patterns)
    assert ignored(".git", patterns)


def test_no_layer_of_the_image_holds_the_homework_sources(steps):
    """Every layer stays in an image: the stages the image is built on (FROM) never copy the
    homework's sources, and the repository comes from a build stage that made the release."""
    all_stages, patterns = stages(steps), ignore_patterns()
    chain, name = [], list(stages(steps))[-1]
    while name in all_stages:
        chain.append(name)
        name = all_stages[name][0]
    for stage in chain:
        for sources, _ in copies(all_stages[stage][1]):
            bad = [s for s in sources if copies_homework_sources(s, patterns)]
            assert not bad, f"stage {stage} of the image copies homework sources with {bad}"
        for keyword, args in all_stages[stage][1]:
            source_stage = re.search(r"--from=(\S+)", args) if keyword == "COPY" else None
            if source_stage:
                built = all_stages[source_stage.group(1)][1]
                last_copy = max(i for i, (k, _) in enumerate(built) if k in ("COPY", "ADD"))
                assert any(k == "RUN" and "scripts/release.sh" in a for k, a in built[last_copy + 1:]), \
                    f"stage {source_stage.group(1)} copies sources and makes no release after"


def test_dockerfile_runs_the_install_script_as_root_then_switches_to_uid_1000(steps):
    values = variables(steps)
    users = [(i, substitute(args, values)) for i, (keyword, args) in enumerate(steps) if keyword == "USER"]
    assert users, "the image would run as root"
    last_index, last_user = users[-1]
    assert last_user.split(":")[0] == "1000", f"USER {last_user} is not uid 1000"
    install_runs = [i for i, (keyword, args) in enumerate(steps) if keyword == "RUN" and INSTALL in args]
    assert install_runs, f"the Dockerfile never runs {INSTALL}"
    assert max(install_runs) < last_index, f"{INSTALL} must run as root, before USER"
    # the user it switches to exists, with that uid and its home
    created = " ".join(substitute(args, values) for keyword, args in steps if keyword == "RUN")
    assert re.search(r"useradd\b.*--uid\s+\"?1000\b", created), "no user with uid 1000 is created"
    assert values.get("HOME") == "/home/jovyan" and values.get("NB_USER") == "jovyan"


def test_dockerfile_serves_jupyter_on_8888_under_tini(steps):
    exposed = [args.split() for keyword, args in steps if keyword == "EXPOSE"]
    assert ["8888"] in exposed or any("8888" in ports or "8888/tcp" in ports for ports in exposed)
    entrypoint = exec_form([args for keyword, args in steps if keyword == "ENTRYPOINT"][-1])
    assert Path(entrypoint[0]).name == "tini", f"PID 1 is {entrypoint[0]}, not tini"
    cmd = exec_form([args for keyword, args in steps if keyword == "CMD"][-1])
    assert Path(cmd[0]).name == "jupyter-notebook"
    assert "--ip=0.0.0.0" in cmd and "--port=8888" in cmd
    assert not any(re.search(r"token=(''|\"\")?$", a) for a in cmd), "the token must not be disabled"
    # tini and jupyterhub-singleuser (package jupyterhub) come from the install script's --also
    runs = " ".join(args for keyword, args in steps if keyword == "RUN")
    for package in ("tini", "jupyterhub"):
        assert re.search(rf"--also\s+{package}\b", runs), f"{package} is not installed"


def install_script_packages():
    """The Debian packages scripts/install.sh installs: its `packages=( ... )` array."""
    text = (ROOT / INSTALL).read_text()
    block = re.search(r"^packages=\((.*?)^\)", text, re.S | re.M)
    assert block, f"{INSTALL} no longer has a packages=( ... ) array; update this test"
    words = []
    for line in block.group(1).splitlines():
        words += line.partition("#")[0].split()
    assert words
    return words


def test_binder_apt_txt_covers_the_install_scripts_packages():
    listed = {line.partition("#")[0].strip() for line in (BINDER / "apt.txt").read_text().splitlines()}
    listed.discard("")
    missing = set(install_script_packages()) - listed
    assert not missing, f"binder/apt.txt lacks {sorted(missing)}: postBuild (not root) could not install them"
    for package in listed:  # repo2docker's own check of apt.txt lines
        assert re.fullmatch(r"[a-z0-9.+-]+", package), package


def test_binder_post_build_runs_the_same_install_script():
    post_build = BINDER / "postBuild"
    text = post_build.read_text()
    assert text.startswith("#!"), "postBuild needs a shebang: repo2docker executes it"
    assert post_build.stat().st_mode & 0o111, "postBuild is not executable"
    # $repo is the repository root, found from the script's own place (binder/..)
    assert 'repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"' in text
    assert re.search(r'^bash "\$repo/scripts/install\.sh"', text, re.M), f"postBuild does not run {INSTALL}"
    assert (ROOT / INSTALL).exists()
    # a binder/Dockerfile would make repo2docker ignore apt.txt and postBuild
    assert not (BINDER / "Dockerfile").exists()


def test_the_kubernetes_config_adds_only_ptrace_and_never_overwrites_a_students_notebooks():
    """docker/z2jh/config.yaml (its schema check is by hand, docker/README.md): what it promises."""
    config = yaml.safe_load((ROOT / "docker" / "z2jh" / "config.yaml").read_text())
    user = config["singleuser"]
    context = config["hub"]["config"]["KubeSpawner"]["container_security_context"]
    assert context["capabilities"] == {"drop": ["ALL"], "add": ["SYS_PTRACE"]}
    assert context["allowPrivilegeEscalation"] is False and user["uid"] == 1000
    assert user["image"]["tag"] != "latest" and user["cmd"] == "jupyterhub-singleuser"
    copy = " ".join(user["lifecycleHooks"]["postStart"]["exec"]["command"])
    assert re.search(r"\bcp -R?n\w* /opt/syslab/notebooks/\. ~/notebooks/", copy), copy
    assert config["cull"]["enabled"] and config["cull"]["timeout"] > 0
    units = {"M": 2**20, "G": 2**30}
    size = {k: int(v[:-1]) * units[v[-1]] for k, v in user["memory"].items()}
    assert 0 < size["guarantee"] < size["limit"]
    assert 0 < user["cpu"]["guarantee"] <= user["cpu"]["limit"]
