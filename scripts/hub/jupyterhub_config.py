# JupyterHub 3.0 for a class on one machine: one system user per student, LocalProcessSpawner, the
# SysLab single-user command of the image (docker/Dockerfile), loopback only.
# scripts/hub/hub.sh starts it and sets the SYSLAB_HUB_* variables read here; scripts/hub/README.md.
import ctypes
import os
import pwd
import shutil

from jupyterhub.spawner import LocalProcessSpawner

c = get_config()  # noqa: F821 (JupyterHub's config loader defines it)

state = os.environ["SYSLAB_HUB_STATE"]          # notebooks/ (readable), private/ (root only), tmp/
private = os.path.join(state, "private")
port = int(os.environ.get("SYSLAB_HUB_PORT", "8765"))
students = [s for s in os.environ.get("SYSLAB_HUB_USERS", "").split(",") if s]

# Loopback only: the proxy (the students' entry), the hub's own API and the proxy's API.
c.JupyterHub.bind_url = f"http://127.0.0.1:{port}"
c.JupyterHub.hub_bind_url = f"http://127.0.0.1:{port + 1}"
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{port + 2}"
c.JupyterHub.db_url = f"sqlite:///{private}/jupyterhub.sqlite"
c.JupyterHub.cookie_secret_file = os.path.join(private, "jupyterhub_cookie_secret")
c.ConfigurableHTTPProxy.pid_file = os.path.join(private, "jupyterhub-proxy.pid")
c.JupyterHub.cleanup_servers = True   # stopping the hub stops every student's server

# Students log in with their system password (PAM); only the class's users may.
c.Authenticator.allowed_users = set(students)
c.Authenticator.admin_users = set()

# The load harness and the tests act through a service token with admin rights over users and
# servers: they create a token for each student ("log in") and start and stop servers.
with open(os.path.join(private, "service-token")) as f:
    c.JupyterHub.services = [{"name": "class-harness", "api_token": f.read().strip()}]
c.JupyterHub.load_roles = [{
    "name": "class-harness",
    "scopes": ["admin:users", "admin:servers", "tokens", "list:users", "read:users"],
    "services": ["class-harness"],
}]

CLONE_NEWNS, MS_BIND, MS_NOSUID, MS_NODEV, MS_NOEXEC, MS_REC, MS_PRIVATE = (
    0x20000, 4096, 2, 4, 8, 16384, 1 << 18)
libc = ctypes.CDLL(None, use_errno=True)


def _check(result, what):
    if result != 0:
        errno = ctypes.get_errno()
        raise OSError(errno, f"{what}: {os.strerror(errno)}")


class ClassSpawner(LocalProcessSpawner):
    """LocalProcessSpawner whose servers get, as a pod would, a /tmp of their own and a /proc that
    shows only the student's own processes: each server starts in a mount namespace of its own
    (made in the forked child while still root, just before it becomes the student).

    The course notebooks write fixed names in /tmp (/tmp/syslab-fork-notes.c...): on one shared /tmp
    the second student could not write the file the first one made. hidepid=invisible hides other
    users' processes (ps, /proc/PID) as a pod's own PID namespace does."""

    def make_preexec_fn(self, name):
        become_student = super().make_preexec_fn(name)
        tmp = os.path.join(state, "tmp", name).encode()

        def preexec():
            _check(libc.unshare(CLONE_NEWNS), "unshare(CLONE_NEWNS)")
            _check(libc.mount(b"none", b"/", None, MS_REC | MS_PRIVATE, None), "mount --make-rprivate /")
            _check(libc.mount(tmp, b"/tmp", None, MS_BIND, None), "mount --bind " + tmp.decode() + " /tmp")
            _check(libc.mount(b"proc", b"/proc", b"proc", MS_NOSUID | MS_NODEV | MS_NOEXEC,
                              b"hidepid=invisible"), "mount -t proc -o hidepid=invisible proc /proc")
            become_student()

        return preexec


def fresh_tmp(spawner):
    """The student's /tmp, empty at each start as a pod's is (root-owned, sticky, like /tmp)."""
    name = spawner.user.name
    pwd.getpwnam(name)  # a student without a system user fails here, clearly
    tmp = os.path.join(state, "tmp", name)
    shutil.rmtree(tmp, ignore_errors=True)
    os.makedirs(tmp)
    os.chmod(tmp, 0o1777)


c.JupyterHub.spawner_class = ClassSpawner
c.Spawner.pre_spawn_hook = fresh_tmp
c.Spawner.ip = "127.0.0.1"
# The image's single-user command (docker/README.md, Zero to JupyterHub): the course notebooks copied
# into the home without overwriting a student's work, then jupyterhub-singleuser (Notebook 6.4).
c.Spawner.cmd = [
    "/bin/sh", "-c",
    'mkdir -p "$HOME/notebooks" && cp -rn "$SYSLAB_NOTEBOOKS/." "$HOME/notebooks/" '
    '&& exec jupyterhub-singleuser "$@"',
    "syslab-singleuser",
]
c.Spawner.environment = {
    "SYSLAB_NOTEBOOKS": os.path.join(state, "notebooks"),
    "PATH": "/usr/local/bin:/usr/bin:/bin",
    "LANG": "C.UTF-8",
}
c.Spawner.default_url = "/tree/notebooks"
# Twenty servers (Python) and their kernels (JVMs) starting at once on two cores take a while.
c.Spawner.start_timeout = 300
c.Spawner.http_timeout = 300
