-- Per-member credits (issue 17: "accounts per organization (credits), per user where a plan gives
-- them"). A plan may give each member of a subscribed organization an allowance of credits per
-- period (billing_plans.member_credits). Each member who uses it has an account of kind 'member'
-- in the organization's ledger; a member's call is held against that account first and, when the
-- allowance cannot cover it, against the organization's credits as before.
--
-- * The allowance is granted lazily, at the member's first call (or hold) of a subscription
--   period: the member's account is topped up to the plan's member_credits (what is still free of
--   its holds counts; beyond a lowered plan's, nothing is taken back), once per member, plan and
--   period start under the key member:<org>:<user>:<plan>:<period start>. So a member who joins
--   mid-period gets it too, a renewal (Stripe's invoice or the quota reset's) needs no pass over
--   all members, and an upgrade tops up to the new plan's allowance at the next call. Unused
--   allowance does not pile up from period to period. Only an active subscription grants; what a
--   member has left stays theirs to spend.
-- * A member's hold is a billing_reservations row with user_id: it moves the member account's held,
--   not the credits account's, and counts nowhere in what the organization has available. Leases
--   stay the organization's (user_id null).
-- * A usage record names the member whose allowance admitted its call (member_id); its posting
--   draws the cost from that member's account first (up to its balance), then promotional credits,
--   then credits, as before.
--
-- Lock order unchanged: the organization's credits row first, every member account only under it.

alter table billing_plans add column member_credits bigint not null default 0
    check (member_credits >= 0);

alter table billing_accounts add column user_id uuid;
alter table billing_accounts drop constraint billing_accounts_kind_check;
alter table billing_accounts add constraint billing_accounts_kind_check
    check (kind in ('credits', 'promotional', 'member', 'usage', 'revenue', 'grants'));
alter table billing_accounts add constraint billing_accounts_member_check
    check ((kind = 'member') = (user_id is not null));
alter table billing_accounts drop constraint billing_accounts_held_check;
alter table billing_accounts add constraint billing_accounts_held_check
    check (held >= 0 and (held = 0 or kind in ('credits', 'member')));
-- One account of each other kind per organization, one member account per member. The second
-- index is not partial: its leading org_id also serves the scans of an organization's accounts
-- and of a range of organizations (the reconciliation's), which the first, partial on kind, can
-- no longer serve (a range of org_id does not imply kind <> 'member'); the accounts of other kinds
-- have no user_id, and nulls do not collide.
drop index billing_accounts_org_kind_idx;
create unique index billing_accounts_org_kind_idx on billing_accounts (org_id, kind)
    where org_id is not null and kind <> 'member';
create unique index billing_accounts_org_user_idx on billing_accounts (org_id, user_id);

alter table billing_reservations add column user_id uuid;
alter table billing_reservations add constraint billing_reservations_member_check
    check (not (lease and user_id is not null));

alter table usage_records add column member_id uuid;

-- A UUID of version 7 (RFC 9562) for the current time: the first 48 bits the Unix time in
-- milliseconds, then the version, the rest random, as the application's ids (Ids.newId). An
-- organization's transfers are listed by id (the usage history's order and its cursor), so a
-- transfer made in SQL needs such an id too: gen_random_uuid()'s version 4 puts it at a random
-- place in the history. set_bit numbers bits from the right within each byte: 52 and 53 turn the
-- version nibble of byte 6 from 4 (0100) into 7 (0111); the variant stays.
create function uuid_v7()
    returns uuid
    language sql volatile
as $$
    select encode(
        set_bit(set_bit(
            overlay(uuid_send(gen_random_uuid())
                    placing substring(int8send(
                        floor(extract(epoch from clock_timestamp()) * 1000)::bigint) from 3)
                    from 1 for 6),
            52, 1), 53, 1),
        'hex')::uuid
$$;

-- The member's account in the organization, made on first use.
create function billing_member_account(p_org uuid, p_user uuid)
    returns uuid
    language plpgsql security definer set search_path = public
as $$
declare
    found_id uuid;
begin
    select a.id into found_id from billing_accounts a
        where a.org_id = p_org and a.kind = 'member' and a.user_id = p_user;
    if found_id is null then
        insert into billing_accounts (id, org_id, kind, user_id, balance, created_at)
        values (gen_random_uuid(), p_org, 'member', p_user, 0, now())
        on conflict do nothing;
        select a.id into found_id from billing_accounts a
            where a.org_id = p_org and a.kind = 'member' and a.user_id = p_user;
    end if;
    return found_id;
end
$$;

-- What the member account can still hold: its balance less its open holds (expired ones not yet
-- swept count no more).
create function billing_member_available(p_member uuid, p_org uuid, p_user uuid)
    returns bigint
    language sql stable security definer set search_path = public
as $$
    select m.balance - m.held
           + coalesce((select sum(r.amount) from billing_reservations r
                       where r.org_id = p_org and r.user_id = p_user
                         and r.expires_at <= now()), 0)
    from billing_accounts m where m.id = p_member
$$;

-- The key of a member's allowance for a plan and period.
create function member_allowance_key(p_org uuid, p_user uuid, p_plan uuid, p_start timestamptz)
    returns varchar
    language sql stable
as $$
    select 'member:' || p_org || ':' || p_user || ':' || p_plan || ':'
           || to_char(p_start at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')
$$;

-- Grants the member the allowance of the organization's active plan for its running period, once
-- (see above); answers the member's account. Takes the organization's lock.
create function billing_member_allowance(p_org uuid, p_user uuid)
    returns uuid
    language plpgsql security definer set search_path = public
as $$
declare
    member uuid;
    sub record;
    k varchar;
    delta bigint;
begin
    perform billing_lock(p_org);
    member := billing_member_account(p_org, p_user);
    select s.plan_id, s.current_period_start, p.member_credits, p.slug into sub
        from billing_subscriptions s join billing_plans p on p.id = s.plan_id
        where s.org_id = p_org and s.status = 'active';
    if not found or sub.member_credits = 0 then
        return member;
    end if;
    k := member_allowance_key(p_org, p_user, sub.plan_id, sub.current_period_start);
    if exists (select 1 from ledger_transfers t where t.idempotency_key = k) then
        return member;
    end if;
    perform 1 from billing_accounts where id = member for update;
    -- never below 0: what a member has beyond a lowered plan's allowance stays theirs; the key is
    -- posted all the same (a transfer without entries), so the period is not topped up later
    delta := greatest(0, sub.member_credits - billing_member_available(member, p_org, p_user));
    perform ledger_post(uuid_v7(), p_org, k, 'plan_credits',
                        'member allowance of plan ' || sub.slug || ' from '
                            || to_char(sub.current_period_start at time zone 'UTC', 'YYYY-MM-DD')
                            || case when delta = 0 then ', already at least ' else ', topped up to '
                               end || sub.member_credits,
                        p_user,
                        array['00000000-0000-7000-8000-0000000b0002'::uuid, member],
                        array[-delta, delta]);
    return member;
end
$$;

-- Holds p_amount for a member's call against the member's allowance (granted first when due) when
-- it covers it; answers whether it was held and what the member had available before. When it
-- was not held, the caller holds against the organization (billing_reserve or a lease).
create function billing_member_reserve(p_id uuid, p_org uuid, p_user uuid, p_amount bigint,
                                       p_instance varchar, p_ttl_seconds integer)
    returns table (held boolean, available bigint)
    language plpgsql security definer set search_path = public
as $$
declare
    member uuid := billing_member_allowance(p_org, p_user);
    have bigint;
begin
    perform 1 from billing_accounts where id = member for update;
    have := billing_member_available(member, p_org, p_user);
    if have >= p_amount then
        insert into billing_reservations (id, org_id, user_id, amount, instance_id, created_at,
                                          expires_at)
        values (p_id, p_org, p_user, p_amount, p_instance, now(),
                now() + make_interval(secs => p_ttl_seconds))
        on conflict (id) do nothing;
        return query select true, have;
    else
        return query select false, have;
    end if;
end
$$;

-- A member's allowance as the member sees it, changing nothing: the plan's member_credits, the
-- account's balance and holds, and what is available, as they will be at the member's next call
-- (when this period's allowance is not granted yet, topped up to member_credits). Zeros when
-- neither a plan gives an allowance nor the member has an account.
create function billing_member_status(p_org uuid, p_user uuid)
    returns table (monthly bigint, balance bigint, reserved bigint, available bigint)
    language plpgsql stable security definer set search_path = public
as $$
declare
    m record;
    sub record;
    granted boolean := true;
    free bigint;
begin
    select a.id, a.balance, a.held into m from billing_accounts a
        where a.org_id = p_org and a.kind = 'member' and a.user_id = p_user;
    select s.plan_id, s.current_period_start, p.member_credits into sub
        from billing_subscriptions s join billing_plans p on p.id = s.plan_id
        where s.org_id = p_org and s.status = 'active';
    if found and sub.member_credits > 0 then
        granted := exists (select 1 from ledger_transfers t where t.idempotency_key =
            member_allowance_key(p_org, p_user, sub.plan_id, sub.current_period_start));
    end if;
    if m.id is null then
        if granted then
            return query select coalesce(sub.member_credits, 0), 0::bigint, 0::bigint, 0::bigint;
        else
            return query select sub.member_credits, sub.member_credits, 0::bigint,
                                sub.member_credits;
        end if;
        return;
    end if;
    free := billing_member_available(m.id, p_org, p_user);
    if granted then
        return query select coalesce(sub.member_credits, 0), m.balance, m.balance - free, free;
    else
        -- as billing_member_allowance will top it up
        return query select sub.member_credits,
                            m.balance + greatest(0, sub.member_credits - free), m.balance - free,
                            greatest(free, sub.member_credits);
    end if;
end
$$;

-- Holds: a member's hold moves its member account's held, an organization's its credits account's.
create or replace function billing_hold_added() returns trigger
    language plpgsql security definer set search_path = public
as $$
begin
    if new.user_id is null then
        update billing_accounts set held = held + new.amount
            where org_id = new.org_id and kind = 'credits';
        if not found then
            update billing_accounts set held = held + new.amount
                where id = billing_account(new.org_id, 'credits');
        end if;
    else
        update billing_accounts set held = held + new.amount
            where org_id = new.org_id and kind = 'member' and user_id = new.user_id;
        if not found then
            update billing_accounts set held = held + new.amount
                where id = billing_member_account(new.org_id, new.user_id);
        end if;
    end if;
    return null;
end
$$;

create or replace function billing_holds_removed() returns trigger
    language plpgsql security definer set search_path = public
as $$
begin
    perform 1 from billing_accounts a
        where a.kind = 'credits' and a.org_id in (select g.org_id from gone_holds g)
        order by a.org_id for update;
    update billing_accounts a set held = a.held - d.amount
        from (select g.org_id, sum(g.amount) as amount from gone_holds g
              where g.user_id is null group by g.org_id) d
        where a.org_id = d.org_id and a.kind = 'credits';
    update billing_accounts a set held = a.held - d.amount
        from (select g.org_id, g.user_id, sum(g.amount) as amount from gone_holds g
              where g.user_id is not null group by g.org_id, g.user_id) d
        where a.org_id = d.org_id and a.kind = 'member' and a.user_id = d.user_id;
    return null;
end
$$;

-- A call's hold is taken or released, never changed; a lease's amount moves, within its
-- organization, and a lease is never a member's.
create or replace function billing_hold_changed() returns trigger
    language plpgsql
as $$
begin
    if old.lease and new.lease and old.org_id = new.org_id and new.user_id is null then
        return new;
    end if;
    raise exception 'a hold is taken or released, never changed' using errcode = '42501';
end
$$;
drop trigger billing_hold_changed on billing_reservations;
create trigger billing_hold_changed before update of amount, org_id, user_id
    on billing_reservations
    for each row execute function billing_hold_changed();

-- What the organization can still hold (V28): a member's expired hold was never in its credits
-- account's held, so it is not added back.
create or replace function billing_available(p_credits uuid, p_org uuid)
    returns bigint
    language sql stable security definer set search_path = public
as $$
    select c.balance - c.held
           + coalesce((select p.balance from billing_accounts p
                       where p.org_id = p_org and p.kind = 'promotional'), 0)
           + coalesce((select sum(r.amount) from billing_reservations r
                       where r.org_id = p_org and r.expires_at <= now()
                         and r.user_id is null), 0)
    from billing_accounts c where c.id = p_credits
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
                    where r.org_id = p_org and r.expires_at <= now()
                      and r.user_id is null), 0)::bigint
$$;

-- V32's batch, and: a record admitted under a member's allowance (member_id) draws its cost from
-- that member's account first, up to its balance (in the order of the member's records), then
-- from promotional credits and credits as before. The batch's member records are picked out by
-- the scan that finds its organizations and get a statement of their own, after the others': a
-- batch without any runs V32's statements as they were (one statement for both cost about 6 % of
-- the postings benchmark's throughput: a second window and its sort over every record).
create or replace function post_usage_batch(p_ids uuid[], p_amounts bigint[], p_prices uuid[])
    returns integer
    language plpgsql security definer set search_path = public
as $$
declare
    orgs uuid[];
    member_records uuid[];
    member_users uuid[];
    posted uuid[];
    plain uuid[];
    of_members uuid[];
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
    select array_agg(distinct u.org_id order by u.org_id),
           array_agg(u.id) filter (where u.member_id is not null),
           array_agg(u.member_id) filter (where u.member_id is not null)
        into orgs, member_records, member_users
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

    update usage_records set billed_at = now() where id = any (p_ids);
    delete from billing_quota_holds where id = any (p_ids);

    perform billing_account(o, 'credits') from unnest(orgs) o
        where not exists (select 1 from billing_accounts a
                          where a.org_id = o and a.kind = 'credits');
    perform 1 from billing_accounts a where a.kind = 'credits' and a.org_id = any (orgs)
        order by a.org_id for update;

    if posted is not null then
        if member_records is null then
            plain := posted;
        else
            plain := array(select unnest(posted) except select unnest(member_records));
            of_members := array(select unnest(posted) intersect select unnest(member_records));
        end if;

        -- the organizations' own records: promotional credits first, then credits (V28)
        insert into ledger_entries (transfer_id, account_id, org_id, amount)
        select x.id, e.account, x.org_id, e.amount
        from (
            select p.id, p.org_id, p.amount, c.id as credits, pr.id as promo,
                   greatest(0, least(p.amount, coalesce(pr.balance, 0)
                       - (sum(p.amount) over w - p.amount))) as from_promo
            from ledger_transfers p
            join billing_accounts c on c.org_id = p.org_id and c.kind = 'credits'
            left join billing_accounts pr on pr.org_id = p.org_id and pr.kind = 'promotional'
            where p.id = any (plain)
            window w as (partition by p.org_id order by p.created_at, p.id)
        ) x
        cross join lateral (values (x.promo, -x.from_promo),
                                   (x.credits, -(x.amount - x.from_promo)),
                                   ('00000000-0000-7000-8000-0000000b0001'::uuid, x.amount))
            as e(account, amount)
        where e.amount <> 0;

        -- the members' records: the member's account first, then what promotional credits the
        -- statement above left (its entries have moved the cached balance), then credits
        if cardinality(of_members) > 0 then
            insert into ledger_entries (transfer_id, account_id, org_id, amount)
            select y.id, e.account, y.org_id, e.amount
            from (
                select x.*,
                       greatest(0, least(x.amount - x.from_member, coalesce(x.promo_balance, 0)
                           - (sum(x.amount - x.from_member) over w
                              - (x.amount - x.from_member)))) as from_promo
                from (
                    select p.id, p.org_id, p.amount, p.created_at, c.id as credits,
                           pr.id as promo, pr.balance as promo_balance, m.id as member,
                           greatest(0, least(p.amount, m.balance
                               - (sum(p.amount) over wm - p.amount))) as from_member
                    from ledger_transfers p
                    join unnest(member_records, member_users) as mu(id, user_id)
                        on mu.id = p.id
                    join billing_accounts m
                        on m.org_id = p.org_id and m.kind = 'member' and m.user_id = mu.user_id
                    join billing_accounts c on c.org_id = p.org_id and c.kind = 'credits'
                    left join billing_accounts pr
                        on pr.org_id = p.org_id and pr.kind = 'promotional'
                    where p.id = any (of_members)
                    window wm as (partition by m.id order by p.created_at, p.id)
                ) x
                window w as (partition by x.org_id order by x.created_at, x.id)
            ) y
            cross join lateral (values (y.member, -y.from_member),
                                       (y.promo, -y.from_promo),
                                       (y.credits, -(y.amount - y.from_member - y.from_promo)),
                                       ('00000000-0000-7000-8000-0000000b0001'::uuid, y.amount))
                as e(account, amount)
            where e.amount <> 0;
        end if;

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

        update billing_reservations r set amount = greatest(0, r.amount - d.amount)
            from (select u.lease_id, sum(p.amount) as amount
                  from ledger_transfers p join usage_records u on u.id = p.usage_record_id
                  where p.id = any (posted) and u.lease_id is not null
                  group by u.lease_id) d
            where r.id = d.lease_id and r.lease and d.amount > 0;
    end if;

    delete from billing_reservations where id = any (p_ids);
    delete from billing_reservations r
        where r.id = any (array(select distinct u.lease_id from usage_records u
                                where u.id = any (p_ids) and u.lease_id is not null))
          and r.lease and r.amount = 0;
    return coalesce(cardinality(posted), 0);
end
$$;

-- V20's single posting (the reconciliation's repair of a missing usage transfer) draws from the
-- member's account first as the batch does.
create or replace function post_usage(p_usage_id uuid, p_org uuid, p_amount bigint,
                                      p_model varchar, p_prompt bigint, p_completion bigint,
                                      p_price_id uuid, p_at timestamptz)
    returns boolean
    language plpgsql security definer set search_path = public
as $$
declare
    credits uuid := billing_lock(p_org);
    promo uuid := billing_account(p_org, 'promotional');
    member_user uuid;
    member uuid;
    from_member bigint := 0;
    promo_balance bigint;
    from_promo bigint;
    posted boolean := false;
begin
    if p_amount < 0 then
        raise exception 'negative usage cost' using errcode = '22023';
    end if;
    insert into ledger_transfers (id, org_id, idempotency_key, kind, amount, usage_record_id,
                                  model, prompt_tokens, completion_tokens, price_id, created_at)
    values (p_usage_id, p_org, 'usage:' || p_usage_id, 'usage', p_amount, p_usage_id, p_model,
            p_prompt, p_completion, p_price_id, p_at)
    on conflict (idempotency_key) do nothing;
    if found then
        posted := true;
        select u.member_id into member_user from usage_records u where u.id = p_usage_id;
        if member_user is not null then
            member := billing_member_account(p_org, member_user);
            select greatest(0, least(a.balance, p_amount)) into from_member
                from billing_accounts a where a.id = member;
        end if;
        select balance into promo_balance from billing_accounts where id = promo;
        from_promo := greatest(0, least(promo_balance, p_amount - from_member));
        insert into ledger_entries (transfer_id, account_id, org_id, amount)
        select p_usage_id, t.account, p_org, t.amount
        from (values (member, -from_member),
                     (promo, -from_promo),
                     (credits, -(p_amount - from_member - from_promo)),
                     ('00000000-0000-7000-8000-0000000b0001'::uuid, p_amount)) as t(account, amount)
        where t.amount <> 0;
        perform quota_counter(p_org);
        update billing_quota_usage
            set tokens_used = tokens_used + coalesce(p_prompt, 0) + coalesce(p_completion, 0),
                updated_at = now()
            where org_id = p_org;
    end if;
    delete from billing_reservations where id = p_usage_id;
    delete from billing_quota_holds where id = p_usage_id;
    update usage_records set billed_at = now() where id = p_usage_id;
    return posted;
end
$$;

-- V28's reconciliation of balances, and: every member account's held is checked against the sum
-- of its member's holds, as the credits account's against the organization's own.
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
        for a in select b.id, b.held, b.user_id from billing_accounts b
                 where b.org_id = o and b.kind in ('credits', 'member') order by b.id loop
            select coalesce(sum(r.amount), 0) into total from billing_reservations r
                where r.org_id = o and r.user_id is not distinct from a.user_id;
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
