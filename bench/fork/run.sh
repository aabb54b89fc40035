#!/bin/sh
# Fork and JNA figures of an installed SysLab kernel, as one table (see README.md).
# Usage: bench/fork/run.sh [--kernel NAME] [--runs N] [--cells N] [--calls N]
exec /usr/bin/python3 "$(dirname "$0")/fork_bench.py" "$@"
