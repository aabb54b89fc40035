#!/usr/bin/env bash
# The JVM's native-call transition: one failing write(2) from C and from Java (JNI), same loop.
# Usage: bench/ipc/call_cost.sh   (builds kernel/target/syslab.jar if it is missing)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
mkdir -p bench/out
gcc -O2 -Wall -Wextra -o bench/out/call_cost bench/ipc/call_cost.c
[ -f kernel/target/syslab.jar ] || mvn -q -B package -DskipTests
bench/out/call_cost
# the kernel's JVM flags (Installer's kernel.json)
java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:CompileThresholdScaling=0.2 -Xss2m \
    -cp kernel/target/syslab.jar bench/ipc/CallCost.java
bench/out/call_cost
