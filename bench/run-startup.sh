#!/usr/bin/env bash
# Start-up time and memory at rest of the README's way of running Mainspring (the launcher jar with
# its embedded PostgreSQL), as a user sees them on a second start: builds the server, starts it once
# on a fresh data directory (migrations, the superadmin, the first unpacking of PostgreSQL) and
# stops it, then starts it again on the same data directory --trials times. For each of those
# starts it measures the time from `java -jar` to the first 200 of /api/health, and the resident
# (RSS) and proportional (PSS, /proc/<pid>/smaps_rollup) memory of the launcher JVM and of the
# Payara Micro JVM: --settle seconds after the start, again after a short warm-up of API calls, and
# again after calls to the built-in embeddings model (which loads ONNX Runtime). PostgreSQL's
# processes are measured too but are not part of the two-process figure. The Markdown report goes
# to stdout and to bench/target/startup/startup-report.md, each start's console output to
# bench/target/startup/start-<n>.log.
#
#   bench/run-startup.sh [--trials N] [--settle S] [--warmup N] [--embeddings on|off] [--nmt]
#
# --trials     second starts measured (default 3; the report gives each and the median)
# --settle     seconds to wait after the start and after each warm-up before measuring (default 40:
#              the server hands back unused heap 10 s after it was last used, see docs/operations.md)
# --warmup     rounds of API calls (create, list and read a project, deep health), default 200
# --embeddings on: also measure after 20 calls to /v1/embeddings (default on)
# --nmt        run both JVMs with -XX:NativeMemoryTracking=summary (through JDK_JAVA_OPTIONS) and
#              keep `jcmd <pid> VM.native_memory summary` of each at each point (slower start)
#
# Environment: SKIP_BUILD=1 reuses the last build; MAINSPRING_JAVA_OPTS goes to the server's JVM as
# the launcher documents; LAUNCHER_JAVA_OPTS to the launcher's own JVM (`java $LAUNCHER_JAVA_OPTS
# -jar ...`). The machine's state is part of the result: the report gives the load average and how
# busy the CPUs were (and how much the host stole) while each start ran.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
target="$root/bench/target/startup"
mkdir -p "$target"

trials=3
settle=40
warmup=200
embeddings=on
nmt=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --trials) trials=$2; shift 2 ;;
    --settle) settle=$2; shift 2 ;;
    --warmup) warmup=$2; shift 2 ;;
    --embeddings) embeddings=$2; shift 2 ;;
    --nmt) nmt=1; shift ;;
    *) echo "[startup] unknown option $1" >&2; exit 2 ;;
  esac
done
for n in "$trials" "$settle" "$warmup"; do
  [[ "$n" =~ ^[0-9]+$ ]] || { echo "[startup] not a whole number: $n" >&2; exit 2; }
done
[[ "$embeddings" == on || "$embeddings" == off ]] ||
  { echo "[startup] --embeddings takes on or off" >&2; exit 2; }

if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  echo "[startup] building the server" >&2
  ./mvnw -B -q -DskipTests package -pl server-config -am
fi
server_jar="$root/server-config/target/mainspring/mainspring-server.jar"
[[ -f "$server_jar" ]] || { echo "[startup] missing $server_jar: build first" >&2; exit 1; }

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
port=""
for _ in $(seq 1 50); do
  candidate=$((20000 + RANDOM % 20000))
  if ! port_in_use "$candidate"; then port=$candidate; break; fi
done
[[ -n "$port" ]] || { echo "[startup] found no free port" >&2; exit 1; }
base="http://127.0.0.1:$port"

data_dir=$(mktemp -d -t mainspring-startup.XXXXXX)
export MAINSPRING_ADMIN_EMAIL="bench-admin@example.test"
export MAINSPRING_ADMIN_PASSWORD="bench-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
machine="$(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), $(uname -sr), $(java -version 2>&1 | head -1)"
if [[ "$nmt" == 1 ]]; then
  export JDK_JAVA_OPTIONS="-XX:NativeMemoryTracking=summary"
fi
launcher_pid=""

stop_launcher() {
  if [[ -n "$launcher_pid" ]] && kill -0 "$launcher_pid" 2>/dev/null; then
    kill -TERM "$launcher_pid"
    wait "$launcher_pid" 2>/dev/null || true
  fi
  launcher_pid=""
}
cleanup() {
  stop_launcher
  rm -rf "$data_dir"
}
trap cleanup EXIT

now() { date +%s.%N; }

# "busy idle steal" jiffies of all CPUs together, from the first line of /proc/stat.
cpu_sample() {
  awk '/^cpu / { print $2+$3+$4+$7+$8, $5+$6, $9 }' /proc/stat
}

# "<busy %> <steal %>" of the machine between two cpu_sample outputs.
cpu_share() {
  local b1 i1 s1 b2 i2 s2
  read -r b1 i1 s1 <<<"$1"
  read -r b2 i2 s2 <<<"$2"
  awk -v b=$((b2 - b1)) -v i=$((i2 - i1)) -v s=$((s2 - s1)) \
    'BEGIN { t = b + i + s; if (t == 0) t = 1; printf "%.0f %.1f", 100 * b / t, 100 * s / t }'
}

# "<rss kB> <pss kB>" of the given processes together (missing ones count 0).
memory_of() {
  local rss=0 pss=0 r p pid
  for pid in "$@"; do
    if [[ -r "/proc/$pid/smaps_rollup" ]]; then
      read -r r p < <(awk '/^Rss:/ { r = $2 } /^Pss:/ { p = $2 } END { print r + 0, p + 0 }' \
        "/proc/$pid/smaps_rollup")
      rss=$((rss + r))
      pss=$((pss + p))
    fi
  done
  echo "$rss $pss"
}

postgres_pids() {
  local pidfile="$data_dir/postgres/postmaster.pid" main
  [[ -r "$pidfile" ]] || return 0
  main=$(head -1 "$pidfile")
  echo "$main" $(pgrep -P "$main" || true)
}

start_launcher() {
  local log=$1
  # shellcheck disable=SC2086 # LAUNCHER_JAVA_OPTS is a list of options
  PORT="$port" MAINSPRING_DATA_DIR="$data_dir" \
    java ${LAUNCHER_JAVA_OPTS:-} -jar "$server_jar" >"$log" 2>&1 &
  launcher_pid=$!
}

# Waits for /api/health; prints the seconds since $1 when it answered.
await_ready() {
  local started=$1 log=$2
  while true; do
    if curl -fsS -o /dev/null --max-time 2 "$base/api/health" 2>/dev/null; then
      awk -v a="$started" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'
      return 0
    fi
    if ! kill -0 "$launcher_pid" 2>/dev/null; then
      echo "[startup] the launcher exited; its log:" >&2
      tail -40 "$log" >&2
      exit 1
    fi
    if awk -v a="$started" -v b="$(now)" 'BEGIN { exit !(b - a > 300) }'; then
      echo "[startup] no answer from /api/health within 300 s" >&2
      exit 1
    fi
    sleep 0.1
  done
}

json_field() { sed -n "s/.*\"$1\":\"\([^\"]*\)\".*/\1/p"; }

login() {
  curl -fsS -H 'Content-Type: application/json' \
    -d "{\"email\":\"$MAINSPRING_ADMIN_EMAIL\",\"password\":\"$MAINSPRING_ADMIN_PASSWORD\"}" \
    "$base/api/auth/login" | json_field access_token
}

api_warmup() {
  local token=$1 id
  for _ in $(seq 1 "$warmup"); do
    id=$(curl -fsS -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
      -d '{"name":"warm-up"}' "$base/api/projects" | json_field project_id)
    curl -fsS -o /dev/null -H "Authorization: Bearer $token" "$base/api/projects"
    curl -fsS -o /dev/null -H "Authorization: Bearer $token" "$base/api/projects/$id"
    curl -fsS -o /dev/null "$base/api/health/deep"
  done
}

embeddings_warmup() {
  local token=$1
  for i in $(seq 1 20); do
    curl -fsS -o /dev/null -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
      -d "{\"model\":\"all-minilm-l6-v2\",\"input\":\"warm-up sentence number $i\"}" \
      "$base/v1/embeddings"
  done
}

nmt_dump() {
  local name=$1 pid
  [[ "$nmt" == 1 ]] || return 0
  for pid in "$launcher_pid" "$server_pid"; do
    jcmd "$pid" VM.native_memory summary >"$target/nmt-$name-$pid.txt" 2>&1 || true
  done
}

# CPU seconds (user + system) the given processes have used so far.
cpu_seconds() {
  local ticks=0 pid t
  for pid in "$@"; do
    if [[ -r "/proc/$pid/stat" ]]; then
      # the fields after the command name, which is in parentheses and may hold spaces
      t=$(sed 's/^.*) //' "/proc/$pid/stat" | awk '{ print $12 + $13 }')
      ticks=$((ticks + t))
    fi
  done
  awk -v t="$ticks" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.1f", t / hz }'
}

kib_to_mib() { awk -v k="$1" 'BEGIN { printf "%.0f", k / 1024 }'; }

# One measuring point: "<launcher rss> <launcher pss> <server rss> <server pss> <pg pss>" in MiB.
measure() {
  local l s p
  l=$(memory_of "$launcher_pid")
  s=$(memory_of "$server_pid")
  # shellcheck disable=SC2046 # a list of pids
  p=$(memory_of $(postgres_pids))
  set -- $l $s $p
  echo "$(kib_to_mib "$1") $(kib_to_mib "$2") $(kib_to_mib "$3") $(kib_to_mib "$4") $(kib_to_mib "$6")"
}

echo "[startup] $machine; load average before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
echo "[startup] server JVM options: ${MAINSPRING_JAVA_OPTS:-(launcher default)}; launcher JVM options: ${LAUNCHER_JAVA_OPTS:-(none)}" >&2

echo "[startup] first start on $data_dir (not measured)" >&2
t0=$(now)
start_launcher "$target/start-0.log"
first=$(await_ready "$t0" "$target/start-0.log")
echo "[startup] first start ready after $first s" >&2
curl -fsS -o /dev/null -H "Authorization: Bearer $(login)" -H 'Content-Type: application/json' \
  -d '{"name":"Bench"}' "$base/api/orgs"
stop_launcher

rows=()
for trial in $(seq 1 "$trials"); do
  log="$target/start-$trial.log"
  load=$(cut -d' ' -f1 /proc/loadavg)
  c0=$(cpu_sample)
  t0=$(now)
  start_launcher "$log"
  ready=$(await_ready "$t0" "$log")
  c1=$(cpu_sample)
  read -r busy steal <<<"$(cpu_share "$c0" "$c1")"
  server_pid=$(pgrep -P "$launcher_pid" -f payara-micro.jar | head -1)
  # shellcheck disable=SC2046 # a list of pids
  cpu=$(cpu_seconds "$launcher_pid" "$server_pid" $(postgres_pids))
  echo "[startup] trial $trial: ready after $ready s, $cpu CPU s (machine $busy % busy, $steal % stolen); settling $settle s" >&2
  sleep "$settle"
  at_rest=$(measure)
  nmt_dump "$trial-rest"
  token=$(login)
  api_warmup "$token"
  sleep "$settle"
  warm=$(measure)
  nmt_dump "$trial-warm"
  embedded="– – – – –"
  if [[ "$embeddings" == on ]]; then
    embeddings_warmup "$token"
    sleep "$settle"
    embedded=$(measure)
    nmt_dump "$trial-embeddings"
  fi
  stop_launcher
  rows+=("$trial $ready $load $busy $steal $at_rest $warm $embedded $cpu")
  echo "[startup] trial $trial: $at_rest | $warm | $embedded" >&2
done

median() { sort -n | awk '{ v[NR] = $1 } END { if (NR == 0) print "–"; else if (NR % 2) print v[(NR + 1) / 2]; else printf "%.1f", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

{
  echo "## Start-up and memory, $(date '+%Y-%m-%d %H:%M') (machine clock)"
  echo
  echo "Machine: $machine. Load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)."
  echo "Server JVM options: \`${MAINSPRING_JAVA_OPTS:-launcher default}\`; launcher JVM options: \`${LAUNCHER_JAVA_OPTS:-none}\`."
  echo "First start (fresh data directory, not measured below): ready after $first s."
  echo
  echo "| start | ready (s) | CPU (s) | load avg | busy % / stolen % | at rest: launcher RSS / PSS | server RSS / PSS | both PSS | after warm-up: launcher PSS | server PSS | both PSS | after embeddings: server PSS | both PSS | PostgreSQL PSS at rest / warm |"
  echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
  for row in "${rows[@]}"; do
    # shellcheck disable=SC2086 # the row's fields
    set -- $row
    both_rest=$(($7 + $9))
    both_warm=$(( ${12} + ${14} ))
    if [[ "${17}" == "–" ]]; then both_emb="–"; else both_emb=$(( ${17} + ${19} )); fi
    echo "| $1 | $2 | ${21} | $3 | $4 / $5 | $6 / $7 | $8 / $9 | $both_rest | ${12} | ${14} | $both_warm | ${19} | $both_emb | ${10} / ${15} |"
  done
  echo
  median_ready=$(for row in "${rows[@]}"; do set -- $row; echo "$2"; done | median)
  median_cpu=$(for row in "${rows[@]}"; do set -- $row; echo "${21}"; done | median)
  median_rest=$(for row in "${rows[@]}"; do set -- $row; echo $(( $7 + $9 )); done | median)
  median_warm=$(for row in "${rows[@]}"; do set -- $row; echo $(( ${12} + ${14} )); done | median)
  echo "Medians: ready after **$median_ready s** ($median_cpu CPU s); both processes **$median_rest MiB** PSS at rest, **$median_warm MiB** after the warm-up (goal: under 15 s and under 600 MiB)."
  echo
  echo "Memory in MiB; PSS = proportional set size (shared pages divided among the processes that map them). Each point is taken $settle s after the start or the warm-up; the warm-up is $warmup rounds of create, list and read a project and the deep health check; the embeddings point follows 20 calls to \`/v1/embeddings\`. CPU = the CPU time (user and system) the launcher, the server and PostgreSQL had used when the server answered: unlike the time to ready, it hardly depends on what else runs on the machine. Busy / stolen = the share of all CPUs' time that was busy (with anything, these processes included) / taken by the host while the start ran."
} | tee "$target/startup-report.md"
