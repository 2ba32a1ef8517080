-- Document C's registry, typed catalog, agent projects and playground sessions.
--
-- The registry and the catalog are installation-wide, like providers and deployments: superadmins
-- manage them, and every organization's runs resolve from them. A catalog entry is the typed head
-- of a chain of registry versions: every catalog write adds a registry version and moves the
-- entry's current_version, so runtime consumers resolve a version that never changes. A user agent
-- (published from an agent project) names the organization and user that own it; only that
-- organization runs it.
create table registry_artifacts (
    id          uuid primary key,
    kind        varchar(16) not null check (kind in ('model', 'agent', 'tool')),
    artifact_id varchar(200) not null,
    version     integer not null check (version > 0),
    spec        jsonb not null,
    created_by  uuid references users (id) on delete set null,
    created_at  timestamptz not null,
    unique (kind, artifact_id, version)
);

create table catalog_entries (
    id              uuid primary key,
    kind            varchar(16) not null check (kind in ('agent', 'tool')),
    ref             varchar(200) not null,
    classification  varchar(16) not null check (classification in ('platform', 'user')),
    owner_user_id   uuid references users (id) on delete set null,
    org_id          uuid references organizations (id) on delete cascade,
    status          varchar(16) not null check (status in ('active', 'inactive')),
    current_version integer not null check (current_version > 0),
    spec            jsonb not null,
    created_at      timestamptz not null,
    updated_at      timestamptz not null,
    version         bigint not null default 0,
    unique (kind, ref),
    check ((classification = 'user') = (org_id is not null))
);

-- An organization's agent that mirrors a catalog agent's version, so runs of catalog agents use
-- the one run engine and record the agent version they ran like any other run.
alter table agents add column catalog_ref varchar(200);
alter table agents add column catalog_version integer;
create unique index agents_catalog_ref_uq on agents (org_id, catalog_ref)
    where catalog_ref is not null and deleted_at is null;

create table agent_projects (
    id                  uuid primary key,
    org_id              uuid not null references organizations (id) on delete cascade,
    owner_user_id       uuid not null references users (id) on delete cascade,
    name                varchar(200) not null,
    description         varchar(10000),
    workflow_definition jsonb not null,
    tool_policy         jsonb not null,
    status              varchar(16) not null check (status in ('draft', 'published')),
    published_ref       varchar(200),
    published_version   integer,
    published_at        timestamptz,
    created_at          timestamptz not null,
    updated_at          timestamptz not null,
    version             bigint not null default 0
);
create index agent_projects_list_idx on agent_projects (org_id, owner_user_id, id desc);

-- A playground session is a thread (its messages and runs are the thread's) with the session's
-- settings: its kind, the assistant it talks to, the model and the knowledge base it uses.
create table playground_sessions (
    id                uuid primary key references threads (id) on delete cascade,
    org_id            uuid not null references organizations (id) on delete cascade,
    user_id           uuid not null references users (id) on delete cascade,
    playground_kind   varchar(16) not null check (playground_kind in ('chat', 'knowledge')),
    title             varchar(200) not null,
    assistant_ref     varchar(200),
    model_selection   jsonb,
    knowledge_binding jsonb,
    created_at        timestamptz not null,
    updated_at        timestamptz not null,
    version           bigint not null default 0
);
create index playground_sessions_list_idx on playground_sessions (org_id, user_id, id desc);

-- A thread scoped to one knowledge base: the knowledge_search tool searches only it.
alter table threads add column knowledge_base_id uuid;

do $$
declare
    t text;
begin
    foreach t in array array['agent_projects', 'playground_sessions'] loop
        execute format('alter table %I enable row level security', t);
        execute format('alter table %I force row level security', t);
        execute format(
            'create policy tenant_isolation on %I'
            ' using (org_id = nullif(current_setting(''app.org_id'', true), '''')::uuid)'
            ' with check (org_id = nullif(current_setting(''app.org_id'', true), '''')::uuid)', t);
    end loop;
end
$$;

-- Document C's bootstrap entries: the platform agent agent.knowledge_chat, and the tools
-- tool.web_search (MCP gateway runtime, online only) and tool.python_exec (sandbox runtime).
with seeds (kind, ref, spec) as (values
    ('agent', 'agent.knowledge_chat', '{"name":"Knowledge Chat","description":"Answers from the knowledge bases bound to the active deployment, citing the passages it used.","instructions":"You answer questions from the organization''s knowledge bases. Search them with the knowledge_search tool before answering, answer only from the passages it returns, and cite each passage you use by its citation mark, like [1]. When the passages do not answer the question, say so plainly instead of guessing.","step_limit":6,"tool_refs":[],"tools_needing_approval":[],"knowledge_retrieval":true,"status":"active"}'),
    ('tool', 'tool.web_search', '{"name":"Web search","description":"Searches the web through the MCP gateway runtime and returns the best results.","transport":"mcp","connection_profile_ref":"default","tool_name":"web_search","input_schema":{"type":"object","properties":{"query":{"type":"string","description":"what to search for"}},"required":["query"]},"online_only":true,"status":"active"}'),
    ('tool', 'tool.python_exec', '{"name":"Python","description":"Runs a Python program in the sandbox runtime and returns its output.","transport":"sandbox_http","connection_profile_ref":"default","tool_name":"python_exec","input_schema":{"type":"object","properties":{"code":{"type":"string","description":"the program"}},"required":["code"]},"online_only":false,"status":"active"}')
), artifacts as (
    insert into registry_artifacts (id, kind, artifact_id, version, spec, created_at)
    select gen_random_uuid(), kind, ref, 1, spec::jsonb, now() from seeds
    returning kind
)
insert into catalog_entries (id, kind, ref, classification, status, current_version, spec,
                             created_at, updated_at)
select gen_random_uuid(), kind, ref, 'platform', 'active', 1, spec::jsonb, now(), now() from seeds;
