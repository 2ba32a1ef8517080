-- Postings per second (issue 17's must-hold, bench/README.md "Billing: postings per second"): the
-- poster settles a claimed batch of usage records with a handful of set-based statements instead
-- of post_usage per record, and a reservation no longer sums the organization's holds.
--
-- 1. Ledger entries move cached balances once per statement, not once per entry. The row trigger
--    of V11 (a lookup and an update of the account per entry) and its deferred per-row zero-sum
--    check (a sum over the transfer's entries per entry, at commit) become one statement-level
--    trigger over the inserted entries: it refuses an entry on another organization's account,
--    refuses a statement whose entries of any one transfer do not sum to zero, and adds each
--    account's summed amounts to its cached balance in one update. So a transfer's entries are
--    written in one statement, as every function writes them (ledger_post, post_usage,
--    post_usage_batch); since each statement's part of a transfer sums to zero, the whole transfer
--    does, without reading its earlier entries. Entries written row by row past the functions are
--    refused at the first row, not at commit. Whoever inserts entries, the cache misses none.
-- 2. The credits account caches the organization's held amount (held: the sum of its rows in
--    billing_reservations, expired or not, kept by triggers on that table). billing_reserve reads
--    balance - held (plus promotional credits, plus the expired holds the sweeper has not deleted
--    yet, an index probe that is empty in the normal case) under the credits-row lock, instead of
--    summing every open hold per call.
-- 3. post_usage_batch posts a claimed batch: one insert of transfers (on conflict of their keys:
--    a record posted before is not posted again), one of entries (promotional credits first, in
--    the order of the organization's records, as post_usage one by one), one counter update per
--    organization, one delete of the holds (credit and quota), one update marking the records
--    billed.
--
-- Lock order, as before: an organization's credits row first (billing_lock), credits rows of
-- several organizations in organization order, and its other rows only under that lock; every
-- statement that deletes holds of several organizations locks their credits rows in that order
-- before the rows it deletes (the sweeper, the batch) so the held update never waits on a row
-- whose owner waits on it.

alter table billing_accounts add column held bigint not null default 0;

update billing_accounts a set held = h.amount
from (select r.org_id, sum(r.amount) as amount from billing_reservations r group by r.org_id) h
where a.org_id = h.org_id and a.kind = 'credits';

alter table billing_accounts add constraint billing_accounts_held_check
    check (held >= 0 and (held = 0 or kind = 'credits'));

-- Entries: one check and one balance update per statement.
drop trigger ledger_entry_applied on ledger_entries;
drop trigger ledger_transfer_balanced on ledger_entries;
drop function ledger_entry_applied();
drop function ledger_transfer_balanced();

create function ledger_entries_applied() returns trigger
    language plpgsql security definer set search_path = public
as $$
declare
    bad record;
begin
    select e.org_id, a.org_id as owner into bad
        from new_entries e join billing_accounts a on a.id = e.account_id
        where a.org_id is not null and a.org_id <> e.org_id
        limit 1;
    if found then
        raise exception 'ledger entry of organization % on an account of organization %',
            bad.org_id, bad.owner using errcode = '23514';
    end if;
    -- each statement's entries of a transfer sum to zero, so every transfer's entries do
    select e.transfer_id, sum(e.amount) as total into bad from new_entries e
        group by e.transfer_id having sum(e.amount) <> 0 limit 1;
    if found then
        raise exception 'ledger transfer % does not balance: its entries sum to %',
            bad.transfer_id, bad.total using errcode = '23514';
    end if;
    update billing_accounts a set balance = a.balance + d.amount, version = a.version + d.n
        from (select e.account_id, sum(e.amount) as amount, count(*) as n
              from new_entries e group by e.account_id) d
        where a.id = d.account_id and a.balance is not null;
    return null;
end
$$;
create trigger ledger_entries_applied after insert on ledger_entries
    referencing new table as new_entries
    for each statement execute function ledger_entries_applied();

-- Holds: the credits account's held follows its rows.
create function billing_hold_added() returns trigger
    language plpgsql security definer set search_path = public
as $$
begin
    update billing_accounts set held = held + new.amount
        where org_id = new.org_id and kind = 'credits';
    if not found then
        update billing_accounts set held = held + new.amount
            where id = billing_account(new.org_id, 'credits');
    end if;
    return null;
end
$$;
create trigger billing_hold_added after insert on billing_reservations
    for each row execute function billing_hold_added();

create function billing_holds_removed() returns trigger
    language plpgsql security definer set search_path = public
as $$
begin
    perform 1 from billing_accounts a
        where a.kind = 'credits' and a.org_id in (select g.org_id from gone_holds g)
        order by a.org_id for update;
    update billing_accounts a set held = a.held - d.amount
        from (select g.org_id, sum(g.amount) as amount from gone_holds g group by g.org_id) d
        where a.org_id = d.org_id and a.kind = 'credits';
    return null;
end
$$;
create trigger billing_holds_removed after delete on billing_reservations
    referencing old table as gone_holds
    for each statement execute function billing_holds_removed();

create function billing_hold_changed() returns trigger
    language plpgsql
as $$
begin
    raise exception 'a hold is taken or released, never changed' using errcode = '42501';
end
$$;
create trigger billing_hold_changed before update of amount, org_id on billing_reservations
    for each row execute function billing_hold_changed();

-- What the organization can still hold: credits and promotional balances less the open holds.
-- Expired holds not yet swept count no more (V11); the probe finds none in the normal case.
-- Read under the credits-row lock.
create function billing_available(p_credits uuid, p_org uuid)
    returns bigint
    language sql stable security definer set search_path = public
as $$
    select c.balance - c.held
           + coalesce((select p.balance from billing_accounts p
                       where p.org_id = p_org and p.kind = 'promotional'), 0)
           + coalesce((select sum(r.amount) from billing_reservations r
                       where r.org_id = p_org and r.expires_at <= now()), 0)
    from billing_accounts c where c.id = p_credits
$$;

create or replace function billing_reserve(p_id uuid, p_org uuid, p_amount bigint,
                                           p_instance varchar, p_ttl_seconds integer)
    returns table (held boolean, available bigint)
    language plpgsql security definer set search_path = public
as $$
declare
    credits uuid;
    have bigint;
begin
    select a.id into credits from billing_accounts a
        where a.org_id = p_org and a.kind = 'credits' for update;
    if credits is null then
        credits := billing_lock(p_org);
    end if;
    have := billing_available(credits, p_org);
    if have >= p_amount then
        insert into billing_reservations (id, org_id, amount, instance_id, created_at,
                                          expires_at)
        values (p_id, p_org, p_amount, p_instance, now(),
                now() + make_interval(secs => p_ttl_seconds))
        on conflict (id) do nothing;
        return query select true, have;
    else
        return query select false, have;
    end if;
end
$$;

create or replace function billing_release(p_id uuid)
    returns void
    language plpgsql volatile security definer set search_path = public
as $$
declare
    o uuid;
begin
    select r.org_id into o from billing_reservations r where r.id = p_id;
    if o is not null then
        perform billing_lock(o);
        delete from billing_reservations where id = p_id;
    end if;
end
$$;

-- The sweeper of V20: it picks expired holds without locking them, locks their organizations'
-- credits rows in order, then deletes those still there (a posting may have taken one meanwhile).
create or replace function billing_release_expired(p_limit integer)
    returns bigint
    language plpgsql volatile security definer set search_path = public
as $$
declare
    ids uuid[];
    orgs uuid[];
    gone bigint;
    quota_gone bigint;
begin
    select array_agg(d.id), array_agg(distinct d.org_id) into ids, orgs from (
        select r.id, r.org_id from billing_reservations r where r.expires_at <= now()
        order by r.expires_at limit p_limit
    ) d;
    gone := 0;
    if ids is not null then
        perform 1 from billing_accounts a where a.kind = 'credits' and a.org_id = any (orgs)
            order by a.org_id for update;
        delete from billing_reservations r where r.id = any (ids) and r.expires_at <= now();
        get diagnostics gone = row_count;
    end if;
    with quota_doomed as (
        select q.id from billing_quota_holds q where q.expires_at <= now()
        order by q.expires_at limit p_limit for update skip locked
    ), deleted as (
        delete from billing_quota_holds q using quota_doomed where q.id = quota_doomed.id
        returning 1
    )
    select count(*) into quota_gone from deleted;
    return gone + quota_gone;
end
$$;

create or replace function billing_balances(p_org uuid)
    returns table (credits bigint, promotional bigint, reserved bigint)
    language sql stable security definer set search_path = public
as $$
    select
        coalesce((select a.balance from billing_accounts a
                  where a.org_id = p_org and a.kind = 'credits'), 0),
        coalesce((select a.balance from billing_accounts a
                  where a.org_id = p_org and a.kind = 'promotional'), 0),
        coalesce((select a.held from billing_accounts a
                  where a.org_id = p_org and a.kind = 'credits'), 0)
        - coalesce((select sum(r.amount) from billing_reservations r
                    where r.org_id = p_org and r.expires_at <= now()), 0)::bigint
$$;

-- Posts a claimed batch of usage records (p_ids, claimed by this transaction with
-- claim_unbilled_usage) at p_amounts micro-credits each, priced by p_prices (null: no price):
-- each record not made with the caller's own key becomes one usage transfer keyed by its id (a
-- record posted before is not posted again), its cost drawn from promotional credits first, its
-- tokens counted; every record's holds are released and every record marked billed. Answers how
-- many transfers it posted.
create function post_usage_batch(p_ids uuid[], p_amounts bigint[], p_prices uuid[])
    returns integer
    language plpgsql security definer set search_path = public
as $$
declare
    orgs uuid[];
    posted uuid[];
begin
    if coalesce(cardinality(p_ids), 0) = 0 then
        return 0;
    end if;
    if cardinality(p_ids) <> coalesce(cardinality(p_amounts), 0)
       or cardinality(p_ids) <> coalesce(cardinality(p_prices), 0) then
        raise exception 'ids, amounts and prices differ in number' using errcode = '22023';
    end if;
    if exists (select 1 from unnest(p_amounts) m where m < 0 or m is null) then
        raise exception 'negative usage cost' using errcode = '22023';
    end if;
    select array_agg(distinct u.org_id order by u.org_id) into orgs
        from usage_records u where u.id = any (p_ids);
    if orgs is null then
        return 0;
    end if;
    with inserted as (
        insert into ledger_transfers (id, org_id, idempotency_key, kind, amount,
                                      usage_record_id, model, prompt_tokens, completion_tokens,
                                      price_id, created_at)
        select u.id, u.org_id, 'usage:' || u.id, 'usage', t.amount, u.id, u.model,
               u.prompt_tokens, u.completion_tokens, t.price_id, u.created_at
        from unnest(p_ids, p_amounts, p_prices) as t(id, amount, price_id)
        join usage_records u on u.id = t.id
        where not u.byok
        order by u.org_id, u.created_at, u.id
        on conflict (idempotency_key) do nothing
        returning id
    )
    select array_agg(i.id) into posted from inserted i;

    -- What touches no account goes first: the records are this transaction's already (claimed),
    -- so the credits rows, which every reservation of these organizations waits for, are held
    -- only for the entries and the holds.
    update usage_records set billed_at = now() where id = any (p_ids);
    delete from billing_quota_holds where id = any (p_ids);

    -- the credits rows, in organization order (made where missing: the cost is drawn from them)
    perform billing_account(o, 'credits') from unnest(orgs) o
        where not exists (select 1 from billing_accounts a
                          where a.org_id = o and a.kind = 'credits');
    perform 1 from billing_accounts a where a.kind = 'credits' and a.org_id = any (orgs)
        order by a.org_id for update;

    if posted is not null then
        insert into ledger_entries (transfer_id, account_id, org_id, amount)
        select x.id, e.account, x.org_id, e.amount
        from (
            select p.id, p.org_id, p.amount, c.id as credits, pr.id as promo,
                   greatest(0, least(p.amount, coalesce(pr.balance, 0)
                       - (sum(p.amount) over w - p.amount))) as from_promo
            from ledger_transfers p
            join billing_accounts c on c.org_id = p.org_id and c.kind = 'credits'
            left join billing_accounts pr on pr.org_id = p.org_id and pr.kind = 'promotional'
            where p.id = any (posted)
            window w as (partition by p.org_id order by p.created_at, p.id)
        ) x
        cross join lateral (values (x.promo, -x.from_promo),
                                   (x.credits, -(x.amount - x.from_promo)),
                                   ('00000000-0000-7000-8000-0000000b0001'::uuid, x.amount))
            as e(account, amount)
        where e.amount <> 0;

        perform quota_counter(o.org_id)
            from (select distinct p.org_id from ledger_transfers p where p.id = any (posted)) o
            where not exists (select 1 from billing_quota_usage q where q.org_id = o.org_id);
        update billing_quota_usage q
            set tokens_used = q.tokens_used + d.tokens, updated_at = now()
            from (select p.org_id,
                         sum(coalesce(p.prompt_tokens, 0) + coalesce(p.completion_tokens, 0))
                             as tokens
                  from ledger_transfers p where p.id = any (posted) group by p.org_id) d
            where q.org_id = d.org_id;
    end if;

    delete from billing_reservations where id = any (p_ids);
    return coalesce(cardinality(posted), 0);
end
$$;

-- The reconciliation of V26 also checks held, a cache like the balances: under the organization's
-- locks (credits row first, so no hold of it is taken or released meanwhile), a held that is not
-- the sum of the organization's hold rows is set to it, with a finding of kind held_drift.
alter table billing_reconciliation_findings
    drop constraint billing_reconciliation_findings_kind_check;
alter table billing_reconciliation_findings
    add constraint billing_reconciliation_findings_kind_check check (kind in ('balance_drift', 'held_drift', 'missing_usage_transfer',
                    'missing_purchase_transfer'));

create or replace function reconcile_balances(p_run uuid, p_after uuid, p_upto uuid)
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
        for a in select b.id, b.held from billing_accounts b
                 where b.org_id = o and b.kind = 'credits' loop
            select coalesce(sum(r.amount), 0) into total from billing_reservations r
                where r.org_id = o;
            if total <> a.held then
                update billing_accounts set held = total where id = a.id;
                insert into billing_reconciliation_findings (run_id, org_id, account_id, kind,
                                                             cached, expected, action, created_at)
                values (p_run, o, a.id, 'held_drift', a.held, total,
                        'cached held set to the sum of the holds', now());
                fixed := fixed + 1;
            end if;
        end loop;
    end loop;
    return fixed;
end
$$;
