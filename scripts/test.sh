#!/usr/bin/env bash
# README command 2 (and all of CI): installs what the tests need, runs the Java unit tests of all
# modules, builds and installs the kernel, then the integration tests through a real Jupyter client.
# Exits non-zero on any failure; pytest's summary is the last line printed.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
cd "$root"

# jupyterhub, node-configurable-http-proxy, python3-requests and python3-websocket: the class hub of
# tests/test_hub_isolation.py (scripts/hub/).
bash "$here/install.sh" --deps-only \
  --also python3-pytest --also python3-pytest-timeout --also python3-jupyter-kernel-test \
  --also chromium --also chromium-driver --also python3-selenium \
  --also jupyterhub --also node-configurable-http-proxy --also python3-requests --also python3-websocket \
  --also python3-yaml \
  --also git                                   # tests list the repository's files

mvn -B test
bash "$here/install.sh"

# /usr/bin/python3 is the interpreter that Debian's Jupyter packages belong to; a `python3` earlier
# on PATH may lack them. The outer timeout bounds each run; tests/pytest.ini bounds each test.
pytest() { timeout --kill-after=30 1800 /usr/bin/python3 -m pytest "$@"; }
status=0
pytest tests/ -v || status=$?

# The kernel-level tests again on the newest other JDK from 17 to 25 under /usr/lib/jvm, if there is
# one (CI's machines have Temurin 25 beside Debian's 17): the kernel must behave the same on both.
default_java="$(readlink -f "$(command -v java)")"
second=""
for release in /usr/lib/jvm/*/release; do
  jdk="$(dirname "$release")"
  feature="$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$release")"
  [[ -x "$jdk/bin/java" && "$(readlink -f "$jdk/bin/java")" != "$default_java" ]] || continue
  ((feature >= 17 && feature <= 25)) || continue
  [[ -z "$second" || "$feature" -gt "${second%%:*}" ]] && second="$feature:$jdk"
done
if [[ -n "$second" ]]; then
  prefix="$(mktemp -d)"
  chmod 755 "$prefix"  # the tests also start this kernel as unprivileged users
  trap 'rm -rf "$prefix"' EXIT
  "${second#*:}/bin/java" -jar kernel/target/syslab.jar install --prefix "$prefix" --name "syslab-jdk${second%%:*}"
  echo "test.sh: kernel-level tests again on JDK ${second%%:*} (${second#*:})"
  JUPYTER_PATH="$prefix/share/jupyter" SYSLAB_KERNEL="syslab-jdk${second%%:*}" pytest -v \
    tests/test_protocol.py tests/test_conformance.py tests/test_errors.py tests/test_io.py \
    tests/test_display.py tests/test_lifecycle.py tests/test_jvm.py tests/test_locked.py \
    tests/test_survival.py tests/test_std_fds.py tests/test_resilience.py || status=$?
else
  echo "test.sh: no second JDK from 17 to 25 under /usr/lib/jvm: kernel-level tests ran on one JDK only"
fi

# In CI, the image check on its own: tests/test_image.py builds docker/Dockerfile with buildah (which
# docker/build-local.sh installs) and runs every notebook in the image, in 10 to 20 minutes, 25 at
# most. Elsewhere SYSLAB_IMAGE_TEST=1 adds it to the main run above; SYSLAB_IMAGE_TEST=0 leaves it out.
if [[ "${CI:-}" == true && -z "${SYSLAB_IMAGE_TEST:-}" ]]; then
  SYSLAB_IMAGE_TEST=1 pytest -v tests/test_image.py || status=$?
fi
exit "$status"
