#!/usr/bin/env bash
# SysLab's IPC experiments beside the same experiments in C, same parameters, in one run.
# Usage: bench/ipc/run.sh [--rounds N]   (builds kernel/target/syslab.jar if it is missing)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
mkdir -p bench/out
# ipc_bench.c's one copy lives with the experiments it mirrors, in magics' resources
gcc -O2 -Wall -Wextra -o bench/out/ipc_bench magics/src/main/resources/syslab/experiments/ipc/ipc_bench.c
[ -f kernel/target/syslab.jar ] || mvn -q -B package -DskipTests
# the JVM flags the kernel runs with (Installer's kernel.json), so that the figures are a notebook's
exec java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:CompileThresholdScaling=0.2 -Xms16m -Xmx2g -Xss2m -Djava.awt.headless=true \
    -cp kernel/target/syslab.jar bench/ipc/IpcBench.java bench/out/ipc_bench "$@"
