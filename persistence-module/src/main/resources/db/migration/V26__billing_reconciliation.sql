-- The billing-reconciliation job (issue 17): it compares every organization's cached balances
-- with the sums of their entries, billed usage records with their usage transfers and paid
-- purchases with their purchase transfers, repairs what differs, and writes every repair here.
-- Platform data, like billing_job_runs: a run belongs to no organization, and an organization's
-- findings stay readable after it is deleted (no foreign key to it). Rows are never changed.
create table billing_reconciliation_findings (
    id           bigint generated always as identity primary key,
    run_id       uuid not null references billing_job_runs (id),
    org_id       uuid not null,
    account_id   uuid,
    record_ref   varchar(300),
    kind         varchar(40) not null
                 check (kind in ('balance_drift', 'missing_usage_transfer',
                                 'missing_purchase_transfer')),
    cached       bigint,
    expected     bigint not null,
    action       varchar(500) not null,
    created_at   timestamptz not null
);
create index billing_reconciliation_findings_run_idx
    on billing_reconciliation_findings (run_id, id);

-- A paid purchase's ledger key and credits, kept with the event that paid it, so a purchase whose
-- transfer is missing can be found and posted under the same key (so never twice). Events recorded
-- before V26 have neither and are not checked.
alter table payment_events add column ledger_key varchar(200);
alter table payment_events add column credits bigint;
create index payment_events_org_idx on payment_events (org_id) where ledger_key is not null;

-- The upper end of the next range of at most p_size organizations after p_after (null: from the
-- first), in id order; null when none is left. A primary-key range scan, as quota_range_end.
create function reconcile_range_end(p_after uuid, p_size integer)
    returns uuid
    language sql stable security definer set search_path = public
as $$
    select t.id from (
        select o.id from organizations o
        where o.id > coalesce(p_after, '00000000-0000-0000-0000-000000000000'::uuid)
        order by o.id limit p_size
    ) t
    order by t.id desc limit 1
$$;

-- Sets the cached balance of every organization account in (p_after, p_upto] that is not the sum
-- of its entries to that sum (the entries are the truth), one finding per account, for run p_run.
-- The organization's credits account is locked first, then its others in id order, as every ledger
-- function does (billing_lock), so a posting in flight either commits before the sum is read or
-- waits for this transaction: the sum is never stale. Answers how many it repaired.
create function reconcile_balances(p_run uuid, p_after uuid, p_upto uuid)
    returns bigint
    language plpgsql volatile security definer set search_path = public
as $$
declare
    o uuid;
    a record;
    total bigint;
    fixed bigint := 0;
begin
    for o in select distinct b.org_id from billing_accounts b
             where b.org_id > coalesce(p_after, '00000000-0000-0000-0000-000000000000'::uuid)
               and b.org_id <= p_upto
             order by 1 loop
        perform 1 from billing_accounts where org_id = o and kind = 'credits' for update;
        perform 1 from billing_accounts where org_id = o and kind <> 'credits'
            order by id for update;
        for a in select b.id, b.balance from billing_accounts b
                 where b.org_id = o order by b.id loop
            select coalesce(sum(e.amount), 0) into total from ledger_entries e
                where e.account_id = a.id;
            if total <> a.balance then
                update billing_accounts set balance = total, version = version + 1
                    where id = a.id;
                insert into billing_reconciliation_findings (run_id, org_id, account_id, kind,
                                                             cached, expected, action, created_at)
                values (p_run, o, a.id, 'balance_drift', a.balance, total,
                        'cached balance set to the sum of its entries', now());
                fixed := fixed + 1;
            end if;
        end loop;
    end loop;
    return fixed;
end
$$;

-- Usage records of organizations in (p_after, p_upto] marked billed, not made with the caller's
-- own key, whose usage transfer (key 'usage:' || id) does not exist. post_usage writes the transfer
-- and the mark in one transaction, so a committed mark without a transfer is drift.
create function reconcile_missing_usage(p_after uuid, p_upto uuid)
    returns table (id uuid, org_id uuid, model varchar, prompt_tokens bigint,
                   completion_tokens bigint, created_at timestamptz)
    language sql stable security definer set search_path = public
as $$
    select u.id, u.org_id, u.model, u.prompt_tokens, u.completion_tokens, u.created_at
    from usage_records u
    where u.org_id > coalesce(p_after, '00000000-0000-0000-0000-000000000000'::uuid)
      and u.org_id <= p_upto
      and u.billed_at is not null and not u.byok
      and not exists (select 1 from ledger_transfers t
                      where t.idempotency_key = 'usage:' || u.id)
    order by u.org_id, u.created_at
$$;

-- Paid purchases of existing organizations in (p_after, p_upto] whose purchase transfer (the
-- event's ledger key) does not exist; one row per key (two events may pay one checkout).
create function reconcile_missing_purchases(p_after uuid, p_upto uuid)
    returns table (provider varchar, event_id varchar, org_id uuid, ledger_key varchar,
                   credits bigint)
    language sql stable security definer set search_path = public
as $$
    select distinct on (e.ledger_key) e.provider, e.event_id, e.org_id, e.ledger_key, e.credits
    from payment_events e
    join organizations o on o.id = e.org_id
    where e.org_id > coalesce(p_after, '00000000-0000-0000-0000-000000000000'::uuid)
      and e.org_id <= p_upto
      and e.ledger_key is not null and e.credits > 0
      and not exists (select 1 from ledger_transfers t where t.idempotency_key = e.ledger_key)
    order by e.ledger_key, e.received_at
$$;

do $$
begin
    if '${appRole}' <> '' and '${appRole}' <> current_user then
        execute format('revoke update, delete on billing_reconciliation_findings from %I',
                       '${appRole}');
    end if;
end
$$;
