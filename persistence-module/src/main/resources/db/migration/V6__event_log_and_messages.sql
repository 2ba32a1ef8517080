-- The event log and the messages of threads.
--
-- Events are what live clients and the run engine replay: an append-only log per stream
-- ("thread:<uuid>", "run:<uuid>") with a gapless sequence 1, 2, 3 ... A stream's counter row is
-- incremented by the appending transaction (insert ... on conflict do update ... returning): the row
-- lock orders the appenders of one stream until commit, and a rollback takes the increment back
-- with the event, so no sequence is skipped or reused. Counter rows outlive the events the
-- retention clean-up deletes, so a stream never starts again at 1.
create table event_stream (
    stream         text primary key,
    org_id         uuid not null references organizations (id) on delete cascade,
    last_sequence  bigint not null
);

create table event (
    id          bigserial primary key,
    org_id      uuid not null references organizations (id) on delete cascade,
    stream      text not null,
    sequence    bigint not null,
    type        text not null,
    data        jsonb not null,
    created_at  timestamptz not null default now(),
    unique (stream, sequence)
);
create index event_created_idx on event (created_at);

-- Messages of threads. position orders them (ids are UUIDv7, ordered only to the millisecond,
-- and a run writes its messages faster than that); the cursor of a message list is a position.
create sequence messages_position_seq;

create table messages (
    id             uuid primary key,
    org_id         uuid not null references organizations (id) on delete cascade,
    thread_id      uuid not null references threads (id) on delete cascade,
    position       bigint not null,
    role           varchar(16) not null check (role in ('system', 'user', 'assistant', 'tool')),
    content        jsonb not null,
    author_user_id uuid,
    author_key_id  uuid,
    -- the agent run that wrote the message; the runs table comes later, so no foreign key yet
    run_id         uuid,
    created_at     timestamptz not null,
    edited_at      timestamptz,
    version        bigint not null default 0
);
create unique index messages_thread_position_idx on messages (thread_id, position);
create index messages_org_idx on messages (org_id);

-- What a message said before each edit, oldest first.
create table message_edits (
    id           uuid primary key,
    org_id       uuid not null references organizations (id) on delete cascade,
    message_id   uuid not null references messages (id) on delete cascade,
    content      jsonb not null,
    edited_by    uuid,
    replaced_at  timestamptz not null
);
create index message_edits_message_idx on message_edits (message_id, id);

-- One reaction per user per emoji on a message.
create table message_reactions (
    message_id  uuid not null references messages (id) on delete cascade,
    user_id     uuid not null references users (id) on delete cascade,
    emoji       varchar(64) not null,
    org_id      uuid not null references organizations (id) on delete cascade,
    created_at  timestamptz not null,
    primary key (message_id, emoji, user_id)
);

do $$
declare
    t text;
begin
    foreach t in array array['event_stream', 'event', 'messages', 'message_edits',
                             'message_reactions'] loop
        execute format('alter table %I enable row level security', t);
        execute format('alter table %I force row level security', t);
        execute format(
            'create policy tenant_isolation on %I'
            ' using (org_id = nullif(current_setting(''app.org_id'', true), '''')::uuid)'
            ' with check (org_id = nullif(current_setting(''app.org_id'', true), '''')::uuid)', t);
    end loop;
end
$$;

-- The retention clean-up deletes old events of every organization. The application role reaches
-- them only through this function, which runs as the owner; FORCE binds the owner too, so the
-- owner gets a delete policy of its own (as owner_lookup and owner_totals in V3 and V5).
create policy owner_prune on event for delete to current_user using (true);
create policy owner_prune_select on event for select to current_user using (true);

create function prune_events(p_before timestamptz, p_batch integer)
    returns bigint
    language sql volatile security definer set search_path = public
as $$
    with doomed as (
        select id from event where created_at < p_before order by id limit p_batch
    ), gone as (
        delete from event e using doomed where e.id = doomed.id returning 1
    )
    select count(*) from gone
$$;

do $$
begin
    if '${appRole}' <> '' and '${appRole}' <> current_user then
        execute format('grant usage, select on sequence messages_position_seq to %I', '${appRole}');
        execute format('grant usage, select on sequence event_id_seq to %I', '${appRole}');
    end if;
end
$$;
