"""Two students on the class hub (scripts/hub/hub.sh: JupyterHub 3.0, one system user each): what
student A's notebook can do to student B, through the same kernels API a browser uses. A cannot read
B's home, signal B's kernel, trace it or read its memory, nor see B's processes at all; A can do each
of these to its own. Needs root (it makes two users, syslab-iso01 and -02, and removes them after) and
the Debian packages jupyterhub and node-configurable-http-proxy (hub.sh installs them)."""
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace

import pytest

ROOT = Path(__file__).resolve().parent.parent
HUB_SH = ROOT / "scripts" / "hub" / "hub.sh"
PREFIX = "syslab-iso"
A, B = f"{PREFIX}01", f"{PREFIX}02"

pytestmark = [
    pytest.mark.skipif(os.geteuid() != 0, reason="needs root: makes two system users and starts a "
                       "JupyterHub that runs their servers as them"),
    pytest.mark.timeout(240),
]


def free_ports(count=3):
    """A first port with the next count-1 free as well (hub.sh uses PORT, PORT+1, PORT+2)."""
    for base in range(18765, 19765, 10):
        try:
            socks = []
            for p in range(base, base + count):
                s = socket.socket()
                socks.append(s)
                s.bind(("127.0.0.1", p))
            return base
        except OSError:
            continue
        finally:
            for s in socks:
                s.close()
    raise RuntimeError("no free ports on loopback")


@pytest.fixture(scope="module")
def hub():
    pytest.importorskip("websocket", reason="python3-websocket is not installed")
    sys.path.insert(0, str(ROOT / "scripts" / "hub"))
    import load  # the load harness's client: tokens, servers, sessions, execute over the websocket

    # not under /tmp: each student's server gets a /tmp of its own, which hides the real one
    # hub.sh's servers each start in a mount namespace of their own, with /proc mounted hidepid
    probe = subprocess.run(["unshare", "--mount", "--propagation", "private", "sh", "-c",
                            "mount -t proc -o hidepid=invisible proc /proc"], capture_output=True, text=True)
    if probe.returncode:
        pytest.skip(f"no mount namespace with a hidepid /proc here, which the hub gives each server: {probe.stderr}")
    state = tempfile.mkdtemp(prefix="syslab-hub-test-", dir="/var/tmp")
    os.chmod(state, 0o755)  # the students read the notebooks in it
    port = free_ports()
    opts = ["--prefix", PREFIX, "--state", state]
    try:
        subprocess.run(["bash", str(HUB_SH), "start", "--students", "2", "--port", str(port), *opts],
                       check=True, timeout=600)
        api = load.Hub(f"http://127.0.0.1:{port}", (Path(state) / "private" / "service-token").read_text().strip())
        args = SimpleNamespace(start_timeout=120, cell_timeout=60)
        students = {}
        for name in (A, B):
            s = load.Student(api, name, args)
            s.login()
            s.start_server(time.monotonic())
            assert s.ready_s is not None, s.errors
            session, ws = s.open_kernel("notebooks/01-fork.ipynb")
            students[name] = SimpleNamespace(student=s, session=session, ws=ws)
        yield students
    finally:
        subprocess.run(["bash", str(HUB_SH), "stop", *opts], timeout=180)
        subprocess.run(["bash", str(HUB_SH), "remove-users", *opts], timeout=180)
        shutil.rmtree(state, ignore_errors=True)


def run(hub, name, code):
    """Runs a cell in that student's kernel; returns its output (stdout and result), failing on an error."""
    k = hub[name]
    result = k.student.execute(k.ws, code)
    assert result["status"] == "ok" and not result["error"], (name, code, result)
    return result["output"]


def bash(hub, name, script):
    """Runs a %%bash cell; each line of the script's output."""
    return run(hub, name, "%%bash\n" + script).splitlines()


@pytest.fixture(scope="module")
def b_kernel(hub):
    """The pid of B's kernel (its JVM), as B's own notebook sees it, checked from outside."""
    out = run(hub, B, "System.out.println(ProcessHandle.current().pid());")
    pid = int(out.strip())
    assert Path(f"/proc/{pid}").stat().st_uid != 0
    with open(f"/proc/{pid}/status") as f:
        assert f"\nUid:\t{Path(f'/proc/{pid}').stat().st_uid}\t" in f.read()
    return pid


def test_the_students_run_as_their_own_users(hub):
    assert bash(hub, A, "id -un") == [A]
    assert bash(hub, B, "id -un") == [B]


def test_a_reads_its_own_home_but_not_bs(hub):
    bash(hub, B, "echo secret-of-b > ~/secret.txt; chmod 644 ~/secret.txt")
    home_b = f"/home/{B}"
    out = bash(hub, A, f"""
        echo mine > ~/mine.txt && cat ~/mine.txt
        test -e ~/notebooks/01-fork.ipynb && echo own-notebooks-there
        ls {home_b} >/dev/null 2>&1; echo "ls B: $?"
        cat {home_b}/secret.txt 2>&1; echo "cat B: $?"
        test -e {home_b}/notebooks/01-fork.ipynb; echo "B's notebook reachable: $?"
    """)
    assert out[:2] == ["mine", "own-notebooks-there"], out
    assert out[2] == "ls B: 2", out
    assert out[3] == f"cat: {home_b}/secret.txt: Permission denied" and out[4] == "cat B: 1", out
    assert out[5] == "B's notebook reachable: 1", out
    # the file is there and readable to B: only the home's mode keeps A out
    assert bash(hub, B, "cat ~/secret.txt") == ["secret-of-b"]
    assert Path(home_b, "secret.txt").read_text() == "secret-of-b\n"


def test_a_cannot_signal_bs_kernel(hub, b_kernel):
    out = bash(hub, A, f"""
        kill -0 $$ && echo "own: signalled"
        kill -0 {b_kernel} 2>&1; echo "kill -0 B: $?"
        kill -TERM {b_kernel} 2>&1; echo "kill -TERM B: $?"
    """)
    assert out[0] == "own: signalled", out
    assert out[1].endswith(f"kill: ({b_kernel}) - Operation not permitted") and out[2] == "kill -0 B: 1", out
    assert out[3].endswith(f"kill: ({b_kernel}) - Operation not permitted") and out[4] == "kill -TERM B: 1", out
    # the same from Java (ProcessHandle.destroy sends SIGTERM): refused, and B's kernel lives on
    assert run(hub, A, f"ProcessHandle.of({b_kernel}).map(p -> p.destroy()).orElse(null)").strip() in ("null", "false")
    time.sleep(1)
    os.kill(b_kernel, 0)  # root can: the pid is B's live kernel
    assert run(hub, B, "1 + 1").strip() == "2"


def test_a_cannot_trace_or_read_the_memory_of_bs_kernel(hub, b_kernel):
    out = bash(hub, A, f"""
        timeout 10 strace -p {b_kernel} -e trace=none 2>&1 | head -1
        dd if=/proc/{b_kernel}/mem bs=1 count=1 2>&1 | head -1
        dd if=/proc/$$/maps bs=64 count=1 status=none >/dev/null && echo "own maps: read"
    """)
    assert out[0] == f"strace: attach: ptrace(PTRACE_SEIZE, {b_kernel}): Operation not permitted", out
    # hidden (hidepid=invisible: ENOENT); without hidepid the kernel would refuse it (EACCES)
    assert out[1] in (f"dd: failed to open '/proc/{b_kernel}/mem': No such file or directory",
                      f"dd: failed to open '/proc/{b_kernel}/mem': Permission denied"), out
    assert out[2] == "own maps: read", out
    # what A cannot see is there: root reads B's kernel's memory map
    assert Path(f"/proc/{b_kernel}/maps").read_text()


def test_a_cannot_see_bs_processes(hub, b_kernel):
    own = int(run(hub, A, "System.out.println(ProcessHandle.current().pid());").strip())
    out = run(hub, A, f"""
        Set<String> owners = new TreeSet<>();
        for (File p : new File("/proc").listFiles((d, n) -> n.matches("\\\\d+"))) {{
            owners.add(Files.getOwner(p.toPath()).getName());
        }}
        String environ;
        try {{
            environ = Files.readString(Path.of("/proc/{b_kernel}/environ")).length() + " bytes";
        }} catch (IOException e) {{
            environ = e.getClass().getSimpleName();
        }}
        System.out.println(owners + " " + Files.exists(Path.of("/proc/{b_kernel}")) + " "
            + Files.exists(Path.of("/proc/{own}")) + " " + environ + " "
            + Files.readString(Path.of("/proc/self/environ")).contains("USER={A}"));
    """)
    # A's /proc holds A's processes alone; B's kernel is not there, its environ neither
    assert out.strip() == f"[{A}] false true NoSuchFileException true", out
    uid_a = bash(hub, A, "id -u")
    assert bash(hub, A, "ps -eo uid= | tr -d ' ' | sort -u") == uid_a
    assert Path(f"/proc/{b_kernel}/environ").read_bytes()  # it exists: root sees it


def test_each_student_has_a_tmp_of_their_own(hub):
    bash(hub, A, "echo from-a > /tmp/syslab-iso-marker")
    assert bash(hub, B, "cat /tmp/syslab-iso-marker 2>&1; echo $?") == [
        "cat: /tmp/syslab-iso-marker: No such file or directory", "1"]
    # the course notebooks write the same names in /tmp: each student can
    bash(hub, B, "echo from-b > /tmp/syslab-iso-marker")
    assert bash(hub, A, "cat /tmp/syslab-iso-marker") == ["from-a"]
    assert json.dumps(bash(hub, B, "cat /tmp/syslab-iso-marker")) == '["from-b"]'
