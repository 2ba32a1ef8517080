-- Payment providers' webhook events, one row per provider and event id: the row is inserted in the
-- transaction that applies the event, so an event is applied once however often it is delivered
-- (providers redeliver for days), and a failure rolls the row back for the next delivery to retry.
-- Platform data, not a tenant's: a webhook arrives without an organization, and the events that
-- matter name theirs in their own (signed) payload.
create table payment_events (
    provider    varchar(20)  not null check (provider in ('stripe', 'polar')),
    event_id    varchar(255) not null,
    type        varchar(100) not null,
    org_id      uuid,
    received_at timestamptz  not null default now(),
    primary key (provider, event_id)
);

do $$
begin
    if '${appRole}' <> '' and '${appRole}' <> current_user then
        execute format('revoke update, delete on payment_events from %I', '${appRole}');
    end if;
end
$$;
