#!/usr/bin/env bash
# Rerunnable benchmark: the group commit alone (storage/GroupCommit.java), without the rest of the gateway.
# bench/lib/GroupCommitCost.java runs CALLERS threads, each making a notification's two writes with some CPU work
# between them, on a fresh H2 file database, and prints notifications/s, CPU ms a notification and writes per commit
# (how much one commit serves). With BASELINE (another checkout, its jar built), both jars run in turn, RUNS times each:
# a change to GroupCommit is judged side by side, on the same machine in the same minutes.
#   bench/group-commit.sh
#   BASELINE=/tmp/base RUNS=5 bench/group-commit.sh
# Environment: CALLERS (64: the drop folders' hsm.inbox.parallel-records), MEASURE (8 s), WORK_ITERATIONS (20000),
# RUNS (3), BASELINE. Needs java 17 and maven (builds the jar if missing or stale).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
CALLERS=${CALLERS:-64}
MEASURE=${MEASURE:-8}
WORK_ITERATIONS=${WORK_ITERATIONS:-20000}
RUNS=${RUNS:-3}
source "$ROOT/bench/lib/jar.sh"
TREES=("$ROOT")
[ -n "${BASELINE:-}" ] && TREES+=("$BASELINE")
for run in $(seq "$RUNS"); do
  for tree in "${TREES[@]}"; do
    data=$(mktemp -d)
    printf '%s  ' "$(cd "$tree" && git rev-parse --short HEAD 2>/dev/null || echo "$tree")"
    java -Xmx256m -cp "$(fresh_jar "$tree")" "$ROOT/bench/lib/GroupCommitCost.java" "$data" "$CALLERS" "$MEASURE" "$WORK_ITERATIONS"
    rm -rf "$data"
  done
done
