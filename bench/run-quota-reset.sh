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
# Since V34 the job also renews, range by range, the subscriptions without a payment provider whose
# period ended (subscription_renew_due: the period moved, the plan's monthly credits granted once):
# SUBSCRIBED=K (default 0) gives the first K organizations such a subscription, ended, on a plan of
# CREDITS (default 5000) monthly credits, and the reset renews them as the job does; the row then
# shows how many it renewed and that a second pass renews none.
#
#   PGHOST=/tmp PGPORT=5432 PGUSER=postgres bench/run-quota-reset.sh [size ...]
#
# Default size 100000; RANGE (default 5000) as mainspring.billing.quota-reset-range.
set -euo pipefail
export PGOPTIONS="${PGOPTIONS:-} -c client_min_messages=warning"
cd "$(dirname "$0")/.."
range=${RANGE:-5000}
subscribed=${SUBSCRIBED:-0}
credits=${CREDITS:-5000}
db=quota_bench_$$
sizes=("$@")
[[ ${#sizes[@]} -gt 0 ]] || sizes=(100000)
. bench/ledger-db.sh
trap 'psql -q -X -d postgres -c "drop database if exists $db" >/dev/null' EXIT
ledger_db_create "$db"
psql -q -X -v ON_ERROR_STOP=1 -d "$db" >/dev/null <<'SQL'
create procedure bench_reset(p_range integer, p_boundary timestamptz, inout p_reset bigint,
                             inout p_renewed bigint)
    language plpgsql
as $$
declare
    last_end uuid := null;
    upto uuid;
    i integer;
    n bigint;
begin
    p_reset := 0;
    p_renewed := 0;
    loop
        for i in 1..4 loop
            upto := quota_range_end(last_end, p_range);
            exit when upto is null;
            p_reset := p_reset + quota_reset_range(last_end, upto, p_boundary);
            select count(*) into n from subscription_renew_due(last_end, upto, null, p_boundary);
            p_renewed := p_renewed + n;
            last_end := upto;
        end loop;
        commit;
        exit when upto is null;
    end loop;
end
$$;
SQL
echo "| counters | range | subscriptions renewing | seed | reset (chunks of 4 ranges) | reset | renewed | second pass |"
echo "|---|---|---|---|---|---|---|---|"
for size in "${sizes[@]}"; do
  ledger_db_empty "$db" billing_plans
  seed_start=$(date +%s.%N)
  psql -q -X -v ON_ERROR_STOP=1 -d "$db" >/dev/null <<SQL
insert into organizations (id, name, slug, created_at, updated_at, version)
select gen_random_uuid(), 'bench ' || i, 'bench-' || i, now(), now(), 0
from generate_series(1, $size) i;
insert into billing_quota_usage (org_id, period_start, period_end, tokens_used, updated_at)
select id, now() - interval '40 days', now() - interval '10 days', 12345, now() from organizations;
insert into billing_plans (id, slug, name, monthly_credits, price_cents, currency, active,
                           created_at, updated_at)
values ('00000000-0000-4000-8000-00000000b1a1', 'bench', 'Bench', $credits, 0, 'usd', true, now(),
        now());
insert into billing_subscriptions (id, org_id, plan_id, status, current_period_start,
                                   current_period_end, created_at, updated_at)
select gen_random_uuid(), o.id, '00000000-0000-4000-8000-00000000b1a1', 'active',
       now() - interval '40 days', now() - interval '10 days', now(), now()
from (select id from organizations order by id limit $subscribed) o;
vacuum analyze billing_quota_usage;
vacuum analyze billing_subscriptions;
SQL
  seed_end=$(date +%s.%N)
  IFS='|' read -r reset renewed < <(psql -q -X -t -A -v ON_ERROR_STOP=1 -d "$db" \
    -c "call bench_reset($range, now(), null, null)")
  reset_end=$(date +%s.%N)
  IFS='|' read -r again renewed_again < <(psql -q -X -t -A -v ON_ERROR_STOP=1 -d "$db" \
    -c "call bench_reset($range, now(), null, null)")
  left=$(psql -q -X -t -A -d "$db" -c \
    "select count(*) from billing_quota_usage where tokens_used <> 0 or period_end <= now()")
  left_subs=$(psql -q -X -t -A -d "$db" -c \
    "select count(*) from billing_subscriptions where current_period_end <= now()")
  granted=$(psql -q -X -t -A -d "$db" -c \
    "select count(*) from ledger_transfers where kind = 'plan_credits'")
  printf '| %s | %s | %s | %.1f s | %.1f s | %s | %s (%s grants) | %s reset, %s renewed, %s + %s left due |\n' \
    "$size" "$range" "$subscribed" \
    "$(echo "$seed_end - $seed_start" | bc)" "$(echo "$reset_end - $seed_end" | bc)" \
    "$reset" "$renewed" "$granted" "$again" "$renewed_again" "$left" "$left_subs"
done
