#!/usr/bin/env bash
# The live streams benchmark end to end: builds the server and the benchmark, starts Mainspring
# (embedded PostgreSQL on a known port, fresh data directory) on a free port, waits for
# /api/health, runs dev.mainspring.bench.streams.StreamsBench in a separate JVM against it (N
# concurrent connections, one event per connection per second published with SQL + pg_notify),
# stops the server and removes the data directory. The Markdown table goes to stdout and to
# bench/streams/target/streams-report-MODE.md, the server's log to
# bench/streams/target/server-MODE.log.
#
#   bench/run-streams.sh [--mode sse|socketio|longpoll] [--levels 1000,5000,10000] [--warmup 10]
#                        [--duration 60]
#
# --mode sse (default): SSE streams; socketio: socket.io-client connections (WebSocket) in one Node
# process, installed here with `npm ci` from bench/streams/socketio's lock file; longpoll: pollers
# of /realtime/queues, one queue and organization each. One mode per run, each on a fresh server.
#
# SKIP_BUILD=1 reuses what an earlier run built; MAINSPRING_JAVA_OPTS goes to the server's JVM as
# the launcher documents. While it measures, /tmp/bench-running exists (other work on the machine
# waits for it to go).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
target="$root/bench/streams/target"

if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  echo "[run] building the server and the benchmark" >&2
  ./mvnw -B -q -o -DskipTests -Djavadoc.skip=true package -pl server-config,bench/streams -am
fi
mode=sse
args=("$@")
for ((a = 0; a < ${#args[@]}; a++)); do
  if [[ "${args[a]}" == --mode ]]; then mode="${args[a + 1]:-}"; fi
done
if [[ "$mode" == socketio ]]; then
  echo "[run] installing socket.io-client (npm ci) in bench/streams/socketio" >&2
  (cd "$root/bench/streams/socketio" && npm ci --no-audit --no-fund --loglevel=error >&2)
fi
server_jar="$root/server-config/target/mainspring/mainspring-server.jar"
classpath_file="$target/classpath.txt"
for needed in "$server_jar" "$classpath_file"; do
  [[ -f "$needed" ]] || { echo "[run] missing $needed: build first (without SKIP_BUILD)" >&2; exit 1; }
done

# 10,000 streams are 10,000 sockets in each process: raise the soft limit to the hard one.
ulimit -n "$(ulimit -Hn)"
echo "[run] open files limit: $(ulimit -n)" >&2

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
free_port() {
  for _ in $(seq 1 50); do
    candidate=$((20000 + RANDOM % 20000))
    if ! port_in_use "$candidate"; then echo "$candidate"; return; fi
  done
  echo "[run] found no free port" >&2; exit 1
}
port=$(free_port)
db_port=$(free_port)

data_dir=$(mktemp -d -t mainspring-streams.XXXXXX)
log="$target/server-$mode.log"
server_pid=""
bench_pid=""

marked=0
cleanup() {
  if [[ "$marked" == 1 ]]; then rm -f /tmp/bench-running; fi
  if [[ -n "$bench_pid" ]] && kill -0 "$bench_pid" 2>/dev/null; then
    kill -TERM "$bench_pid"
    wait "$bench_pid" 2>/dev/null || true
  fi
  if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
    echo "[run] stopping the server (pid $server_pid)" >&2
    kill -TERM "$server_pid"
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$data_dir"
}
trap cleanup EXIT

echo "[run] load average before: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores" >&2
echo "[run] starting Mainspring on port $port (PostgreSQL on $db_port), log in $log" >&2
echo "[run] server JVM options: ${MAINSPRING_JAVA_OPTS:-(launcher default)}" >&2
PORT="$port" MAINSPRING_DATA_DIR="$data_dir" MAINSPRING_EMBEDDED_DB_PORT="$db_port" \
  java -jar "$server_jar" >"$log" 2>&1 &
server_pid=$!

base="http://127.0.0.1:$port/"
for i in $(seq 1 300); do
  if curl -fsS -o /dev/null "${base}api/health" 2>/dev/null; then
    break
  fi
  if ! kill -0 "$server_pid" 2>/dev/null; then
    echo "[run] the server exited; its log:" >&2
    tail -50 "$log" >&2
    exit 1
  fi
  if [[ "$i" == 300 ]]; then
    echo "[run] the server did not answer /api/health within 300 s" >&2
    exit 1
  fi
  sleep 1
done
# the server's JVM is the launcher's child (Payara Micro)
jvm_pid=$(pgrep -P "$server_pid" java | head -1)
echo "[run] server up after ${i} s (server JVM pid $jvm_pid); settling for 5 s" >&2
sleep 5

while [[ -e /tmp/bench-running ]]; do
  echo "[run] another benchmark is measuring; waiting" >&2
  sleep 20
done
touch /tmp/bench-running
marked=1
java -Xms256m -Xmx1g -XX:+UseParallelGC \
  -cp "$target/classes:$(cat "$classpath_file")" \
  dev.mainspring.bench.streams.StreamsBench --url "$base" \
  --db-url "jdbc:postgresql://localhost:$db_port/mainspring" --db-user postgres \
  --server-pid "$jvm_pid" --socketio-dir "$root/bench/streams/socketio" \
  --out "$target/streams-report-$mode.md" "$@" &
bench_pid=$!
wait "$bench_pid"
bench_pid=""
rm -f /tmp/bench-running
marked=0
echo "[run] server threads at the end: $(ls /proc/"$jvm_pid"/task | wc -l)" >&2
echo "[run] load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
