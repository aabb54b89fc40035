#!/usr/bin/env bash
# Compiles the C versions of the wait-cost and echo experiments, then prints SysLab's figures beside
# theirs with ratios (see README.md). Builds kernel/target/syslab.jar first if it is missing or older
# than a source file.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
jar=kernel/target/syslab.jar
if [ ! -f "$jar" ] || [ -n "$(find magics/src/main kernel/src/main -newer "$jar" -type f | head -1)" ]; then
    mvn -q -B package -DskipTests
fi
out=bench/out/epoll
mkdir -p "$out"
# wait_cost.c's one copy lives with the experiment it mirrors, in magics' resources
gcc -O2 -Wall -Wextra -o "$out/wait_cost" magics/src/main/resources/syslab/experiments/io/wait_cost.c
gcc -O2 -Wall -Wextra -pthread -o "$out/echo" bench/epoll/echo.c
# the JVM options the kernel runs with (kernel/src/main/java/syslab/kernel/Installer.java)
exec java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:CompileThresholdScaling=0.2 -Xss2m -Djava.awt.headless=true \
    -cp "$jar" bench/epoll/EpollBench.java "$out"
