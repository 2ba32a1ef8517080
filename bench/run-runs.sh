#!/usr/bin/env bash
# The run latency benchmark end to end: builds the server and the gateway benchmark module, starts
# Mainspring on a free port with a fresh data directory and a known superadmin password, waits for
# /api/health, runs dev.mainspring.bench.RunLatencyBench against it (which starts the stub upstream
# itself): the time to the first token of an agent run (start + stream) against a stream of the
# gateway to the same stub, one call at a time. Report to stdout and to
# bench/gateway/target/run-latency-report.md, the server's log to bench/gateway/target/server.log.
#
#   bench/run-runs.sh [--calls 200] [--warmup 20]
#
# SKIP_BUILD=1 reuses what an earlier run built. While it measures, /tmp/bench-running exists.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
target="$root/bench/gateway/target"

if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  echo "[run] building the server and the benchmark" >&2
  ./mvnw -B -q -DskipTests -Djavadoc.skip=true package -pl server-config,bench/gateway -am
fi
server_jar="$root/server-config/target/mainspring/mainspring-server.jar"
classpath_file="$target/classpath.txt"
for needed in "$server_jar" "$classpath_file"; do
  [[ -f "$needed" ]] || { echo "[run] missing $needed: build first (without SKIP_BUILD)" >&2; exit 1; }
done

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
port=""
for _ in $(seq 1 50); do
  candidate=$((20000 + RANDOM % 20000))
  if ! port_in_use "$candidate"; then port=$candidate; break; fi
done
[[ -n "$port" ]] || { echo "[run] found no free port" >&2; exit 1; }

data_dir=$(mktemp -d -t mainspring-bench.XXXXXX)
log="$target/server.log"
export MAINSPRING_ADMIN_EMAIL="bench-admin@example.test"
export MAINSPRING_ADMIN_PASSWORD="bench-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
server_pid=""

stop_server() {
  if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
    echo "[run] stopping the server (pid $server_pid)" >&2
    kill -TERM "$server_pid"
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$data_dir"
}
trap stop_server EXIT

echo "[run] load average before: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores" >&2
echo "[run] starting Mainspring on port $port, data in $data_dir, log in $log" >&2
echo "[run] server JVM options: ${MAINSPRING_JAVA_OPTS:-(launcher default)}" >&2
PORT="$port" MAINSPRING_DATA_DIR="$data_dir" java -jar "$server_jar" >"$log" 2>&1 &
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
echo "[run] server up after ${i} s; settling for 5 s" >&2
sleep 5

while [[ -e /tmp/bench-running ]]; do
  echo "[run] another benchmark is measuring; waiting" >&2
  sleep 20
done
touch /tmp/bench-running
java -Xms256m -Xmx1g -Dsun.net.httpserver.nodelay=true \
  -cp "$target/classes:$(cat "$classpath_file")" \
  dev.mainspring.bench.RunLatencyBench --url "$base" --out "$target/run-latency-report.md" "$@" ||
  { rm -f /tmp/bench-running; exit 1; }
rm -f /tmp/bench-running
