-- Credit leases (issue 17's postings per second, bench/README.md "Billing: postings per second"):
-- an instance holds a block of an organization's credits as one hold row (a lease) and admits its
-- calls against that block in memory, instead of one billing_reserve transaction per call. The
-- lease is an ordinary hold in every respect the ledger checks (it counts in held, the
-- reservation of every other call and instance sees it, it expires and the sweeper deletes it when
-- its instance died), with two differences:
--
-- * its amount changes: the instance adds to it (billing_lease_take) and gives back what it did not
--   use (billing_lease_return), and posting a call admitted under it takes the call's cost out of
--   it in the same transaction that takes the cost out of the balance (post_usage_batch), so the
--   organization's available amount (balance - held) does not move when a leased call is posted,
--   exactly as when a call's own hold is deleted by its posting;
-- * when its amount reaches 0 it is deleted (by its posting or its return): a hold of 0 changes no
--   one's available amount, and an instance that still counts on the lease finds it gone when it
--   grows it and takes a new one.
--
-- A usage record names the lease that admitted its call (lease_id). Lock order as in V28: the
-- credits row first, then the hold rows; the update trigger locks the credits rows of the changed
-- holds in organization order, as the delete trigger does.

alter table billing_reservations add column lease boolean not null default false;
alter table billing_reservations drop constraint billing_reservations_amount_check;
alter table billing_reservations add constraint billing_reservations_amount_check
    check (amount > 0 or (lease and amount >= 0));

alter table usage_records add column lease_id uuid;

-- A call's hold is taken or released, never changed; a lease's amount moves, within its
-- organization.
create or replace function billing_hold_changed() returns trigger
    language plpgsql
as $$
begin
    if old.lease and new.lease and old.org_id = new.org_id then
        return new;
    end if;
    raise exception 'a hold is taken or released, never changed' using errcode = '42501';
end
$$;

create function billing_holds_changed() returns trigger
    language plpgsql security definer set search_path = public
as $$
begin
    perform 1 from billing_accounts a
        where a.kind = 'credits' and a.org_id in (select n.org_id from now_holds n)
        order by a.org_id for update;
    update billing_accounts a set held = a.held + d.amount
        from (select n.org_id, sum(n.amount - o.amount) as amount
              from now_holds n join was_holds o on o.id = n.id
              group by n.org_id) d
        where a.org_id = d.org_id and a.kind = 'credits' and d.amount <> 0;
    return null;
end
$$;
create trigger billing_holds_changed after update on billing_reservations
    referencing old table as was_holds new table as now_holds
    for each statement execute function billing_holds_changed();

-- Takes or grows the lease p_id of instance p_instance for the organization: adds p_amount when
-- what the organization has available (its credits and promotional credits less every open hold,
-- this lease's included) is at least p_amount * p_share, else adds nothing. p_new: the lease is
-- new (inserted, expiring in p_ttl_seconds); otherwise it must still be there and unexpired, or
-- nothing is added (its instance takes a new one). Answers what was added (0: nothing) and what
-- was available before.
create function billing_lease_take(p_id uuid, p_org uuid, p_amount bigint, p_share integer,
                                   p_new boolean, p_instance varchar, p_ttl_seconds integer)
    returns table (added bigint, available bigint)
    language plpgsql security definer set search_path = public
as $$
declare
    credits uuid;
    have bigint;
begin
    if p_amount <= 0 or p_share < 1 then
        raise exception 'a lease takes a positive amount' using errcode = '22023';
    end if;
    select a.id into credits from billing_accounts a
        where a.org_id = p_org and a.kind = 'credits' for update;
    if credits is null then
        credits := billing_lock(p_org);
    end if;
    have := billing_available(credits, p_org);
    if have < p_amount * p_share then
        return query select 0::bigint, have;
        return;
    end if;
    if p_new then
        insert into billing_reservations (id, org_id, amount, instance_id, created_at,
                                          expires_at, lease)
        values (p_id, p_org, p_amount, p_instance, now(),
                now() + make_interval(secs => p_ttl_seconds), true);
    else
        update billing_reservations r set amount = r.amount + p_amount
            where r.id = p_id and r.org_id = p_org and r.lease and r.expires_at > now();
        if not found then
            return query select 0::bigint, have;
            return;
        end if;
    end if;
    return query select p_amount, have;
end
$$;

-- Gives back p_amount of the lease p_id (what its instance did not use), never below 0; a lease
-- emptied so is deleted.
create function billing_lease_return(p_id uuid, p_amount bigint)
    returns void
    language plpgsql volatile security definer set search_path = public
as $$
declare
    o uuid;
begin
    if p_amount <= 0 then
        return;
    end if;
    select r.org_id into o from billing_reservations r where r.id = p_id and r.lease;
    if o is not null then
        perform billing_lock(o);
        update billing_reservations r set amount = greatest(0, r.amount - p_amount)
            where r.id = p_id and r.lease;
        delete from billing_reservations r where r.id = p_id and r.lease and r.amount = 0;
    end if;
end
$$;

-- V28's batch, and: the cost of a call admitted under a lease comes out of that lease (never
-- below 0) in the same transaction as out of the balance; a lease emptied so is deleted.
create or replace function post_usage_batch(p_ids uuid[], p_amounts bigint[], p_prices uuid[])
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

    update usage_records set billed_at = now() where id = any (p_ids);
    delete from billing_quota_holds where id = any (p_ids);

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

        -- what leased calls cost comes out of their leases
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

-- Claims as claim_unbilled_usage (V16), only records of the organizations of part p_part of
-- p_parts (by a hash of the organization's id): posters of different parts never post for the
-- same organization, so they never wait for each other's credits-row locks.
create function claim_unbilled_usage_part(p_limit integer, p_part integer, p_parts integer)
    returns table (id uuid, org_id uuid, model varchar, prompt_tokens bigint,
                   completion_tokens bigint, created_at timestamptz, byok boolean)
    language sql volatile security definer set search_path = public
as $$
    select u.id, u.org_id, u.model, u.prompt_tokens, u.completion_tokens, u.created_at, u.byok
    from usage_records u
    where u.billed_at is null
      and (p_parts <= 1 or mod(hashtext(u.org_id::text)::bigint + 2147483648, p_parts) = p_part)
    order by u.created_at
    limit p_limit
    for update skip locked
$$;
