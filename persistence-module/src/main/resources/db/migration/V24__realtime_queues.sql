-- Document B's long-poll realtime: a user registers a queue and polls it with a cursor for the new
-- events of the organization's streams.
--
-- A cursor must never pass an event that is not visible yet: ids come from a sequence when the row
-- is inserted, but transactions commit in another order, so "every id above the last one seen"
-- would miss an event whose transaction was slower. Each event therefore keeps the id of the
-- transaction that wrote it (tx), and a poll takes only events of transactions older than its
-- snapshot's xmin (all of them have ended: committed or rolled back), in (tx, id) order. Every
-- event a later poll can see has a tx at or above that xmin, so it sorts after the cursor: none is
-- skipped, none comes twice. A long transaction elsewhere in the database only delays delivery.
alter table event add column tx xid8 not null default pg_current_xact_id();
create index event_org_tx_idx on event (org_id, tx, id);

create table realtime_queues (
    id              uuid primary key,
    org_id          uuid not null references organizations (id) on delete cascade,
    user_id         uuid not null references users (id) on delete cascade,
    -- the cursor the client last polled with (what it has acknowledged): "<tx>-<id>"
    cursor_tx       xid8 not null,
    cursor_id       bigint not null,
    created_at      timestamptz not null,
    last_polled_at  timestamptz not null
);
create index realtime_queues_user_idx on realtime_queues (org_id, user_id);

alter table realtime_queues enable row level security;
alter table realtime_queues force row level security;
create policy tenant_isolation on realtime_queues
    using (org_id = nullif(current_setting('app.org_id', true), '')::uuid)
    with check (org_id = nullif(current_setting('app.org_id', true), '')::uuid);

-- Queues nobody polled within the events' retention are of no use (their cursor is older than
-- what is kept): the retention task deletes them across organizations, as the schema owner.
create function prune_realtime_queues(p_before timestamptz)
    returns bigint
    language sql volatile security definer set search_path = public
as $$
    with gone as (
        delete from realtime_queues where last_polled_at < p_before returning 1
    )
    select count(*) from gone
$$;
