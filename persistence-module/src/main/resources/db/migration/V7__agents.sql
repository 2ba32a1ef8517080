-- Agents (issue 14): what a run runs. An agent is a stable id in an organization; everything a
-- run depends on (instructions, model, parameters, tool policy, step limit) lives in immutable
-- versions. Every change writes a new version and moves the agent's current_version_id to it, so
-- a run records the version id it ran and a later edit never changes what a past run did.
--
-- Deleting an agent only marks it (deleted_at): its versions stay, because runs refer to them.
-- Document C's typed catalog (next issue) sits over the same two tables: a catalog agent is an
-- agent, a catalog create or update is a new version, and its "platform" agents, which cannot be
-- deleted, are those with classification 'platform' (today: each organization's default agent).

create table agents (
    id                  uuid primary key,
    org_id              uuid not null references organizations (id) on delete cascade,
    -- Points to the newest version. Deferred: an agent and its first version are written in one
    -- transaction, the agent first (agent_versions.agent_id refers to it immediately).
    current_version_id  uuid not null,
    current_version     integer not null check (current_version >= 1),
    is_default          boolean not null default false,
    classification      varchar(16) not null default 'user'
                        check (classification in ('user', 'platform')),
    created_by          uuid references users (id) on delete set null,
    created_at          timestamptz not null,
    updated_at          timestamptz not null,
    deleted_at          timestamptz,
    lock_version        bigint not null default 0,
    check (not is_default or classification = 'platform'),
    check (not is_default or deleted_at is null)
);

-- One default agent per organization: two concurrent first uses cannot both create one.
create unique index agents_one_default_idx on agents (org_id) where is_default;
create index agents_org_idx on agents (org_id, id desc) where deleted_at is null;

create table agent_versions (
    id                      uuid primary key,
    agent_id                uuid not null references agents (id) on delete cascade,
    org_id                  uuid not null references organizations (id) on delete cascade,
    version                 integer not null check (version >= 1),
    name                    varchar(200) not null,
    description             text,
    instructions            text,
    -- A gateway model key, or null for the deployment's default chat model at run time.
    model                   varchar(200),
    temperature             double precision check (temperature between 0 and 2),
    max_tokens              integer check (max_tokens >= 1),
    -- Tool names separated by single spaces (a tool name has no space); empty for none.
    tools                   text not null default '',
    tools_needing_approval  text not null default '',
    step_limit              integer not null check (step_limit between 1 and 50),
    created_by              uuid references users (id) on delete set null,
    created_at              timestamptz not null,
    constraint agent_versions_agent_version_key unique (agent_id, version)
);

alter table agents add constraint agents_current_version_fkey
    foreign key (current_version_id) references agent_versions (id)
    deferrable initially deferred;

do $$
declare
    t text;
begin
    foreach t in array array['agents', 'agent_versions'] loop
        execute format('alter table %I enable row level security', t);
        execute format('alter table %I force row level security', t);
        execute format(
            'create policy tenant_isolation on %I'
            ' using (org_id = nullif(current_setting(''app.org_id'', true), '''')::uuid)'
            ' with check (org_id = nullif(current_setting(''app.org_id'', true), '''')::uuid)', t);
    end loop;
end
$$;
