#!/usr/bin/env bash
# Rerunnable benchmark: what do cluster-wide limits (issue 20) cost one node? On PostgreSQL, a gateway in sandbox mode
# takes a burst of REST notifications (bench/lib/burst.py, CONCURRENCY callers for SECONDS, one API key, one WhatsApp
# number) four ways, each on a fresh schema:
#   none        hsm.throttle.per-number=0, hsm.rest.rate-limit.per-key=0: nothing counted
#   node        both limits at 1,000,000/s, hsm.limits.shared=false: counted in this node's memory (Bucket4j, local)
#   postgresql  both limits at 1,000,000/s, counted in the database (table rate_limit_buckets): two short transactions
#               per notification (the key's bucket, the number's)
#   redis       the same, counted in Redis at REDIS_URL (skipped when it does not answer): two round trips
# The limits are far above the rate, so no message ever waits: the difference is the counting alone. The machine's
# other work moves every rate a lot: REPEAT rounds are run, each in another order, and the median of each way is
# printed last, with the median p50 latency.
# First, bench/lib/LimitCost.java times the counting alone (a number's turn and a key's request, one caller, then 16
# on one hot number and key) in memory, in PostgreSQL (durable commits, and as the gateway does it: its own pool with
# synchronous_commit=off) and in Redis.
# Usage: [REPEAT=3] bench/limits.sh [seconds=15] [concurrency=16]
# Needs: java 17, maven (builds the jar if missing), psql, python3, curl, a PostgreSQL at PG_HOST:PG_PORT (trust
# auth); Redis optional (REDIS_URL, default redis://127.0.0.1:6379).
set -euo pipefail
SECONDS_=${1:-15}
CONCURRENCY=${2:-16}
PG_HOST=${PG_HOST:-127.0.0.1}
PG_PORT=${PG_PORT:-5432}
PG_USER=${PG_USER:-postgres}
PG_DB=${PG_DB:-test}
REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379}
PORT=${BENCH_PORT:-18094}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
source "$ROOT/bench/lib/jar.sh"
for tool in java psql python3 curl; do command -v "$tool" >/dev/null || { echo "needs $tool" >&2; exit 1; }; done
JAR=$(fresh_jar "$ROOT")
PSQL=(psql -q -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d "$PG_DB" -v ON_ERROR_STOP=1)
WORK=$(mktemp -d /tmp/hsm-limits-bench.XXXXXX)
PID=
cleanup() { [ -n "$PID" ] && kill "$PID" 2>/dev/null && wait "$PID" 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT

REDIS_HOST_PORT=${REDIS_URL#*://}; REDIS_HOST_PORT=${REDIS_HOST_PORT##*@}; REDIS_HOST_PORT=${REDIS_HOST_PORT%%/*}
if (exec 3<>"/dev/tcp/${REDIS_HOST_PORT%:*}/${REDIS_HOST_PORT#*:}") 2>/dev/null; then WAYS="none node postgresql redis"
else echo "Redis does not answer at $REDIS_URL: its way is skipped"; WAYS="none node postgresql"; fi

run() { # $1: way
  local schema="hsm_limits_bench_$1" limits=()
  case $1 in
    none) limits=(HSM_THROTTLE_PER_NUMBER=0 HSM_REST_RATE_LIMIT_PER_KEY=0) ;;
    node) limits=(HSM_THROTTLE_PER_NUMBER=1000000 HSM_REST_RATE_LIMIT_PER_KEY=1000000 HSM_LIMITS_SHARED=false) ;;
    postgresql) limits=(HSM_THROTTLE_PER_NUMBER=1000000 HSM_REST_RATE_LIMIT_PER_KEY=1000000) ;;
    redis) limits=(HSM_THROTTLE_PER_NUMBER=1000000 HSM_REST_RATE_LIMIT_PER_KEY=1000000 HSM_LIMITS_REDIS_URL="$REDIS_URL"
                   HSM_LIMITS_KEY_PREFIX="hsm-limits-bench-$$:") ;;
  esac
  "${PSQL[@]}" -c "SET client_min_messages = warning" -c "DROP SCHEMA IF EXISTS $schema CASCADE" -c "CREATE SCHEMA $schema"
  mkdir -p "$WORK/$1" && cd "$WORK/$1" && rm -rf routes && cp -r "$ROOT/routes" .   # the YAML doors are read from the working directory
  env HSM_HTTP_PORT=$PORT HSM_MANAGEMENT_PORT=$((PORT + 1)) HSM_JMS_ENABLED=false "${limits[@]}" \
    HSM_DB_URL="jdbc:postgresql://$PG_HOST:$PG_PORT/$PG_DB?currentSchema=$schema" HSM_DB_USER="$PG_USER" \
    HSM_SECRETS_KEY=$(head -c 32 /dev/urandom | base64) \
    java ${BENCH_JAVA_OPTS:-} -jar "$JAR" > gateway.log 2>&1 &
  PID=$!
  until curl -s -o /dev/null "http://127.0.0.1:$PORT/sandbox/whatsapp/messages"; do
    kill -0 "$PID" 2>/dev/null || { cat gateway.log; exit 1; }
    sleep 0.2
  done
  for _ in $(seq 100); do grep -q 'apikey *: *hsm_' gateway.log && break; sleep 0.2; done   # the demo key, printed once
  local apikey; apikey=$(grep -o 'apikey *: *hsm_[A-Za-z0-9_-]*' gateway.log | head -1 | grep -o 'hsm_.*')
  local url="http://127.0.0.1:$PORT/website/demo/hsm/notifications"
  curl -s -H 'Content-Type: application/json' -H "apikey: $apikey" \
    -d '{"templateId":"7","destination":"542994843975","params":{"name":"Julieta"}}' "$url" | grep -q '"code":"SUCCESS"' \
    || { echo "the seed request did not succeed" >&2; exit 1; }
  python3 "$ROOT/bench/lib/burst.py" "$url" "$apikey" 5 "$CONCURRENCY" > /dev/null  # JIT warm-up
  local result; result=$(python3 "$ROOT/bench/lib/burst.py" "$url" "$apikey" "$SECONDS_" "$CONCURRENCY")
  local store; store=$(grep -o 'are counted in [A-Za-z ]*' gateway.log | head -1 | sed 's/are counted in //')
  if [ "$1" = none ]; then store="nothing, both limits 0"; fi
  printf '%-11s %s (counted in: %s)\n' "$1" "$result" "$store"
  echo "$result" | grep -o 'rate=[0-9.]*' | cut -d= -f2 >> "$WORK/rates-$1"
  echo "$result" | grep -o 'p50=[0-9.]*' | cut -d= -f2 >> "$WORK/p50-$1"
  kill "$PID"; wait "$PID" 2>/dev/null || true; PID=
  cd "$ROOT"; "${PSQL[@]}" -c "SET client_min_messages = warning" -c "DROP SCHEMA $schema CASCADE"
}

echo "The counting alone (bench/lib/LimitCost.java):"
"${PSQL[@]}" -c "SET client_min_messages = warning" -c "DROP SCHEMA IF EXISTS hsm_limits_cost CASCADE" -c "CREATE SCHEMA hsm_limits_cost"
java -cp "$JAR" "$ROOT/bench/lib/LimitCost.java" "jdbc:postgresql://$PG_HOST:$PG_PORT/$PG_DB?currentSchema=hsm_limits_cost" "$PG_USER" \
  "$([ "${WAYS%redis}" != "$WAYS" ] && echo "$REDIS_URL" || echo -)" "${CALLS:-4000}" 2>&1 | grep -v -E '^[0-9:.]+ +(INFO|DEBUG)'
"${PSQL[@]}" -c "SET client_min_messages = warning" -c "DROP SCHEMA hsm_limits_cost CASCADE"
echo
echo "REST burst: $CONCURRENCY callers, ${SECONDS_}s, one key, one number; $(nproc) cores shared by gateway, PostgreSQL, Redis and the load"
read -r -a ways <<< "$WAYS"
for i in $(seq "${REPEAT:-3}"); do
  # each round starts with another way, so none always runs on the coldest (or warmest) machine
  for j in $(seq 0 $(( ${#ways[@]} - 1 ))); do run "${ways[$(( (i - 1 + j) % ${#ways[@]} ))]}"; done
done
median() { sort -n "$1" | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
for way in "${ways[@]}"; do
  printf 'median %-11s %8s notifications/s, p50 %s ms\n' "$way" "$(median "$WORK/rates-$way")" "$(median "$WORK/p50-$way")"
done
