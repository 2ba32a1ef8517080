#!/usr/bin/env bash
# The quota-reset benchmark: the database work of the quota-reset job (V21) over N organizations'
# token counters whose period has ended, on a PostgreSQL of your choice. It makes a scratch
# database, applies the Flyway migrations (persistence-module/src/main/resources/db/migration,
# placeholders emptied), seeds N organizations and counters with SQL, then resets them exactly as
# the job's reader and writer do: ranges of RANGE ids in id order (quota_range_end), each reset by
# one statement (quota_reset_range), 4 ranges per transaction (a chunk), committed one by one. It
# prints one Markdown table row per size: seed time, reset time, counters reset, and a check that a
# second pass resets nothing. The batch runtime's own overhead per chunk (its checkpoint write) is
# not included.
#
#   PGHOST=/tmp PGPORT=5432 PGUSER=postgres bench/run-quota-reset.sh [size ...]
#
# Default size 100000; RANGE (default 5000) as mainspring.billing.quota-reset-range.
set -euo pipefail
export PGOPTIONS="${PGOPTIONS:-} -c client_min_messages=warning"
cd "$(dirname "$0")/.."
range=${RANGE:-5000}
db=quota_bench_$$
sizes=("$@")
[[ ${#sizes[@]} -gt 0 ]] || sizes=(100000)
psql -q -X -d postgres -c "create database $db" >/dev/null
trap 'psql -q -X -d postgres -c "drop database if exists $db" >/dev/null' EXIT
for f in $(ls persistence-module/src/main/resources/db/migration/V*.sql | sort -V); do
  sed 's/\${appRole}//g' "$f" | psql -q -X -v ON_ERROR_STOP=1 -d "$db" >/dev/null
done
psql -q -X -v ON_ERROR_STOP=1 -d "$db" >/dev/null <<'SQL'
create procedure bench_reset(p_range integer, p_boundary timestamptz, inout p_reset bigint)
    language plpgsql
as $$
declare
    last_end uuid := null;
    upto uuid;
    i integer;
begin
    p_reset := 0;
    loop
        for i in 1..4 loop
            upto := quota_range_end(last_end, p_range);
            exit when upto is null;
            p_reset := p_reset + quota_reset_range(last_end, upto, p_boundary);
            last_end := upto;
        end loop;
        commit;
        exit when upto is null;
    end loop;
end
$$;
SQL
echo "| counters | range | seed | reset (chunks of 4 ranges) | reset | second pass |"
echo "|---|---|---|---|---|---|"
for size in "${sizes[@]}"; do
  psql -q -X -d "$db" -c "truncate organizations cascade" >/dev/null
  seed_start=$(date +%s.%N)
  psql -q -X -v ON_ERROR_STOP=1 -d "$db" >/dev/null <<SQL
insert into organizations (id, name, slug, created_at, updated_at, version)
select gen_random_uuid(), 'bench ' || i, 'bench-' || i, now(), now(), 0
from generate_series(1, $size) i;
insert into billing_quota_usage (org_id, period_start, period_end, tokens_used, updated_at)
select id, now() - interval '40 days', now() - interval '10 days', 12345, now() from organizations;
vacuum analyze billing_quota_usage;
SQL
  seed_end=$(date +%s.%N)
  reset=$(psql -q -X -t -A -v ON_ERROR_STOP=1 -d "$db" -c "call bench_reset($range, now(), null)")
  reset_end=$(date +%s.%N)
  again=$(psql -q -X -t -A -v ON_ERROR_STOP=1 -d "$db" -c "call bench_reset($range, now(), null)")
  left=$(psql -q -X -t -A -d "$db" -c \
    "select count(*) from billing_quota_usage where tokens_used <> 0 or period_end <= now()")
  printf '| %s | %s | %.1f s | %.1f s | %s | %s reset, %s left due |\n' "$size" "$range" \
    "$(echo "$seed_end - $seed_start" | bc)" "$(echo "$reset_end - $seed_end" | bc)" \
    "$reset" "$again" "$left"
done
