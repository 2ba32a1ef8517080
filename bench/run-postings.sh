#!/usr/bin/env bash
# The postings benchmark: postings per second into the billing ledger (V11, V20) with
# reservations, on a PostgreSQL of your choice. It makes a scratch database, applies the Flyway
# migrations (persistence-module/src/main/resources/db/migration, placeholders emptied), seeds
# ACCOUNTS organizations each with a funded credits account (one ledger_grant each), then runs
# pgbench for DURATION seconds with WRITERS concurrent clients, each making calls in a loop as the
# gateway does: reserve the estimate (billing_reserve, a transaction of its own), then settle.
#
# MODE batched (default), as the server settles: each call writes its usage record (a second
# transaction; the gateway's writer batches them, here each call commits its own), and POSTERS
# more clients run UsagePoster's batch: claim up to BATCH unbilled records (claim_unbilled_usage,
# FOR UPDATE SKIP LOCKED) and post them with one post_usage_batch (V28), in one transaction. Postings
# still unposted when the calls stop are posted before the checks, not counted in postings/s.
# GATHER=K (MODE batched, default 1): a client writes the records of its last K calls in one
# transaction, as the gateway's UsageMeter writes what gathered in its window (one commit for many
# calls); each call still takes its hold in a transaction of its own. A logged latency is then K
# calls and their records' commit.
# MODE leased (V32, CreditLeases): calls are admitted against credit leases in memory, so a call
# costs no reservation transaction: each client stands for an instance and holds one lease per
# organization (taken before the run, as an instance takes its lease at the organization's first
# call); a call writes its usage record naming its lease (gathered GATHER at a time, default 8 in
# this mode), and one call in LEASE_CALLS (default 64, as mainspring.billing.lease-calls) first grows
# its lease by LEASE_CALLS estimates in a transaction of its own (billing_lease_take), as an
# instance does when its lease is used up. The posters post as in MODE batched, taking each
# record's cost out of its lease.
# MODE each: every call settles its own record at once (the record inserted and post_usage in the
# second transaction): the worst case, one posting per transaction.
#
# Prints one Markdown table row per WRITERS value: postings (transfers made while the calls ran)
# and postings/s, p50 and p99 of a call (reserve + record, or + posting in MODE each), p50 and p99
# of a poster's batch, and the ledger's checks afterwards: entries sum to zero, no organization
# account negative, every cached balance equal to the sum of its entries, no hold left, every
# usage record billed, every credits account's cached held equal to the sum of its holds.
#
#   PGHOST=/tmp PGPORT=5432 PGUSER=postgres bench/run-postings.sh [writers ...]
#
# RATE=N offers N calls per second in all (pgbench -R; default: as fast as the writers go), to see
# whether the posters keep up with a given rate: the backlog left when the calls stop says so.
# Default writers 16; ACCOUNTS (default 1000), DURATION (seconds, default 30), POSTERS (default 2),
# BATCH (default 500, as mainspring.billing.post-batch), INTERVAL (ms a poster waits after a batch
# that was not full, default 1000 as mainspring.billing.post-interval-ms), ESTIMATE (default 200 micro-credits held
# per call), COST (default 110 charged). PGBENCH names pgbench when it is not on PATH (Debian keeps
# it in /usr/lib/postgresql/<version>/bin). PROFILE=1 prints where the time went to stderr
# (pg_stat_statements, preloaded with pg_stat_statements.track=all, and the wait events).
set -euo pipefail
export PGOPTIONS="${PGOPTIONS:-} -c client_min_messages=warning"
cd "$(dirname "$0")/.."
accounts=${ACCOUNTS:-1000}
seconds=${DURATION:-30}
posters=${POSTERS:-2}
batch=${BATCH:-500}
interval=${INTERVAL:-1000}
mode=${MODE:-batched}
estimate=${ESTIMATE:-200}
cost=${COST:-110}
gather=${GATHER:-1}
lease_calls=${LEASE_CALLS:-64}
[[ "$mode" == leased ]] && gather=${GATHER:-8}
pgbench=${PGBENCH:-$(command -v pgbench || ls /usr/lib/postgresql/*/bin/pgbench 2>/dev/null | tail -1)}
[[ -x "$pgbench" ]] || { echo "pgbench not found: set PGBENCH" >&2; exit 1; }
writers=("$@")
[[ ${#writers[@]} -gt 0 ]] || writers=(16)
db=postings_bench_$$
work=$(mktemp -d)
. bench/ledger-db.sh
trap 'psql -q -X -d postgres -c "drop database if exists $db" >/dev/null; rm -rf "$work"' EXIT
ledger_db_create "$db"
psql -q -X -v ON_ERROR_STOP=1 -d "$db" >/dev/null <<'SQL'
-- The n-th benchmark organization, and a call's id from its client and random number.
create function bench_org(n integer) returns uuid language sql immutable
    as $$ select ('00000000-0000-4000-8000-' || lpad(to_hex(n), 12, '0'))::uuid $$;
create function bench_id(c integer, r bigint) returns uuid language sql immutable
    as $$ select md5(c || '/' || r)::uuid $$;
SQL

# A call's id and the n-th organization's id as SQL expressions of built-in functions only: the
# generated scripts write them per record, and a SQL function there (bench_id, bench_org) is
# called per row of a multi-row VALUES, not inlined, and cost the database about a fifth of its CPU
# in the leased mode; the server sends its ids as values.
sql_id() { echo "md5($1::text || '/' || $2::text)::uuid"; }
sql_org() { echo "('00000000-0000-4000-8000-' || lpad(to_hex($1::integer), 12, '0'))::uuid"; }

# p50 and p99 of the latencies (microseconds, column 3 of pgbench's log) in the given files.
percentiles() {
  cat "$@" 2>/dev/null | awk '{print $3}' | sort -n > "$work/lat"
  local n
  n=$(wc -l < "$work/lat")
  if [[ "$n" -eq 0 ]]; then
    echo "- | -"
    return
  fi
  awk -v n="$n" 'NR == int(n * 0.50) + 1 {printf "%.1f ms | ", $1 / 1000}
                 NR == int(n * 0.99) + 1 {printf "%.1f ms", $1 / 1000}' "$work/lat"
}

echo "| mode | writers | posters | accounts | seconds | postings | postings/s | call p50 | call p99 | poster round p50 | poster round p99 | failed | database CPU | entries sum / negative / drift / holds / unbilled / held drift |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
for n in "${writers[@]}"; do
  ledger_db_empty "$db" # a clean ledger for each run
  psql -q -X -v ON_ERROR_STOP=1 -d "$db" >/dev/null <<SQL
insert into organizations (id, name, slug, created_at, updated_at, version)
select bench_org(i), 'bench ' || i, 'bench-' || i, now(), now(), 0
from generate_series(1, $accounts) i;
select ledger_grant(gen_random_uuid(), bench_org(i), 'seed:' || i, 'grant', false,
                    1000000000000, 'seed', null)
from generate_series(1, $accounts) i;
vacuum analyze;
SQL
  if [[ "$mode" == leased ]]; then
    # one lease per client (an instance) and organization, of LEASE_CALLS estimates
    psql -q -X -v ON_ERROR_STOP=1 -d "$db" >/dev/null <<SQL
select count(*) from generate_series(0, $n - 1) c, generate_series(1, $accounts) a,
    lateral billing_lease_take(bench_id(c, -a), bench_org(a), $estimate * $lease_calls, 4, true,
                               'bench', 900) t;
vacuum analyze;
SQL
  fi
  rm -f "$work"/call* "$work"/post*
  if [[ "${PROFILE:-0}" == 1 ]]; then
    psql -q -X -d "$db" -c "select pg_stat_statements_reset()" >/dev/null
  fi
  # the database's CPU time (its backends', counted when they exit) while pgbench runs, when
  # the server is local and its postmaster.pid readable
  pm=$(head -1 "$(psql -q -X -t -A -d "$db" -c 'show data_directory' 2>/dev/null)/postmaster.pid" \
    2>/dev/null || true)
  cpu_before=$(awk '{print $16 + $17}' "/proc/$pm/stat" 2>/dev/null || echo "")
  script=bench/postings/call.sql
  [[ "$mode" == each ]] && script=bench/postings/posting.sql
  if [[ "$mode" == leased ]]; then
    # GATHER calls admitted in memory, one in LEASE_CALLS growing its lease first; their records
    # written together, each naming its lease
    script=$work/leased.sql
    {
      for i in $(seq 1 "$gather"); do
        echo "\\set a$i random(1, :accounts)"
        echo "\\set r$i random(1, 9000000000000000)"
        echo "\\set g$i random(1, $lease_calls)"
        echo "\\set l$i -:a$i"
        echo "\\if :g$i = 1"
        echo 'BEGIN;'
        echo "SELECT set_config('app.org_id', $(sql_org :a$i)::text, true);"
        echo "SELECT added FROM billing_lease_take($(sql_id :client_id :l$i), $(sql_org :a$i), :estimate * $lease_calls, 4, false, 'bench', 900);"
        echo 'END;'
        echo '\endif'
      done
      echo 'BEGIN;'
      echo 'INSERT INTO usage_records (id, org_id, model, endpoint, streamed, prompt_tokens, completion_tokens, estimated, duration_ms, outcome, http_status, created_at, lease_id) VALUES'
      for i in $(seq 1 "$gather"); do
        sep=,
        [[ "$i" -eq "$gather" ]] && sep=';'
        echo "($(sql_id :client_id :r$i), $(sql_org :a$i), 'bench-model', 'chat', false, 40, 30, false, 100, 'ok', 200, now(), $(sql_id :client_id :l$i))$sep"
      done
      echo 'END;'
    } > "$script"
  elif [[ "$mode" == batched && "$gather" -gt 1 ]]; then
    # call.sql K times over, the records written together at the end
    script=$work/gathered.sql
    {
      for i in $(seq 1 "$gather"); do
        echo "\\set a$i random(1, :accounts)"
        echo "\\set r$i random(1, 9000000000000000)"
        echo 'BEGIN;'
        echo "SELECT set_config('app.org_id', $(sql_org :a$i)::text, true);"
        echo "SELECT held FROM billing_reserve($(sql_id :client_id :r$i), $(sql_org :a$i), :estimate, 'bench', 300);"
        echo 'END;'
      done
      echo 'BEGIN;'
      echo 'INSERT INTO usage_records (id, org_id, model, endpoint, streamed, prompt_tokens, completion_tokens, estimated, duration_ms, outcome, http_status, created_at) VALUES'
      for i in $(seq 1 "$gather"); do
        sep=,
        [[ "$i" -eq "$gather" ]] && sep=';'
        echo "($(sql_id :client_id :r$i), $(sql_org :a$i), 'bench-model', 'chat', false, 40, 30, false, 100, 'ok', 200, now())$sep"
      done
      echo 'END;'
    } > "$script"
  fi
  poster_pid=
  if [[ "$mode" != each ]]; then
    "$pgbench" -n -M prepared -f bench/postings/poster.sql -c "$posters" -j 1 -T "$seconds" \
      -D batch="$batch" -D cost="$cost" -D interval="$interval" -D posters="$posters" -l --log-prefix="$work/post" "$db" \
      > "$work/poster.out" 2>&1 &
    poster_pid=$!
  fi
  rate_opt=()
  if [[ -n "${RATE:-}" ]]; then
    # RATE calls per second offered in all (pgbench's -R counts scripts, each of GATHER calls)
    rate_opt=(-R "$(( (RATE + gather - 1) / gather ))")
  fi
  out=$("$pgbench" -n -M prepared -f "$script" -c "$n" -j 2 -T "$seconds" "${rate_opt[@]}" \
    -D accounts="$accounts" -D estimate="$estimate" -D cost="$cost" \
    -l --log-prefix="$work/call" "$db" 2>&1) || { echo "$out" >&2; exit 1; }
  if [[ -n "$poster_pid" ]]; then
    wait "$poster_pid" || { cat "$work/poster.out" >&2; exit 1; }
    poster_pid=
  fi
  sleep 1
  cpu=-
  if [[ -n "$cpu_before" ]]; then
    cpu=$(awk -v b="$cpu_before" -v t="$(getconf CLK_TCK)" '{printf "%.1f s", ($16 + $17 - b) / t}' \
      "/proc/$pm/stat")
  fi
  # postings made while the calls ran (a transfer's time is its record's)
  posted=$(psql -q -X -t -A -d "$db" -c "select count(*) from ledger_transfers where kind = 'usage'")
  if [[ "$mode" != each ]]; then
    backlog=$(psql -q -X -t -A -d "$db" -c "select count(*) from usage_records where billed_at is null")
    psql -q -X -d "$db" -c "select post_usage_batch(array_agg(c.id), array_agg($cost::bigint),
        array_agg(null::uuid)) from claim_unbilled_usage(100000000) c" >/dev/null
  fi
  failed=$(echo "$out" | sed -n 's/^number of failed transactions: \([0-9]*\).*/\1/p')
  per_line=1
  [[ "$mode" != each ]] && per_line=$gather
  calls=$(( $(cat "$work"/call* | wc -l) * per_line ))
  checks=$(psql -q -X -t -A -F ' / ' -v ON_ERROR_STOP=1 -d "$db" <<'SQL'
select (select coalesce(sum(amount), 0) from ledger_entries),
       (select count(*) from billing_accounts where balance < 0),
       (select count(*) from billing_accounts a where a.balance is not null and a.balance <>
            (select coalesce(sum(e.amount), 0) from ledger_entries e where e.account_id = a.id)),
       -- holds left: calls' own (a lease stays until it expires, at what it still holds)
       (select count(*) from billing_reservations where not lease),
       (select count(*) from usage_records where billed_at is null),
       -- credits accounts whose cached held (V28) is not the sum of their hold rows
       (select count(*) from billing_accounts a where a.kind = 'credits' and a.held <>
            (select coalesce(sum(r.amount), 0) from billing_reservations r
             where r.org_id = a.org_id))
SQL
)
  printf '| %s | %s | %s | %s | %s | %s of %s calls | %.0f | %s | %s | %s | %s | %s |\n' "$mode" "$n" \
    "$([[ "$mode" != each ]] && echo "$posters" || echo -)" "$accounts" "$seconds" \
    "$posted" "$calls" "$(echo "$posted / $seconds" | bc -l)" "$(percentiles "$work"/call*)" \
    "$(percentiles "$work"/post*)" "${failed:-0}" "$cpu" "$checks"
  if [[ "$mode" != each ]]; then
    echo "  (backlog when the calls stopped: $backlog records)" >&2
  fi
  if [[ "${PROFILE:-0}" == 1 ]]; then
    psql -X -d "$db" -P pager=off >&2 <<'SQL'
select calls, round(total_exec_time::numeric, 0) as total_ms,
       round(mean_exec_time::numeric, 3) as mean_ms,
       left(regexp_replace(query, '\s+', ' ', 'g'), 110) as query
from pg_stat_statements where dbid = (select oid from pg_database where datname = current_database())
order by total_exec_time desc limit 25;
SQL
  fi
done
