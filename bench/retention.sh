#!/usr/bin/env bash
# Rerunnable benchmark: does the retention purge slow the hot path? On PostgreSQL, a gateway in sandbox mode gets a
# backlog of rows already past their retention (BACKLOG notifications, each with 2 statuses, a delivered callback, an
# idempotency key and a drop-folder ledger entry), then a burst of REST notifications (bench/lib/burst.py, CONCURRENCY
# callers for SECONDS). Twice, each on a fresh schema: once with the purge off (hsm.retention.interval-ms=0), once with
# the purge working through the backlog during the whole burst (its defaults: 500 rows a statement, 100 ms between).
# The machine's other work moves both rates a lot: REPEAT pairs are run, alternating which goes first, and the
# median of each is printed last.
# Usage: [REPEAT=3] bench/retention.sh [seconds=20] [concurrency=16] [backlog=200000]
# Needs: java 17, maven (builds the jar if missing), psql, python3, a PostgreSQL at PG_HOST:PG_PORT (trust auth).
set -euo pipefail
SECONDS_=${1:-20}
CONCURRENCY=${2:-16}
BACKLOG=${3:-200000}
PG_HOST=${PG_HOST:-127.0.0.1}
PG_PORT=${PG_PORT:-5432}
PG_USER=${PG_USER:-postgres}
PG_DB=${PG_DB:-test}
PORT=${BENCH_PORT:-18090}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
source "$ROOT/bench/lib/jar.sh"
for tool in java psql python3 curl; do command -v "$tool" >/dev/null || { echo "needs $tool" >&2; exit 1; }; done
JAR=$(fresh_jar "$ROOT")
PSQL=(psql -q -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d "$PG_DB" -v ON_ERROR_STOP=1)
WORK=$(mktemp -d /tmp/hsm-retention-bench.XXXXXX)
PID=
cleanup() { [ -n "$PID" ] && kill "$PID" 2>/dev/null && wait "$PID" 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT

run() { # $1: label, $2: hsm.retention.interval-ms
  local schema="hsm_retention_bench_$1"
  "${PSQL[@]}" -c "SET client_min_messages = warning" -c "DROP SCHEMA IF EXISTS $schema CASCADE" -c "CREATE SCHEMA $schema"
  mkdir -p "$WORK/$1" && cd "$WORK/$1" && cp -r "$ROOT/routes" .   # the YAML doors are read from the working directory
  HSM_HTTP_PORT=$PORT HSM_MANAGEMENT_PORT=$((PORT + 1)) HSM_THROTTLE_PER_NUMBER=0 HSM_JMS_ENABLED=false \
  HSM_DB_URL="jdbc:postgresql://$PG_HOST:$PG_PORT/$PG_DB?currentSchema=$schema" HSM_DB_USER="$PG_USER" \
  HSM_SECRETS_KEY=$(head -c 32 /dev/urandom | base64) HSM_RETENTION_INTERVAL_MS="$2" \
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
    || { echo "the seed request did not succeed:" >&2; curl -s -H 'Content-Type: application/json' -H "apikey: $apikey" \
         -d '{"templateId":"7","destination":"542994843975","params":{"name":"Julieta"}}' "$url" >&2; exit 1; }
  # the backlog: a day and more old, all past the default retentions but for notifications (30 days): 31 days old
  "${PSQL[@]}" <<SQL
SET search_path TO $schema;
INSERT INTO notifications (id, website_id, template_id, destination, channel, status, provider_message_id, request_json, created_at, updated_at)
  SELECT 'bl-' || g, 'demo', '7', '542994843975', 'rest', 'READ', 'wamid.bl-' || g, '{"templateId":"7"}', now() - interval '31 days', now() - interval '31 days'
  FROM generate_series(1, $BACKLOG) g;
INSERT INTO delivery_statuses (id, provider_message_id, status, status_at, state, notification_id, received_at, applied_at)
  SELECT 'bls-' || g || '-' || s, 'wamid.bl-' || g, s, now() - interval '31 days', 'APPLIED', 'bl-' || g, now() - interval '31 days', now() - interval '31 days'
  FROM generate_series(1, $BACKLOG) g, (VALUES ('sent'), ('delivered')) v(s);
INSERT INTO status_callbacks (id, website_id, notification_id, payload, state, attempts, next_attempt_at, created_at, updated_at)
  SELECT 'blc-' || g, 'demo', 'bl-' || g, '{}', 'DELIVERED', 1, now() - interval '31 days', now() - interval '31 days', now() - interval '31 days'
  FROM generate_series(1, $BACKLOG) g;
INSERT INTO idempotency_keys (website_id, idempotency_key, notification_id, created_at)
  SELECT 'demo', 'blk-' || g, 'bl-' || g, now() - interval '3 days' FROM generate_series(1, $BACKLOG) g;
INSERT INTO CAMEL_MESSAGEPROCESSED (processorName, messageId, createdAt)
  SELECT 'drop', 'demo/bl/' || g, now() - interval '31 days' FROM generate_series(1, $BACKLOG) g;
ANALYZE;
SQL
  local before after
  before=$("${PSQL[@]}" -At -c "SELECT count(*) FROM $schema.notifications WHERE id LIKE 'bl-%'")
  python3 "$ROOT/bench/lib/burst.py" "$url" "$apikey" 5 "$CONCURRENCY" > /dev/null  # JIT warm-up
  local result; result=$(python3 "$ROOT/bench/lib/burst.py" "$url" "$apikey" "$SECONDS_" "$CONCURRENCY")
  after=$("${PSQL[@]}" -At -c "SELECT count(*) FROM $schema.notifications WHERE id LIKE 'bl-%'")
  printf '%-28s %s backlog notifications %s -> %s\n' "$1 (interval-ms=$2)" "$result" "$before" "$after"
  echo "$result" | grep -o 'rate=[0-9.]*' | cut -d= -f2 >> "$WORK/rates-$1"
  kill "$PID"; wait "$PID" 2>/dev/null || true; PID=
  cd "$ROOT"; "${PSQL[@]}" -c "SET client_min_messages = warning" -c "DROP SCHEMA $schema CASCADE"
}

echo "REST burst: $CONCURRENCY callers, ${SECONDS_}s, backlog $BACKLOG expired notifications (+2 statuses, a callback, a key, a ledger entry each); $(nproc) cores shared by gateway, PostgreSQL and the load"
for i in $(seq "${REPEAT:-3}"); do
  if [ $((i % 2)) -eq 1 ]; then run no_purge 0; run purge 1000; else run purge 1000; run no_purge 0; fi
done
median() { sort -n "$1" | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
echo "median rate without purge: $(median "$WORK/rates-no_purge")/s, with the purge running: $(median "$WORK/rates-purge")/s"
