-- Subscriptions that no payment provider renews renew themselves (issue 17). A plan checkout's
-- subscription is renewed by its provider's paid invoice (PaymentEvents); a subscription an
-- operator set (POST /v1/platform/billing/organizations/{id}/subscription) has no provider, and
-- before V34 it stayed in its first period for ever and got its plan's monthly credits once. Now
-- the quota-reset job, which already moves every ended quota period forward, moves such an active
-- subscription's period forward with it and grants the plan's monthly credits for the new period,
-- once (the key names the subscription and the period's start).
--
-- provider: who renews the subscription: 'stripe' (its checkout's provider) or null (nobody: it
-- renews itself). Subscriptions of organizations that paid a Stripe checkout before V34 are taken
-- to be Stripe's.
alter table billing_subscriptions add column provider varchar(20);
update billing_subscriptions s set provider = 'stripe'
    where exists (select 1 from payment_events e
                  where e.org_id = s.org_id and e.provider = 'stripe'
                    and e.type like 'checkout.session.%');
create index billing_subscriptions_renewal_idx on billing_subscriptions (current_period_end)
    where provider is null and status = 'active';

-- Renews the active subscriptions without a provider whose period ended by p_boundary: of the
-- organization p_org, or (p_org null) of the organizations in (p_after, p_upto]. Each moves to the
-- period running at p_boundary (months after its end; a subscription whose server was down for
-- months skips to the current one) and gets its plan's monthly credits once for that period.
-- Answers one row per renewal, for the events. The subscription's row lock makes a second attempt
-- find it renewed; the grant's key makes a repeated grant impossible anyway.
create function subscription_renew_due(p_after uuid, p_upto uuid, p_org uuid,
                                       p_boundary timestamptz)
    returns table (org_id uuid, subscription_id uuid, plan_id uuid, period_start timestamptz,
                   period_end timestamptz, credits bigint)
    language plpgsql volatile security definer set search_path = public
as $$
declare
    s record;
    n timestamptz;
begin
    for s in select b.id, b.org_id, b.plan_id, b.current_period_end, p.monthly_credits, p.slug
             from billing_subscriptions b join billing_plans p on p.id = b.plan_id
             where b.provider is null and b.status = 'active'
               and b.current_period_end <= p_boundary
               and (b.org_id = p_org
                    or (p_org is null
                        and b.org_id > coalesce(p_after,
                                                '00000000-0000-0000-0000-000000000000'::uuid)
                        and b.org_id <= p_upto))
             order by b.org_id
             for update of b loop
        n := quota_next_start(s.current_period_end, p_boundary);
        update billing_subscriptions b
            set current_period_start = n, current_period_end = n + interval '1 month',
                updated_at = now(), version = b.version + 1
            where b.id = s.id;
        org_id := s.org_id;
        subscription_id := s.id;
        plan_id := s.plan_id;
        period_start := n;
        period_end := n + interval '1 month';
        credits := 0;
        if s.monthly_credits > 0
           and ledger_grant(gen_random_uuid(), s.org_id,
                            'plan:renewal:' || s.id || ':'
                                || to_char(n at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
                            'plan_credits', false, s.monthly_credits,
                            'monthly credits of plan ' || s.slug || ', renewed', null) then
            credits := s.monthly_credits;
        end if;
        return next;
    end loop;
end
$$;

-- The schedule starts a quota-reset run when a counter's period or such a subscription's ended.
create or replace function quota_due()
    returns boolean
    language sql stable security definer set search_path = public
as $$
    select exists (select 1 from billing_quota_usage where period_end <= now())
        or exists (select 1 from billing_subscriptions
                   where provider is null and status = 'active' and current_period_end <= now())
$$;
