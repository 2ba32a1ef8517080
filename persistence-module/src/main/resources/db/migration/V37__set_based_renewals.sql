-- Subscription renewals set-based (V34's subscription_renew_due, same arguments and answer). V34
-- renewed a range's subscriptions one by one, each with a ledger_grant (a chain of PL/pgSQL calls
-- and statements per subscription): about 0.65 ms each, so 1,000,000 operator subscriptions ending
-- together would keep the quota-reset job busy for about 11 minutes (bench/README.md, "Billing:
-- the quota reset"). Now a range is renewed with a handful of statements, as post_usage_batch
-- posts usage (V28): the due subscriptions locked and moved in one statement, their organizations'
-- credits accounts made where missing and locked in organization order (the order every ledger
-- function locks them in), one statement for the plan-credits transfers (each under its V34 key,
-- so a renewal granted before is not granted again) and one for their entries (revenue to the
-- organization's credits; the entries' statement trigger checks them and moves the balances).
create or replace function subscription_renew_due(p_after uuid, p_upto uuid, p_org uuid,
                                                  p_boundary timestamptz)
    returns table (org_id uuid, subscription_id uuid, plan_id uuid, period_start timestamptz,
                   period_end timestamptz, credits bigint)
    language plpgsql volatile security definer set search_path = public
as $$
#variable_conflict use_column
declare
    ids uuid[];
    orgs uuid[];
    plans uuid[];
    starts timestamptz[];
    granted_orgs uuid[];
    granted uuid[];
    amounts bigint[];
begin
    with due as (
        select b.id, b.org_id, b.plan_id, quota_next_start(b.current_period_end, p_boundary) as s
        from billing_subscriptions b
        where b.provider is null and b.status = 'active'
          and b.current_period_end <= p_boundary
          and (b.org_id = p_org
               or (p_org is null
                   and b.org_id > coalesce(p_after, '00000000-0000-0000-0000-000000000000'::uuid)
                   and b.org_id <= p_upto))
        order by b.org_id
        for update of b
    ), moved as (
        update billing_subscriptions b
            set current_period_start = d.s, current_period_end = d.s + interval '1 month',
                updated_at = now(), version = b.version + 1
            from due d where b.id = d.id
            returning b.id, b.org_id, b.plan_id, d.s
    )
    select array_agg(m.id order by m.org_id), array_agg(m.org_id order by m.org_id),
           array_agg(m.plan_id order by m.org_id), array_agg(m.s order by m.org_id)
        into ids, orgs, plans, starts
        from moved m;
    if ids is null then
        return;
    end if;

    perform billing_account(o, 'credits') from unnest(orgs) o
        where not exists (select 1 from billing_accounts a
                          where a.org_id = o and a.kind = 'credits');
    perform 1 from billing_accounts a where a.kind = 'credits' and a.org_id = any (orgs)
        order by a.org_id for update;

    with inserted as (
        insert into ledger_transfers (id, org_id, idempotency_key, kind, amount, description,
                                      created_by, created_at)
        select gen_random_uuid(), r.o, 'plan:renewal:' || r.id || ':'
                   || to_char(r.s at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
               'plan_credits', p.monthly_credits,
               'monthly credits of plan ' || p.slug || ', renewed', null, now()
        from unnest(ids, orgs, plans, starts) as r(id, o, plan, s)
        join billing_plans p on p.id = r.plan
        where p.monthly_credits > 0
        order by r.o
        on conflict (idempotency_key) do nothing
        returning id, org_id, amount
    )
    select array_agg(i.id), array_agg(i.org_id), array_agg(i.amount)
        into granted, granted_orgs, amounts
        from inserted i;

    if granted is not null then
        insert into ledger_entries (transfer_id, account_id, org_id, amount)
        select g.id, e.account, g.o, e.amount
        from unnest(granted, granted_orgs, amounts) as g(id, o, amount)
        join billing_accounts c on c.org_id = g.o and c.kind = 'credits'
        cross join lateral (values ('00000000-0000-7000-8000-0000000b0002'::uuid, -g.amount),
                                   (c.id, g.amount)) as e(account, amount);
    end if;

    return query
        select r.o, r.id, r.plan, r.s, r.s + interval '1 month', coalesce(g.amount, 0)
        from unnest(ids, orgs, plans, starts) as r(id, o, plan, s)
        left join unnest(granted_orgs, amounts) as g(o, amount) on g.o = r.o;
end
$$;
