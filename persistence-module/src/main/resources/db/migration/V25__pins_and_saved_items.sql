-- Document A's pins and wishlists: a user's pinned threads and saved items (messages, agents,
-- prompts), within one organization. Tenant-owned, under row-level security like every tenant
-- table; a pinned thread, saved message or saved agent going away takes the pin or item with it.
create table thread_pins (
    id         uuid not null unique,
    org_id     uuid not null references organizations (id) on delete cascade,
    user_id    uuid not null references users (id) on delete cascade,
    thread_id  uuid not null references threads (id) on delete cascade,
    pinned_at  timestamptz not null,
    primary key (user_id, thread_id)
);
create index thread_pins_list_idx on thread_pins (org_id, user_id, id desc);

create table saved_items (
    id          uuid primary key,
    org_id      uuid not null references organizations (id) on delete cascade,
    user_id     uuid not null references users (id) on delete cascade,
    kind        varchar(16) not null check (kind in ('message', 'agent', 'prompt')),
    thread_id   uuid references threads (id) on delete cascade,
    message_id  uuid references messages (id) on delete cascade,
    agent_id    uuid references agents (id) on delete cascade,
    prompt      text,
    title       varchar(200),
    note        varchar(2000),
    created_at  timestamptz not null,
    updated_at  timestamptz not null,
    version     bigint not null default 0,
    check ((kind = 'message') = (message_id is not null and thread_id is not null)),
    check ((kind = 'agent') = (agent_id is not null)),
    check ((kind = 'prompt') = (prompt is not null))
);
-- A message or an agent is saved once per user; prompts as often as the user likes.
create unique index saved_items_message_uq on saved_items (user_id, message_id)
    where message_id is not null;
create unique index saved_items_agent_uq on saved_items (user_id, agent_id)
    where agent_id is not null;
create index saved_items_list_idx on saved_items (org_id, user_id, id desc);

do $$
declare
    t text;
begin
    foreach t in array array['thread_pins', 'saved_items'] loop
        execute format('alter table %I enable row level security', t);
        execute format('alter table %I force row level security', t);
        execute format(
            'create policy tenant_isolation on %I'
            ' using (org_id = nullif(current_setting(''app.org_id'', true), '''')::uuid)'
            ' with check (org_id = nullif(current_setting(''app.org_id'', true), '''')::uuid)', t);
    end loop;
end
$$;
