#!/usr/bin/env bash
# What %strace costs (see README.md next to this script). Needs an installed SysLab kernelspec:
# scripts/install.sh installs "syslab"; pass --kernel NAME for another.
# Usage: bench/strace/run.sh [--kernel syslab] [--runs 11] [--calls 20000] [--json FILE]
set -euo pipefail
exec /usr/bin/python3 "$(dirname "${BASH_SOURCE[0]}")/strace_bench.py" "$@"
