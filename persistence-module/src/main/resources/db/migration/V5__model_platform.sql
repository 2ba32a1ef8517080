-- The model platform (document C's control plane and ModelOps, document A's model settings,
-- document E's available models) and the gateway's metering.
--
-- Platform tables (families, providers, models, deployments, runtime profile) are global and
-- managed by superadmins; usage records belong to an organization and are row-level secured.

-- Provider families: implementation kinds. Seeded here; provider_origin is the family's, never
-- an instance's. adapter says how Mainspring talks to instances of the family.
create table provider_families (
    key              varchar(64) primary key,
    display_name     varchar(200) not null,
    capability       varchar(32) not null,
    provider_origin  varchar(8) not null check (provider_origin in ('local', 'cloud')),
    adapter          varchar(32) not null,
    description      varchar(500) not null
);

insert into provider_families (key, display_name, capability, provider_origin, adapter, description)
values
    ('openai_compatible_cloud_llm', 'OpenAI-compatible cloud LLM', 'llm_inference', 'cloud',
     'openai_http', 'Any cloud API that speaks OpenAI chat completions'),
    ('openai_compatible_cloud_embeddings', 'OpenAI-compatible cloud embeddings', 'embeddings',
     'cloud', 'openai_http', 'Any cloud API that speaks OpenAI embeddings'),
    ('vllm_local', 'vLLM (local)', 'llm_inference', 'local', 'openai_http',
     'A vLLM server on the local network'),
    ('llama_cpp_local', 'llama.cpp server (local)', 'llm_inference', 'local', 'openai_http',
     'A llama.cpp server on the local network'),
    ('builtin_embeddings', 'Built-in embeddings', 'embeddings', 'local', 'builtin',
     'all-MiniLM-L6-v2 (quantized ONNX) running inside Mainspring');

create table provider_instances (
    id                         uuid primary key,
    slug                       varchar(64) not null unique,
    display_name               varchar(200) not null,
    description                varchar(500),
    family_key                 varchar(64) not null references provider_families (key),
    endpoint_url               varchar(2000),
    api_key_ref                varchar(200),
    enabled                    boolean not null,
    connect_timeout_ms         integer not null,
    first_token_timeout_ms     integer not null,
    idle_timeout_ms            integer not null,
    max_retries                integer not null,
    max_concurrency            integer not null,
    breaker_failure_threshold  integer not null,
    breaker_open_ms            integer not null,
    loaded_model_id            uuid,
    version                    bigint not null,
    created_at                 timestamptz not null,
    updated_at                 timestamptz not null
);

-- ModelOps managed models. model_key is the id clients send ("model": "..."); provider_id is the
-- provider instance the model is validated and tested on; provider_model_id is its name there.
create table managed_models (
    id                      uuid primary key,
    model_key               varchar(200) not null unique,
    display_name            varchar(200) not null,
    capability              varchar(32) not null check (capability in ('llm_inference', 'embeddings')),
    provider_id             uuid references provider_instances (id),
    provider_model_id       varchar(200) not null,
    context_window          integer,
    status                  varchar(16) not null
        check (status in ('draft', 'registered', 'active', 'inactive', 'unregistered')),
    is_validation_current   boolean not null,
    last_validation_status  varchar(16),
    last_validated_at       timestamptz,
    created_by              uuid references users (id) on delete set null,
    version                 bigint not null,
    created_at              timestamptz not null,
    updated_at              timestamptz not null
);

alter table provider_instances add constraint provider_instances_loaded_model_fk
    foreign key (loaded_model_id) references managed_models (id) on delete set null;

create table model_validations (
    id           uuid primary key,
    model_id     uuid not null references managed_models (id) on delete cascade,
    provider_id  uuid,
    status       varchar(16) not null check (status in ('success', 'failed')),
    detail       varchar(2000) not null,
    created_by   uuid references users (id) on delete set null,
    created_at   timestamptz not null
);
create index model_validations_model_idx on model_validations (model_id, id desc);

create table model_tests (
    id           uuid primary key,
    model_id     uuid not null references managed_models (id) on delete cascade,
    provider_id  uuid,
    status       varchar(16) not null check (status in ('success', 'failed')),
    input        text not null,
    output       text,
    error        varchar(2000),
    latency_ms   integer not null,
    created_by   uuid references users (id) on delete set null,
    created_at   timestamptz not null
);
create index model_tests_model_idx on model_tests (model_id, id desc);

-- Model governance: who may use a model. No row, or scope 'everyone': every organization.
-- scope 'restricted': only the organizations granted, and there only the roles granted.
create table model_access (
    model_id    uuid primary key references managed_models (id) on delete cascade,
    scope       varchar(16) not null check (scope in ('everyone', 'restricted', 'nobody')),
    updated_by  uuid references users (id) on delete set null,
    updated_at  timestamptz not null
);

create table model_access_grants (
    model_id       uuid not null references model_access (model_id) on delete cascade,
    org_id         uuid not null references organizations (id) on delete cascade,
    allow_members  boolean not null,
    allow_admins   boolean not null
);
create index model_access_grants_model_idx on model_access_grants (model_id);

-- Deployment profiles: named sets of capability bindings; at most one is active.
create table deployment_profiles (
    id            uuid primary key,
    slug          varchar(64) not null unique,
    display_name  varchar(200) not null,
    description   varchar(500),
    is_active     boolean not null,
    activated_at  timestamptz,
    version       bigint not null,
    created_at    timestamptz not null,
    updated_at    timestamptz not null
);
create unique index deployment_profiles_one_active on deployment_profiles ((true)) where is_active;

create table deployment_bindings (
    id                  uuid primary key,
    deployment_id       uuid not null references deployment_profiles (id) on delete cascade,
    capability          varchar(32) not null check (capability in
        ('llm_inference', 'embeddings', 'vector_store', 'mcp_runtime', 'sandbox_execution')),
    provider_id         uuid references provider_instances (id),
    default_model_id    uuid references managed_models (id),
    unique (deployment_id, capability)
);

create table deployment_binding_models (
    binding_id  uuid not null references deployment_bindings (id) on delete cascade,
    model_id    uuid not null references managed_models (id),
    position    integer not null
);
create index deployment_binding_models_binding_idx on deployment_binding_models (binding_id);

create table activation_audit (
    id                      uuid primary key,
    deployment_id           uuid references deployment_profiles (id) on delete set null,
    deployment_slug         varchar(64) not null,
    previous_deployment_id  uuid,
    outcome                 varchar(16) not null check (outcome in ('activated', 'rejected')),
    detail                  varchar(4000) not null,
    actor_user_id           uuid references users (id) on delete set null,
    created_at              timestamptz not null
);

-- The global runtime mode; exactly one row.
create table runtime_profile (
    id          smallint primary key check (id = 1),
    mode        varchar(8) not null check (mode in ('online', 'offline')),
    updated_by  uuid references users (id) on delete set null,
    updated_at  timestamptz not null
);
insert into runtime_profile (id, mode, updated_at) values (1, 'online', now());

-- Document A's per-user model settings.
create table user_model_settings (
    user_id        uuid primary key references users (id) on delete cascade,
    default_model  varchar(200),
    temperature    double precision,
    top_p          double precision,
    max_tokens     integer,
    updated_at     timestamptz not null
);

-- One row per gateway call, written server-side whatever the client asked for or did.
create table usage_records (
    id                 uuid primary key,
    org_id             uuid not null references organizations (id) on delete cascade,
    user_id            uuid,
    api_key_id         uuid,
    provider_id        uuid,
    provider_key       varchar(64),
    model_id           uuid,
    model              varchar(200),
    endpoint           varchar(32) not null,
    streamed           boolean not null,
    prompt_tokens      bigint not null,
    completion_tokens  bigint not null,
    estimated          boolean not null,
    ttft_ms            integer,
    duration_ms        integer not null,
    outcome            varchar(32) not null,
    http_status        integer not null,
    request_id         varchar(100),
    created_at         timestamptz not null
);
create index usage_records_org_idx on usage_records (org_id, id desc);
create index usage_records_model_idx on usage_records (model_id);

alter table usage_records enable row level security;
alter table usage_records force row level security;
create policy tenant_isolation on usage_records
    using (org_id = nullif(current_setting('app.org_id', true), '')::uuid)
    with check (org_id = nullif(current_setting('app.org_id', true), '')::uuid);

-- ModelOps usage is a platform view across organizations: totals only, through this function.
create function model_usage_totals(p_model_id uuid)
    returns table (outcome varchar, requests bigint, prompt_tokens numeric,
                   completion_tokens numeric, estimated_requests bigint)
    language sql stable security definer set search_path = public
as $$
    select u.outcome, count(*), sum(u.prompt_tokens), sum(u.completion_tokens),
           count(*) filter (where u.estimated)
    from usage_records u where u.model_id = p_model_id group by u.outcome order by u.outcome
$$;

-- FORCE binds the owner too; the function above runs as the owner and must see every row.
create policy owner_totals on usage_records for select to current_user using (true);
