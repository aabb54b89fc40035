#!/usr/bin/env bash
# Runs the classic Notebook server that works with this system's Jupyter. Notebook 6.4's own server
# (Debian 12) never completes a kernel's websocket with jupyter_client 8 or newer (Debian 13, where it
# logs "No session ID specified" and the page waits for the kernel for good); there nbclassic runs
# instead: the same Notebook 6 pages on Jupyter Server 2 (scripts/install.sh installs it).
# Arguments go to the server. Both take --ip, --port, --port-retries, --notebook-dir, --no-browser
# and --allow-root, and read the token from the environment variable JUPYTER_TOKEN.
set -euo pipefail
if /usr/bin/python3 -c 'import sys, jupyter_client; sys.exit(jupyter_client.version_info[0] < 8)'; then
  exec /usr/bin/jupyter-nbclassic "$@"
fi
exec /usr/bin/jupyter-notebook "$@"
