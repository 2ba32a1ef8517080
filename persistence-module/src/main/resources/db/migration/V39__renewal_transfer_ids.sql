-- Renewal transfers with time-ordered ids (V37's subscription_renew_due, same arguments and
-- answer, restated with uuid_v7() of V38 for the transfers' ids). An organization's usage history
-- lists its transfers by id; V37's gen_random_uuid() put each renewal at a random place in it.
-- Renewals granted before keep their ids.

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
        select uuid_v7(), r.o, 'plan:renewal:' || r.id || ':'
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
