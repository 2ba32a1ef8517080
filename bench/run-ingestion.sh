#!/usr/bin/env bash
# Knowledge ingestion end to end against the raw throughput of the embeddings model (issue 16):
# builds the server and the benchmark, starts Mainspring (embedded PostgreSQL on a known port,
# fresh data directory, CONTEXT_SOURCE_ROOTS a fresh directory) on a free port, waits for
# /api/health, then runs dev.mainspring.bench.knowledge.IngestionBench in a separate JVM: it writes
# a deterministic prose-like corpus (--files N of --kb-per-file-kb K KiB, default 50 x 100) under
# the root, makes a knowledge base on the built-in embeddings model and vector store with a
# local_directory source, times one sync from the 202 to ready, then embeds the chunks the sync
# wrote (read back from the database) with the same model class in its own JVM, in batches of 64 as
# the sync does, timed. The Markdown table goes to stdout and to
# bench/knowledge/target/ingestion-report.md, the server's log to
# bench/knowledge/target/server-ingestion.log.
#
#   bench/run-ingestion.sh [--files N] [--kb-per-file-kb K] [--chunk-length 250]
#                          [--chunk-overlap 32]
#
# PROFILE=1 also samples the server's threads (jstack, every 2 s) while the benchmark runs and
# prints, for the sync job's thread, how many samples fell in each activity (embedding in ONNX
# Runtime, tokenizing for the chunker, writing to the database, reading files, other) to stderr;
# the samples go to bench/knowledge/target/ingestion-stacks.txt.
#
# SKIP_BUILD=1 reuses what an earlier run built; MAINSPRING_JAVA_OPTS goes to the server's JVM as
# the launcher documents. While it measures, /tmp/bench-running exists (other work on the machine
# waits for it to go).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
target="$root/bench/knowledge/target"

if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  echo "[run] building the server and the benchmark" >&2
  ./mvnw -B -q -o -DskipTests -Djavadoc.skip=true package -pl server-config,bench/knowledge -am
fi
args=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --files) args+=(--files "$2"); shift 2 ;;
    --kb-per-file-kb) args+=(--kb-per-file "$2"); shift 2 ;;
    --chunk-length) args+=(--chunk-length "$2"); shift 2 ;;
    --chunk-overlap) args+=(--chunk-overlap "$2"); shift 2 ;;
    *) echo "[run] unknown argument $1" >&2; exit 2 ;;
  esac
done
server_jar="$root/server-config/target/mainspring/mainspring-server.jar"
classpath_file="$target/classpath.txt"
bench_jar="$target/bench-knowledge-0.1.0-SNAPSHOT.jar"
for needed in "$server_jar" "$classpath_file" "$bench_jar"; do
  [[ -f "$needed" ]] || { echo "[run] missing $needed: build first (without SKIP_BUILD)" >&2; exit 1; }
done

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

data_dir=$(mktemp -d -t mainspring-ingestion.XXXXXX)
source_root=$(mktemp -d -t mainspring-ingestion-sources.XXXXXX)
log="$target/server-ingestion.log"
server_pid=""
bench_pid=""
sampler_pid=""
export MAINSPRING_ADMIN_EMAIL="bench-admin@example.test"
MAINSPRING_ADMIN_PASSWORD="bench-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
export MAINSPRING_ADMIN_PASSWORD

marked=0
cleanup() {
  if [[ "$marked" == 1 ]]; then rm -f /tmp/bench-running; fi
  if [[ -n "$sampler_pid" ]] && kill -0 "$sampler_pid" 2>/dev/null; then
    kill -TERM "$sampler_pid"
    wait "$sampler_pid" 2>/dev/null || true
  fi
  if [[ -n "$bench_pid" ]] && kill -0 "$bench_pid" 2>/dev/null; then
    kill -TERM "$bench_pid"
    wait "$bench_pid" 2>/dev/null || true
  fi
  if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
    echo "[run] stopping the server (pid $server_pid)" >&2
    kill -TERM "$server_pid"
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$data_dir" "$source_root"
}
trap cleanup EXIT

echo "[run] load average before: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores" >&2
echo "[run] starting Mainspring on port $port (PostgreSQL on $db_port), log in $log" >&2
echo "[run] server JVM options: ${MAINSPRING_JAVA_OPTS:-(launcher default)}" >&2
PORT="$port" MAINSPRING_DATA_DIR="$data_dir" MAINSPRING_EMBEDDED_DB_PORT="$db_port" \
  CONTEXT_SOURCE_ROOTS="$source_root" java -jar "$server_jar" >"$log" 2>&1 &
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
echo "[run] load average at the start: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
java -Xms256m -Xmx2g -cp "$bench_jar:$(cat "$classpath_file")" \
  dev.mainspring.bench.knowledge.IngestionBench --url "$base" \
  --db-url "jdbc:postgresql://localhost:$db_port/mainspring" --db-user postgres \
  --root "$source_root" --server-pid "$jvm_pid" --out "$target/ingestion-report.md" \
  "${args[@]}" &
bench_pid=$!
stacks="$target/ingestion-stacks.txt"
if [[ "${PROFILE:-0}" == 1 ]]; then
  : >"$stacks"
  (
    while kill -0 "$bench_pid" 2>/dev/null; do
      jstack "$jvm_pid" >>"$stacks" 2>/dev/null || true
      sleep 2
    done
  ) &
  sampler_pid=$!
fi
wait "$bench_pid"
bench_pid=""
if [[ -n "$sampler_pid" ]]; then
  wait "$sampler_pid" 2>/dev/null || true
  sampler_pid=""
  echo "[run] the sync thread's samples (jstack every 2 s), by activity:" >&2
  # One stack per thread, separated by blank lines; keep those inside the sync job and classify
  # each by the innermost frame of interest.
  awk 'BEGIN { RS = "" }
    /knowledge\.service\.sync\.Sync(Processor|Writer|Reader)/ {
      what = "other"
      if ($0 ~ /ai\.onnxruntime/) what = "embedding (ONNX Runtime session)"
      else if ($0 ~ /BuiltinEmbeddings/) what = "embedding (Java around the session)"
      else if ($0 ~ /TokenWindows|WordPieceTokenizer/) what = "chunking (WordPiece token counts)"
      else if ($0 ~ /SyncWriter|SyncService\.record|DocumentService/) what = "writing (JPA, PostgreSQL)"
      else if ($0 ~ /DocumentText|SourceFiles|readAllBytes|sha256/) what = "reading, extracting, hashing"
      count[what]++; total++
    }
    END { for (w in count) printf "  %5d  %5.1f %%  %s\n", count[w], 100 * count[w] / total, w }' \
    "$stacks" | sort -rn >&2
fi
rm -f /tmp/bench-running
marked=0
echo "[run] load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
