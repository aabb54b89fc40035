"""The Docker image, built here without a Docker engine and checked as students and instructors meet
it: docker/check-image.sh builds docker/Dockerfile with buildah, then in the image runs every course
notebook as uid 1000, grades the homework release to 0 and its source to full marks, and starts
jupyter-notebook and jupyterhub-singleuser.

It takes many minutes (about 15 from scratch here) and needs root and buildah (build-local.sh
installs it with apt), so it runs with SYSLAB_IMAGE_TEST=1 only. It does not pass yet: 06-syscalls'
%strace reads a zombie's /proc/PID/io, which a non-root user may not (EACCES), so it is not in CI
until that is fixed."""
import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHECK_TIMEOUT = 2400  # here from scratch: base 1.5 min, build 7, check 5 to 6; CI machines may be slower


def why_not_run():
    if os.environ.get("SYSLAB_IMAGE_TEST") != "1":
        return "builds and runs the image (many minutes): set SYSLAB_IMAGE_TEST=1"
    if os.geteuid() != 0:
        return "not root: buildah's chroot isolation needs root"
    if not shutil.which("apt-cache") and not shutil.which("buildah"):
        return "no buildah and no apt to install it"
    return None


@pytest.mark.skipif(why_not_run() is not None, reason=str(why_not_run()))
@pytest.mark.timeout(CHECK_TIMEOUT + 60)
def test_image_builds_and_serves():
    tag = f"localhost/syslab-check:{os.getpid()}"
    try:
        check = subprocess.run(["bash", str(ROOT / "docker" / "check-image.sh"), tag],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                               timeout=CHECK_TIMEOUT)
    finally:
        subprocess.run(["buildah", "rmi", tag], capture_output=True, timeout=300)
    print(check.stdout[-20000:])
    assert check.returncode == 0, "docker/check-image.sh failed:\n" + check.stdout[-6000:]
    assert check.stdout.rstrip().endswith("] passed"), check.stdout[-3000:]
