#!/usr/bin/env bash
# Drains a generated CSV (default 100,000 rows) through the file-drop door in sandbox mode and prints
# rows/s, peak memory (JMX heap peak and the process's VmHWM) and the number of media HEAD probes.
# Usage: bench/file-drop.sh [rows]   (env HEAP, default 512m: the whole file must not need to fit)
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
exec java -Xmx"${HEAP:-512m}" -Dlogback.configurationFile=bench/logback-bench.xml \
  -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" \
  io.hsmgateway.bench.FileDropBenchmark "${1:-100000}"
