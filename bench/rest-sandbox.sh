#!/usr/bin/env bash
# Rerunnable benchmark: the seed's curl request against a fresh gateway in sandbox mode.
# Reports start-up time, memory (RSS after start, peak RSS under load) and requests/second (wrk).
# Usage: bench/rest-sandbox.sh [seconds=30] [connections=32]
# Needs: java 17, maven (builds the jar if missing), wrk (apt-get install wrk), curl.
set -euo pipefail
DURATION=${1:-30}
CONNECTIONS=${2:-32}
PORT=${BENCH_PORT:-18080}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
source "$ROOT/bench/lib/jar.sh"
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 1; }
JAR=$(fresh_jar "$ROOT")

WORK=$(mktemp -d)
trap 'kill "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; rm -rf "$WORK"' EXIT
cd "$WORK"
cp -r "$ROOT/routes" .          # the YAML doors are read from the working directory
START=$(date +%s%N)
# no per-number throttle: the demo website has one number, and this measures the gateway, not WhatsApp's cap
HSM_HTTP_PORT=$PORT HSM_THROTTLE_PER_NUMBER=0 HSM_JMS_ENABLED=false java ${BENCH_JAVA_OPTS:-} -jar "$JAR" > gateway.log 2>&1 &
PID=$!
until curl -s -o /dev/null "http://127.0.0.1:$PORT/sandbox/whatsapp/messages"; do
  kill -0 "$PID" 2>/dev/null || { cat gateway.log; exit 1; }
  sleep 0.05
done
READY=$(date +%s%N)
RSS_START=$(awk '/VmRSS/ {print $2}' /proc/$PID/status)
APIKEY=$(grep -o 'hsm_[A-Za-z0-9_-]*' gateway.log | head -1)

cat > post.lua <<LUA
wrk.method = "POST"
wrk.body = '{"templateId": "7", "destination": "542994843975", "params": {"name": "Julieta"}}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["apikey"] = "$APIKEY"
LUA
URL="http://127.0.0.1:$PORT/website/demo/hsm/notifications"
curl -s -H 'Content-Type: application/json' -H "apikey: $APIKEY" -d '{"templateId":"7","destination":"542994843975","params":{"name":"Julieta"}}' "$URL" | grep -q '"code":"SUCCESS"' \
  || { echo "seed request did not succeed" >&2; exit 1; }

wrk -t"$(( CONNECTIONS < 2 ? 1 : 2 ))" -c"$CONNECTIONS" -d10s -s post.lua "$URL" > warmup.txt          # JIT warm-up, not reported
wrk -t"$(( CONNECTIONS < 2 ? 1 : 2 ))" -c"$CONNECTIONS" -d"${DURATION}s" --latency -s post.lua "$URL" | tee wrk.txt

RSS_PEAK=$(awk '/VmHWM/ {print $2}' /proc/$PID/status)
SENT=$(curl -s "http://127.0.0.1:$PORT/sandbox/whatsapp/messages" | grep -o '"total":[0-9]*' | cut -d: -f2)
echo
echo "start-up to first answer : $(( (READY - START) / 1000000 )) ms"
echo "RSS after start-up       : $(( RSS_START / 1024 )) MiB"
echo "peak RSS                 : $(( RSS_PEAK / 1024 )) MiB"
echo "requests/second          : $(awk '/Requests\/sec/ {print $2}' wrk.txt) (wrk -c$CONNECTIONS, ${DURATION}s; wrk, gateway and sandbox share $(nproc) cores)"
echo "non-2xx answers          : $(awk '/Non-2xx/ {print $5}' wrk.txt)"
echo "messages the sandbox got : $SENT (warm-up + run + 1 check)"
