#!/usr/bin/env bash
# README command 2 (and all of CI): installs what the tests need, runs the Java unit tests of all
# modules, builds and installs the kernel, then the integration tests through a real Jupyter client.
# Exits non-zero on any failure; pytest's summary is the last line printed.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
cd "$root"

bash "$here/install.sh" --deps-only \
  --also python3-pytest --also python3-pytest-timeout --also python3-jupyter-kernel-test \
  --also chromium --also chromium-driver --also python3-selenium

mvn -B test
bash "$here/install.sh"

# /usr/bin/python3 is the interpreter that Debian's Jupyter packages belong to; a `python3` earlier
# on PATH may lack them. The outer timeout bounds the whole run; tests/pytest.ini bounds each test.
exec timeout --kill-after=30 1800 /usr/bin/python3 -m pytest tests/ -v
