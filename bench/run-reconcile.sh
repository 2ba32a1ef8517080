#!/usr/bin/env bash
# The reconciliation benchmark: the database work of the billing-reconciliation job (V26, V28, V35,
# V38) over `size` organizations, on a PostgreSQL named by the usual PG* variables. It makes a
# scratch database, applies the Flyway migrations (placeholders emptied), seeds with SQL each
# organization with a credits account, one grant and USAGE (default 10) posted usage records (each
# billed, with its usage transfer and entries), and a member account with a grant on every
# MEMBER_EVERY-th organization (default 10), then sets DRIFT (default 100) cached balances one
# micro-credit off and leaves MISSING (default 100) billed usage records without their transfer.
# It then checks them as the job's chunks do: ranges of RANGE (default 500, as
# mainspring.billing.reconcile-range) organizations in id order (reconcile_range_end), each through
# reconcile_balances (every account's cached balance against its entries, held against the holds,
# drift repaired), reconcile_missing_usage and reconcile_missing_purchases, 4 ranges per committed
# transaction. Not included: the job's posting of each missing usage transfer (post_usage, one call
# per record found) and the batch runtime's work per chunk. A second pass must find nothing.
#
#   PGHOST=/tmp PGPORT=5432 PGUSER=postgres bench/run-reconcile.sh [size ...]
#
# KEEP=1 keeps the scratch database (its name is printed) for a closer look.
#
# Prints one Markdown table row per size: entries read, the seed's time, the pass's time, what it
# repaired and found, and the second pass's findings.
set -euo pipefail
export PGOPTIONS="${PGOPTIONS:-} -c client_min_messages=warning"
cd "$(dirname "$0")/.."
range=${RANGE:-500}
usage=${USAGE:-10}
member_every=${MEMBER_EVERY:-10}
drift=${DRIFT:-100}
missing=${MISSING:-100}
db=reconcile_bench_$$
sizes=("$@")
[[ ${#sizes[@]} -gt 0 ]] || sizes=(100000)
. bench/ledger-db.sh
[[ -n "${KEEP:-}" ]] && echo "keeping the database $db" >&2 \
  || trap 'psql -q -X -d postgres -c "drop database if exists $db" >/dev/null' EXIT
ledger_db_create "$db"
psql -q -X -v ON_ERROR_STOP=1 -d "$db" >/dev/null <<'SQL'
create procedure bench_reconcile(p_range integer, inout p_repaired bigint, inout p_missing bigint,
                                 inout p_purchases bigint)
    language plpgsql
as $$
declare
    run uuid := gen_random_uuid();
    last_end uuid := null;
    upto uuid;
    i integer;
    n bigint;
begin
    insert into billing_job_runs (id, job_name, period_key, scope, trigger, status, boundary,
                                  instance_id, started_at)
    values (run, 'billing-reconciliation', 'bench:' || run, 'all', 'on_demand', 'started', now(),
            'bench', now());
    commit;
    p_repaired := 0;
    p_missing := 0;
    p_purchases := 0;
    loop
        for i in 1..4 loop
            upto := reconcile_range_end(last_end, p_range);
            exit when upto is null;
            p_repaired := p_repaired + reconcile_balances(run, last_end, upto);
            select count(*) into n from reconcile_missing_usage(last_end, upto);
            p_missing := p_missing + n;
            select count(*) into n from reconcile_missing_purchases(last_end, upto);
            p_purchases := p_purchases + n;
            last_end := upto;
        end loop;
        commit;
        exit when upto is null;
    end loop;
end
$$;
SQL
echo "| organizations | usage records | member accounts | entries | seed | pass (chunks of 4 ranges) | repaired | missing usage found | second pass |"
echo "|---|---|---|---|---|---|---|---|---|"
for size in "${sizes[@]}"; do
  ledger_db_empty "$db" usage_records billing_job_runs
  seed_start=$(date +%s.%N)
  psql -q -X -v ON_ERROR_STOP=1 -d "$db" >/dev/null <<SQL
insert into organizations (id, name, slug, created_at, updated_at, version)
select gen_random_uuid(), 'bench ' || i, 'bench-' || i, now(), now(), 0
from generate_series(1, $size) i;
insert into billing_accounts (id, org_id, kind, balance, created_at)
select gen_random_uuid(), id, 'credits', 0, now() from organizations;
insert into billing_accounts (id, org_id, kind, user_id, balance, created_at)
select gen_random_uuid(), o.id, 'member', gen_random_uuid(), 0, now()
from (select id, row_number() over (order by id) as n from organizations) o
where o.n % $member_every = 0;
-- a grant into every organization and member account
insert into ledger_transfers (id, org_id, idempotency_key, kind, amount, created_at)
select gen_random_uuid(), a.org_id, 'grant:' || a.id, 'grant', 1000000, now()
from billing_accounts a where a.org_id is not null;
insert into ledger_entries (transfer_id, account_id, org_id, amount)
select t.id, e.account, t.org_id, e.amount
from ledger_transfers t
join billing_accounts a on t.idempotency_key = 'grant:' || a.id
cross join lateral (values ('00000000-0000-7000-8000-0000000b0003'::uuid, -1000000::bigint),
                           (a.id, 1000000::bigint)) as e(account, amount);
-- posted usage: the records, their transfers and entries
insert into usage_records (id, org_id, model, endpoint, streamed, prompt_tokens,
                           completion_tokens, estimated, duration_ms, outcome, http_status,
                           created_at, billed_at)
select gen_random_uuid(), o.id, 'bench', 'chat', false, 30, 40, false, 5, 'ok', 200, now(), now()
from organizations o cross join generate_series(1, $usage);
insert into ledger_transfers (id, org_id, idempotency_key, kind, amount, usage_record_id, model,
                              prompt_tokens, completion_tokens, created_at)
select u.id, u.org_id, 'usage:' || u.id, 'usage', 110, u.id, u.model, 30, 40, u.created_at
from usage_records u;
insert into ledger_entries (transfer_id, account_id, org_id, amount)
select u.id, e.account, u.org_id, e.amount
from usage_records u
join billing_accounts c on c.org_id = u.org_id and c.kind = 'credits'
cross join lateral (values (c.id, -110::bigint),
                           ('00000000-0000-7000-8000-0000000b0001'::uuid, 110::bigint))
    as e(account, amount);
-- the drift: cached balances one off, billed records without their transfer
update billing_accounts set balance = balance + 1
where id in (select id from billing_accounts where kind = 'credits' order by id limit $drift);
insert into usage_records (id, org_id, model, endpoint, streamed, prompt_tokens,
                           completion_tokens, estimated, duration_ms, outcome, http_status,
                           created_at, billed_at)
select gen_random_uuid(), o.id, 'bench', 'chat', false, 30, 40, false, 5, 'ok', 200, now(), now()
from (select id from organizations order by id desc limit $missing) o;
vacuum analyze;
SQL
  seed_end=$(date +%s.%N)
  IFS='|' read -r repaired found purchases < <(psql -q -X -t -A -v ON_ERROR_STOP=1 -d "$db" \
    -c "call bench_reconcile($range, null, null, null)")
  pass_end=$(date +%s.%N)
  IFS='|' read -r repaired_again found_again purchases_again < <(psql -q -X -t -A \
    -v ON_ERROR_STOP=1 -d "$db" -c "call bench_reconcile($range, null, null, null)")
  counts=$(psql -q -X -t -A -d "$db" -c \
    "select (select count(*) from usage_records) || ' | '
            || (select count(*) from billing_accounts where kind = 'member') || ' | '
            || (select count(*) from ledger_entries)")
  printf '| %s | %s | %.1f s | %.1f s | %s | %s | %s repaired, %s missing (the same records: posting them is the job'"'"'s Java part) |\n' \
    "$size" "$counts" \
    "$(echo "$seed_end - $seed_start" | bc)" "$(echo "$pass_end - $seed_end" | bc)" \
    "$repaired" "$found" "$repaired_again" "$found_again"
done
