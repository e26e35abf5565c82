# Sourced by bench/run and bench/profile: settings, the nginx stand-in (started here), and the functions that
# start, set up and load a gateway. Expects set -euo pipefail and $0 in bench/.

MEASURE=${MEASURE:-15}
WARMUP=${WARMUP:-3}
JIT_WARMUP=${JIT_WARMUP:-120}
CONCURRENCY=${CONCURRENCY:-"1 16 64"}
ROWS=${ROWS:-100000}
JMS_MESSAGES=${JMS_MESSAGES:-100000}
PG_HOST=${PG_HOST:-127.0.0.1}
PG_PORT=${PG_PORT:-5432}
PG_USER=${PG_USER:-postgres}
PG_DB=hsm_bench
ADMIN_TOKEN=bench-admin-token
SECRETS_KEY=$(head -c 32 /dev/urandom | base64)   # a database server needs one given (no key file is made for it)
WEBSITE=bench
ENVELOPE='{"messaging_product":"whatsapp","contacts":[{"input":"x","wa_id":"x"}],"messages":[{"id":"wamid.BENCH"}]}'
MEDIA_LINKS=10   # distinct links in the file drop

ROOT=$(cd "$(dirname "$0")/.." && pwd)
LIB="$ROOT/bench/lib"
OUT=${OUT:-$ROOT/docs/benchmarks.md}
# the gateway measured: this checkout's, or another's (GATEWAY_TREE: its jar, launcher and routes; bench/side-by-side)
GATEWAY_TREE=${GATEWAY_TREE:-$ROOT}
source "$(dirname "${BASH_SOURCE[0]}")/jar.sh"
NGINX=${NGINX:-$(command -v nginx || echo /usr/sbin/nginx)}
for tool in java wrk curl python3 "$NGINX"; do
  command -v "$tool" >/dev/null || { echo "bench/run needs $tool" >&2; exit 1; }
done
JAR=$(fresh_jar "$GATEWAY_TREE")

WORK=$(mktemp -d /tmp/hsm-bench.XXXXXX)
cp "$JAR" "$WORK/bench-gateway.jar"   # a copy: the run does not depend on target/ staying put
GATEWAY_PID=
NGINX_PID=
cleanup() {
  local rc=$?
  [ "$rc" != 0 ] && [ -f "${OUT:-}.part" ] && { printf '\n**The run stopped here** (exit %s, at %s UTC): the parts below were not measured.\n' \
    "$rc" "$(date -u +%H:%M)" >> "$OUT.part"; mv "$OUT.part" "$OUT"; }
  [ -z "$GATEWAY_PID" ] || stop_gateway
  [ -z "$NGINX_PID" ] || kill "$NGINX_PID" 2>/dev/null || true
  local pid   # the parts' own processes: brokers, SFTP server, producer
  for pid in "${MOSQUITTO_PID:-}" "${KAFKA_PID:-}" "${SFTP_PID:-}" "${JMS_PRODUCER_PID:-}"; do
    [ -z "$pid" ] || kill "$pid" 2>/dev/null || true
  done
  [ -n "${KEEP_WORK:-}" ] || rm -rf "$WORK"
  exit "$rc"
}
trap cleanup EXIT
trap 'log "bench/run was sent SIGTERM"; exit 143' TERM
trap 'log "bench/run failed at line $LINENO"' ERR

log() { echo "[$(date -u +%H:%M:%S)] $*" >&2; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
now_ms() { date +%s%3N; }
rss_mib() { awk -v f="$2:" '$1 == f {printf "%d", $2 / 1024}' "/proc/$1/status"; }
lines() { if [ -f "$1" ]; then wc -l < "$1"; else echo 0; fi; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }   # utime + stime of a process so far, in clock ticks
CLK_TCK=$(getconf CLK_TCK)

# What a measured interval costs the gateway, the same way in every part: cost_mark at its start (the gateway's CPU
# ticks and the Cloud API calls so far; also COST_OTHER_PID's ticks when set, e.g. a broker), cost_end at its end:
# COST_N (notifications completed in it: Cloud API calls since the mark), COST_MS (ms of gateway CPU, utime + stime,
# per notification; "n/a" without any), COST_OTHER_MS (the same for COST_OTHER_PID), COST_RSS (the gateway's
# peak RSS so far, VmHWM, MiB).
cost_mark() {
  COST_CALLS=$(lines "$MESSAGES_LOG") COST_TICKS=$(cpu_ticks "$GATEWAY_PID")
  COST_OTHER_TICKS=${COST_OTHER_PID:+$(cpu_ticks "$COST_OTHER_PID")}
}
cost_end() {
  local ticks; ticks=$(cpu_ticks "$GATEWAY_PID")
  COST_N=$(( $(lines "$MESSAGES_LOG") - COST_CALLS ))
  COST_MS=$(per_notification_ms $(( ticks - COST_TICKS )) "$COST_N")
  COST_OTHER_MS=${COST_OTHER_PID:+$(per_notification_ms $(( $(cpu_ticks "$COST_OTHER_PID") - COST_OTHER_TICKS )) "$COST_N")}
  COST_RSS=$(rss_mib "$GATEWAY_PID" VmHWM)
}
per_notification_ms() { awk -v t="$1" -v hz="$CLK_TCK" -v n="$2" 'BEGIN {if (n < 1) print "n/a"; else printf "%.2f", 1000 * t / hz / n}'; }

# ---------------------------------------------------------------- nginx: Cloud API, media host, ceiling
NGINX_PORT=$(free_port)
STUB="http://127.0.0.1:$NGINX_PORT"
mkdir -p "$WORK/nginx/tmp" "$WORK/nginx/www/media"
for i in $(seq 0 $((MEDIA_LINKS - 1))) template; do head -c 1000 /dev/zero > "$WORK/nginx/www/media/img$i.png"; done
sed -e "s|@WORK@|$WORK|g" -e "s|@PORT@|$NGINX_PORT|g" -e "s|@ENVELOPE@|$ENVELOPE|g" "$LIB/nginx.conf.template" > "$WORK/nginx/nginx.conf"
chmod -R a+rX "$WORK"   # nginx's worker runs as nobody when started as root
"$NGINX" -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" 2>"$WORK/nginx/stderr" &
NGINX_PID=$!
until curl -sf -o /dev/null -I "$STUB/media/img0.png"; do
  kill -0 "$NGINX_PID" 2>/dev/null && [ $((SECONDS)) -lt 60 ] || { cat "$WORK/nginx/stderr" "$WORK/nginx/error.log" >&2; exit 1; }
  sleep 0.05
done
MESSAGES_LOG="$WORK/nginx/messages.log"
MEDIA_LOG="$WORK/nginx/media.log"

# ---------------------------------------------------------------- the gateway
# Started the way the README starts it when the launcher is there (bin/hsm-gateway: its default JVM settings and
# class-data archive; it execs java, so GATEWAY_PID is the JVM), else with java -jar.
LAUNCHER="$GATEWAY_TREE/bin/hsm-gateway"
if [ -x "$LAUNCHER" ]; then
  START_CMD="\`bin/hsm-gateway\`"
  STARTED_BY="$START_CMD (its default JVM settings${HSM_HEAP:+, HSM_HEAP=$HSM_HEAP}${HSM_CDS:+, HSM_CDS=$HSM_CDS})"
else
  START_CMD="\`java -jar\`" STARTED_BY="\`java -jar\`"
fi

# start_gateway <dir> [VAR=value ...]: a fresh gateway process working in <dir> (routes/ copied unless present);
# sets GATEWAY_PID, GATEWAY_URL, STARTED_MS (just before the start) and READY_MS (admin API answers).
start_gateway() {
  local dir=$1; shift
  mkdir -p "$dir"
  [ -d "$dir/routes" ] || cp -r "$GATEWAY_TREE/routes" "$dir/routes"
  if [ -x "$LAUNCHER" ]; then
    set -- HSM_JAR="$WORK/bench-gateway.jar" JAVA_OPTS="-Dhsm.bench=true ${BENCH_JAVA_OPTS:-}" "$@" "$LAUNCHER"
  else
    set -- "$@" java -Dhsm.bench=true ${BENCH_JAVA_OPTS:-} -jar "$WORK/bench-gateway.jar"
  fi
  local port; port=$(free_port)
  GATEWAY_URL="http://127.0.0.1:$port"
  MANAGEMENT_URL="http://127.0.0.1:$(free_port)"
  STARTED_MS=$(now_ms)
  (cd "$dir" && exec env HSM_HTTP_PORT="$port" HSM_MANAGEMENT_PORT="${MANAGEMENT_URL##*:}" HSM_ADMIN_TOKEN=$ADMIN_TOKEN HSM_SECRETS_KEY="$SECRETS_KEY" \
      HSM_WHATSAPP_BASE_URL="$STUB" HSM_MEDIA_ALLOW_PRIVATE_HOSTS=true HSM_MEDIA_PROBE_CACHE_SECONDS=3600 \
      HSM_THROTTLE_PER_NUMBER=0 HSM_REST_RATE_LIMIT_PER_KEY=0 HSM_JMS_ENABLED=false \
      "$@" >> "$dir/gateway.log" 2>&1) &
  GATEWAY_PID=$!
  until curl -s -o /dev/null -f -H "Authorization: Bearer $ADMIN_TOKEN" "$GATEWAY_URL/admin/websites"; do
    kill -0 "$GATEWAY_PID" 2>/dev/null || { tail -50 "$dir/gateway.log" >&2; echo "gateway did not start" >&2; exit 1; }
    sleep 0.02
  done
  READY_MS=$(now_ms)
}

# db_meters: "db_writes=W db_commits=C writes_per_commit=R", the group commit's meters so far (hsm_db_*)
db_meters() {
  curl -s "$MANAGEMENT_URL/observe/metrics" | awk '
    /^hsm_db_writes_total/ {w = $2} /^hsm_db_commits_total/ {c = $2}
    END {printf "db_writes=%d db_commits=%d writes_per_commit=%.1f", w, c, c ? w / c : 0}'
}

stop_gateway() { # SIGTERM, then wait until the process is gone (its exit status is of no interest)
  kill "$GATEWAY_PID" 2>/dev/null || true
  while kill -0 "$GATEWAY_PID" 2>/dev/null; do sleep 0.1; done
  GATEWAY_PID=
}

admin() { # admin <method> <path> [body]
  curl -sf -X "$1" -H "Authorization: Bearer $ADMIN_TOKEN" -H 'Content-Type: application/json' \
    ${3:+-d "$3"} "$GATEWAY_URL$2"
}

# setup_website: the website, a TEXT and an IMAGE template (its link on the media host), a fresh api key
setup_website() {
  admin PUT "/admin/websites/$WEBSITE" '{"name":"Bench","phoneNumberId":"3000001","accessToken":"token-bench"}' >/dev/null
  admin PUT "/admin/websites/$WEBSITE/templates/text" '{"name":"bench_text","language":"es_AR","type":"TEXT","variables":["name"]}' >/dev/null
  admin PUT "/admin/websites/$WEBSITE/templates/image" \
    "{\"name\":\"bench_image\",\"language\":\"es_AR\",\"type\":\"IMAGE\",\"variables\":[\"name\"],\"media\":{\"link\":\"$STUB/media/imgtemplate.png\"}}" >/dev/null
  APIKEY=$(admin POST "/admin/websites/$WEBSITE/apikeys" | python3 -c 'import json,sys; print(json.load(sys.stdin)["apikey"])')
}

body() { echo "{\"templateId\":\"$1\",\"destination\":\"5491100000001\",\"params\":{\"name\":\"Ana\"}}"; }

notify_once() { # prints the answer's code
  curl -s -H 'Content-Type: application/json' -H "apikey: $APIKEY" -d "$(body "$1")" \
    "$GATEWAY_URL/website/$WEBSITE/hsm/notifications" | python3 -c 'import json,sys; print(json.load(sys.stdin).get("code"))'
}

# wrk_point <url> <connections> <seconds> [body]: prints the BENCH_RESULT fields
wrk_point() {
  local threads=$(( $2 < 2 ? 1 : 2 ))
  BENCH_BODY=${4:-$ENVELOPE} BENCH_APIKEY=${APIKEY:-} \
    wrk -t"$threads" -c"$2" -d"$3s" --timeout 10s -s "$LIB/notify.lua" "$1" | grep '^BENCH_RESULT' | cut -d' ' -f2-
}
field() { echo "$1" | tr ' ' '\n' | awk -F= -v k="$2" '$1 == k {print $2}'; }

# campaign_csv <file> <rows>: the file drop's CSV, IMAGE template, MEDIA_LINKS distinct links on the media host
campaign_csv() {
  awk -v rows="$2" -v stub="$STUB" -v links="$MEDIA_LINKS" -v tag="${3:-}" 'BEGIN {
    print "templateId;destination;media.link;params.name"
    for (i = 0; i < rows; i++) printf "image;54911%08d;%s/media/img%d.png;\"Customer %d%s\"\n", i, stub, i % links, i, tag
  }' > "$1"
}

# pg <psql arguments>: psql as PG_USER on database test; pg_fresh_db and pg_drop_db manage PG_DB
pg() { psql -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d test "$@"; }
pg_fresh_db() { pg -qc "DROP DATABASE IF EXISTS $PG_DB" -c "CREATE DATABASE $PG_DB" >/dev/null; }
pg_drop_db() { pg -qc "DROP DATABASE IF EXISTS $PG_DB" >/dev/null; }
