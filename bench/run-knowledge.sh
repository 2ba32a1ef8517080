#!/usr/bin/env bash
# The built-in vector store benchmark: builds ejb-module and the benchmark, then runs
# dev.mainspring.bench.knowledge.VectorIndexBench once per size (default 100,000; pass sizes as
# arguments, e.g. 100000 1000000) with 384 dimensions and 1,000 queries, in a JVM of its own.
# Prints one Markdown table row per size and search beam (BEAMS, comma-separated, default 400: the
# candidates a search keeps, mainspring.context.search-beam; every beam on the same build): build
# time, heap after the build, query p50/p99, recall@10 against exact search.
#
#   bench/run-knowledge.sh [size ...]
#
# SKIP_BUILD=1 reuses what an earlier run built; BENCH_JAVA_OPTS goes to the benchmark's JVM
# (default -Xmx6g).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
target="$root/bench/knowledge/target"
if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  echo "[run] building the benchmark" >&2
  ./mvnw -B -q -o -DskipTests -Djavadoc.skip=true package -pl bench/knowledge -am
fi
classpath="$target/bench-knowledge-0.1.0-SNAPSHOT.jar:$(cat "$target/classpath.txt")"
sizes=("$@")
[[ ${#sizes[@]} -gt 0 ]] || sizes=(100000)
echo "| chunks | dims | search beam | build (upserts of 1,000) | heap after build | query p50 | query p99 | recall@10 |"
echo "|---|---|---|---|---|---|---|---|"
for size in "${sizes[@]}"; do
  # shellcheck disable=SC2086
  java ${BENCH_JAVA_OPTS:--Xmx6g} -cp "$classpath" dev.mainspring.bench.knowledge.VectorIndexBench \
    "$size" 384 1000 "${BEAMS:-400}" 2>/dev/null
done
