#!/usr/bin/env bash
# README command 1: installs SysLab (scripts/install.sh) and starts Jupyter Notebook on notebooks/
# (scripts/notebook.sh picks the classic Notebook server that works with the system's Jupyter).
# Extra arguments go to that server (e.g. --ip=0.0.0.0 in a container).
# Environment: SYSLAB_PORT (default 8888), JUPYTER_TOKEN (default: a fresh random token).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"

bash "$here/install.sh"

port="${SYSLAB_PORT:-8888}"
export JUPYTER_TOKEN="${JUPYTER_TOKEN:-$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n')}"
args=(--notebook-dir="$root/notebooks" --port="$port" --port-retries=0)
[[ $(id -u) -eq 0 ]] && args+=(--allow-root)
[[ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]] && args+=(--no-browser)

# Jupyter prints the link too, but amid its log; this line is easy to find.
echo "SysLab: open http://127.0.0.1:$port/tree?token=$JUPYTER_TOKEN"
exec bash "$here/notebook.sh" "${args[@]}" "$@"
