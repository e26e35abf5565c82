#!/usr/bin/env bash
# Start-up as the README runs it (bin/hsm-gateway): time from the launcher's start to the first accepted notification
# (SUCCESS) and idle RSS, median of RUNS runs each:
#   first start  empty data folder: database created, demo website seeded (its api key read from the log)
#   restart      the same data folder again (schema current, key known)
# each with the class-data archive (HSM_CDS=auto) and without (HSM_CDS=off); and how long the training run that
# makes the archive takes. Runs in a work folder of its own (copies of routes/ and config/, free ports), so it
# neither touches ./data nor collides with a gateway already running.
# Builds the jar if it is missing or stale. Needs curl, python3. Environment: RUNS (5), KEEP=1 keeps the work folder,
# KINDS ("first restart") and CDS_MODES ("auto off") to measure fewer, GATEWAY_TREE (another checkout to measure),
# ADMIN (off, as the README runs it; on: with hsm.admin.token set, the admin API mounted).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
RUNS=${RUNS:-5}
GATEWAY_TREE=${GATEWAY_TREE:-$ROOT}   # another checkout's jar, launcher and routes (bench/side-by-side)
source "$ROOT/bench/lib/jar.sh"
JAR=$(fresh_jar "$GATEWAY_TREE")
WORK=$(mktemp -d /tmp/hsm-startup.XXXXXX)
cp -r "$GATEWAY_TREE/routes" "$GATEWAY_TREE/config" "$WORK/"
[[ ${KEEP:-} == 1 ]] || trap 'rm -rf "$WORK"' EXIT
cd "$WORK"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
median() { sort -n | awk '{v[NR]=$1} END {m=(NR%2)?v[(NR+1)/2]:(v[NR/2]+v[NR/2+1])/2; printf "%.2f", m}'; }

# ADMIN=on mounts the admin API (28 routes more); the README's run command leaves it off
[[ ${ADMIN:-off} == on ]] && export HSM_ADMIN_TOKEN=startup-bench || export HSM_ADMIN_TOKEN=
export HSM_JAR=$JAR HSM_CDS_ARCHIVE=$WORK/hsm-gateway.jsa
export HSM_HTTP_PORT HSM_MANAGEMENT_PORT HSM_JMS_EMBEDDED_ACCEPTOR
BODY='{"templateId": "7", "destination": "542994843975", "params": {"name": "Julieta"}}'

notify() {
  curl -s -m 5 "http://127.0.0.1:$HSM_HTTP_PORT/website/demo/hsm/notifications" -H 'Content-Type: application/json' \
    -H "apikey: $APIKEY" --data "$BODY" 2>/dev/null || true
}

# one start: prints "<seconds to first SUCCESS> <idle RSS MiB>"; $1 = auto|off, $2 = first|restart
start_once() {
  local cds=$1 kind=$2 started pid answer ready rss
  [[ $kind == first ]] && rm -rf data apikey
  HSM_HTTP_PORT=$(free_port) HSM_MANAGEMENT_PORT=$(free_port)
  HSM_JMS_EMBEDDED_ACCEPTOR="tcp://127.0.0.1:$(free_port)?protocols=CORE,AMQP,STOMP"
  started=$(now_ms)
  HSM_CDS=$cds "$GATEWAY_TREE/bin/hsm-gateway" > gateway.log 2>&1 &
  pid=$!
  while :; do
    kill -0 "$pid" 2>/dev/null || { echo "gateway exited: $WORK/gateway.log" >&2; tail -5 gateway.log >&2; exit 1; }
    # the demo key is printed once, on the empty database; a restart uses it again
    [[ -s apikey ]] || sed -n 's/.*apikey *: *\(hsm_[A-Za-z0-9_-]*\).*/\1/p' gateway.log | head -1 > apikey
    APIKEY=$(cat apikey)
    if [[ -n ${APIKEY:-} ]]; then
      answer=$(notify)
      [[ $answer == *'"SUCCESS"'* ]] && break
    fi
    sleep 0.02
  done
  ready=$(( $(now_ms) - started ))
  answer=$(notify)
  [[ $answer == *'"SUCCESS"'* ]] || { echo "second notification: $answer" >&2; exit 1; }
  sleep 3 # idle: the sandbox's status webhooks done, start-up's garbage left to the collector
  rss=$(awk '/VmRSS/ {print int($2 / 1024)}' "/proc/$pid/status")
  kill -TERM "$pid"
  wait "$pid" || true
  echo "$(awk -v ms="$ready" 'BEGIN {printf "%.2f", ms / 1000}') $rss"
}

# the training run, timed on its own (--help afterwards exits at once)
started=$(now_ms)
HSM_CDS=auto "$GATEWAY_TREE/bin/hsm-gateway" --help > training.log 2>&1
training=$(( $(now_ms) - started ))
[[ -s $HSM_CDS_ARCHIVE ]] || { echo "no archive made: $WORK/hsm-gateway.jsa.log" >&2; exit 1; }

printf '%-8s %-8s %-28s %-14s %s\n' start archive "to first SUCCESS (median s)" "idle RSS (MiB)" "runs (s)"
for kind in ${KINDS:-first restart}; do
  for cds in ${CDS_MODES:-auto off}; do
    times=() rss=()
    for _ in $(seq "$RUNS"); do
      [[ $kind == restart ]] && [[ ! -d data ]] && start_once "$cds" first > /dev/null
      read -r t r < <(start_once "$cds" "$kind")
      times+=("$t") rss+=("$r")
    done
    printf '%-8s %-8s %-28s %-14s %s\n' "$kind" "$([[ $cds == auto ]] && echo yes || echo no)" \
      "$(printf '%s\n' "${times[@]}" | median)" "$(printf '%s\n' "${rss[@]}" | median)" "${times[*]}"
  done
done
echo "training run (makes the archive, once per jar): $(awk -v ms="$training" 'BEGIN {printf "%.1f", ms / 1000}') s;" \
  "archive $(du -m "$HSM_CDS_ARCHIVE" | cut -f1) MB"
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); $(java -version 2>&1 | sed -n 2p)"
