#!/usr/bin/env bash
# Where an idle gateway's memory goes: the gateway restarted as the README runs it (bin/hsm-gateway, class-data
# archive), two notifications to the sandbox, 3 s idle (as bench/startup.sh measures idle RSS), then its RSS, its
# anonymous and file pages, and with DETAIL=1 the heap's generations and the largest mappings (pmap -x).
# Runs in a work folder of its own (copies of routes/ and config/, free ports); the first run makes the archive and
# the database, the runs measured are restarts.
#   bench/idle-memory.sh                          # RUNS (3) restarts, one line each
#   JAVA_OPTS=-Xms16m bench/idle-memory.sh        # the same with a JVM option (after the launcher's, so it wins)
#   DETAIL=1 RUNS=1 bench/idle-memory.sh          # and the breakdown
# Builds the jar if it is missing or stale. Needs curl, python3, jcmd and pmap; GATEWAY_TREE: another checkout.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
GATEWAY_TREE=${GATEWAY_TREE:-$ROOT}
source "$ROOT/bench/lib/jar.sh"
JAR=$(fresh_jar "$GATEWAY_TREE")
WORK=$(mktemp -d /tmp/hsm-idle.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
cp -r "$GATEWAY_TREE/routes" "$GATEWAY_TREE/config" "$WORK/"
cd "$WORK"
export HSM_JAR=$JAR HSM_CDS_ARCHIVE=$WORK/hsm-gateway.jsa HSM_ADMIN_TOKEN=idle-bench
export HSM_HTTP_PORT HSM_MANAGEMENT_PORT HSM_JMS_EMBEDDED_ACCEPTOR
BODY='{"templateId": "7", "destination": "542994843975", "params": {"name": "Julieta"}}'
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
notify() {
  curl -s -m 5 "http://127.0.0.1:$HSM_HTTP_PORT/website/demo/hsm/notifications" -H 'Content-Type: application/json' \
    -H "apikey: $(cat apikey)" --data "$BODY" 2>/dev/null || true
}

# one start: waits for the first SUCCESS, sends a second, idles 3 s; $1 = report|quiet
start_once() {
  local pid
  HSM_HTTP_PORT=$(free_port) HSM_MANAGEMENT_PORT=$(free_port)
  HSM_JMS_EMBEDDED_ACCEPTOR="tcp://127.0.0.1:$(free_port)?protocols=CORE,AMQP,STOMP"
  "$GATEWAY_TREE/bin/hsm-gateway" > gateway.log 2>&1 &
  pid=$!
  while :; do
    kill -0 "$pid" 2>/dev/null || { echo "gateway exited: $(tail -5 gateway.log)" >&2; exit 1; }
    [[ -s apikey ]] || sed -n 's/.*apikey *: *\(hsm_[A-Za-z0-9_-]*\).*/\1/p' gateway.log | head -1 > apikey
    [[ -s apikey && $(notify) == *'"SUCCESS"'* ]] && break
    sleep 0.02
  done
  [[ $(notify) == *'"SUCCESS"'* ]] || { echo "second notification refused" >&2; exit 1; }
  sleep 3
  if [[ $1 == report ]]; then
    awk '/^(VmRSS|RssAnon|RssFile|Threads)/ {v = $1 == "Threads:" ? $2 : int($2 / 1024) " MiB"; printf "%s %s  ", $1, v} END {print ""}' \
      "/proc/$pid/status"
    if [[ ${DETAIL:-} == 1 ]]; then
      jcmd "$pid" GC.heap_info | sed -n '2,$p' | grep -E "Gen|space" | sed 's/ \[.*//'
      echo "largest mappings (kB: size, resident, dirty):"
      pmap -x "$pid" | sort -k3 -n -r | sed -n '2,16p'
    fi
  fi
  kill -TERM "$pid"
  wait "$pid" || true
}

start_once quiet   # makes the archive and the database
for _ in $(seq "${RUNS:-3}"); do
  start_once report
done
