-- The reconciliation checks plan credits that payment events paid for (issue 17), as it checks
-- purchases (V26). A paid plan checkout or renewal invoice now keeps, with its event, the ledger
-- key and amount of the plan credits it granted and ledger_kind 'plan_credits'; a purchase keeps
-- 'purchase' (the kind every event with a key had before V35). A key without its transfer is
-- posted under that key and kind, once, with a finding of kind missing_plan_credits_transfer.
alter table payment_events add column ledger_kind varchar(20)
    check (ledger_kind in ('purchase', 'plan_credits'));
update payment_events set ledger_kind = 'purchase' where ledger_key is not null;

alter table billing_reconciliation_findings
    drop constraint billing_reconciliation_findings_kind_check;
alter table billing_reconciliation_findings add constraint billing_reconciliation_findings_kind_check
    check (kind in ('balance_drift', 'held_drift', 'missing_usage_transfer',
                    'missing_purchase_transfer', 'missing_plan_credits_transfer'));

-- As V26's, with the kind of the transfer to post.
drop function reconcile_missing_purchases(uuid, uuid);
create function reconcile_missing_purchases(p_after uuid, p_upto uuid)
    returns table (provider varchar, event_id varchar, org_id uuid, ledger_key varchar,
                   credits bigint, ledger_kind varchar)
    language sql stable security definer set search_path = public
as $$
    select distinct on (e.ledger_key) e.provider, e.event_id, e.org_id, e.ledger_key, e.credits,
           coalesce(e.ledger_kind, 'purchase')
    from payment_events e
    join organizations o on o.id = e.org_id
    where e.org_id > coalesce(p_after, '00000000-0000-0000-0000-000000000000'::uuid)
      and e.org_id <= p_upto
      and e.ledger_key is not null and e.credits > 0
      and not exists (select 1 from ledger_transfers t where t.idempotency_key = e.ledger_key)
    order by e.ledger_key, e.received_at
$$;

-- The application role cannot change payment events (V14); it notes a plan's credits on the event
-- that paid for them through this function, which only fills a key still empty.
create function payment_event_note_plan_credits(p_provider varchar, p_event_id varchar,
                                                p_key varchar, p_credits bigint)
    returns void
    language sql volatile security definer set search_path = public
as $$
    update payment_events set ledger_key = p_key, credits = p_credits, ledger_kind = 'plan_credits'
        where provider = p_provider and event_id = p_event_id and ledger_key is null
$$;
