-- Identity and tenant isolation.
--
-- Organizations are the tenants. Users are global (one account per e-mail address) and belong
-- to organizations through memberships with a role; superadmin is a platform role. Every
-- tenant-owned table carries org_id and a row-level-security policy that shows a session only
-- the rows of the organization in app.org_id, which the application sets per transaction.
-- FORCE makes the policies bind the table owner too; the application role owns nothing anyway.

create table organizations (
    id          uuid primary key,
    name        varchar(100) not null,
    slug        varchar(64) not null unique,
    created_at  timestamptz not null,
    updated_at  timestamptz not null,
    version     bigint not null default 0
);

create table users (
    id              uuid primary key,
    email           varchar(320) not null,
    display_name    varchar(200),
    password_hash   varchar(200),
    platform_role   varchar(20) check (platform_role in ('superadmin')),
    default_org_id  uuid references organizations (id) on delete set null,
    created_at      timestamptz not null,
    updated_at      timestamptz not null,
    version         bigint not null default 0
);
create unique index users_email_idx on users (lower(email));

-- External OpenID Connect identities of users, by (issuer, subject).
create table user_identities (
    issuer      varchar(500) not null,
    subject     varchar(255) not null,
    user_id     uuid not null references users (id) on delete cascade,
    created_at  timestamptz not null,
    primary key (issuer, subject)
);

create table memberships (
    org_id      uuid not null references organizations (id) on delete cascade,
    user_id     uuid not null references users (id) on delete cascade,
    role        varchar(20) not null check (role in ('member', 'admin')),
    created_at  timestamptz not null,
    primary key (org_id, user_id)
);
create index memberships_user_idx on memberships (user_id);

-- Keys that sign Mainspring's access tokens; the private half is encrypted (AES-GCM) under the
-- master key named by master_key_id.
create table signing_keys (
    kid            varchar(64) primary key,
    public_jwk     text not null,
    private_jwk    bytea not null,
    master_key_id  varchar(64) not null,
    created_at     timestamptz not null,
    retired_at     timestamptz
);

-- Refresh tokens, stored as SHA-256 hashes. A rotation links the new token to the same family;
-- presenting a rotated token again revokes the whole family.
create table refresh_tokens (
    id           uuid primary key,
    family_id    uuid not null,
    user_id      uuid not null references users (id) on delete cascade,
    org_id       uuid references organizations (id) on delete cascade,
    token_hash   bytea not null unique,
    expires_at   timestamptz not null,
    rotated_at   timestamptz,
    revoked_at   timestamptz,
    created_at   timestamptz not null
);
create index refresh_tokens_family_idx on refresh_tokens (family_id);

-- Failed logins per account and per address, for throttling (shared by all instances).
create table login_failures (
    key           varchar(400) primary key,
    failures      integer not null,
    window_start  timestamptz not null,
    locked_until  timestamptz
);

-- API keys: a key acts only in the organization it was created in.
create table api_keys (
    id            uuid primary key,
    org_id        uuid not null references organizations (id) on delete cascade,
    user_id       uuid not null references users (id) on delete cascade,
    name          varchar(100) not null,
    prefix        varchar(16) not null unique,
    secret_hash   bytea not null,
    scopes        varchar(2000) not null,
    expires_at    timestamptz,
    last_used_at  timestamptz,
    revoked_at    timestamptz,
    created_at    timestamptz not null
);

create table audit_events (
    id              uuid primary key,
    org_id          uuid not null references organizations (id) on delete cascade,
    action          varchar(60) not null,
    actor_user_id   uuid,
    actor_key_id    uuid,
    target          varchar(200),
    address         varchar(100),
    request_id      varchar(128),
    created_at      timestamptz not null
);
create index audit_events_org_idx on audit_events (org_id, id desc);

-- Projects and threads become organization-owned. Rows from before this migration go to an
-- organization named "default".
alter table projects add column org_id uuid references organizations (id) on delete cascade;
alter table projects add column created_by uuid references users (id) on delete set null;
alter table threads add column org_id uuid references organizations (id) on delete cascade;
alter table threads add column created_by uuid references users (id) on delete set null;

do $$
declare
    legacy uuid := '00000000-0000-7000-8000-000000000001';
begin
    if exists (select 1 from projects) or exists (select 1 from threads) then
        insert into organizations (id, name, slug, created_at, updated_at)
        values (legacy, 'Default', 'default', now(), now());
        update projects set org_id = legacy;
        update threads set org_id = coalesce(
            (select p.org_id from projects p where p.id = threads.project_id), legacy);
    end if;
end
$$;

alter table projects alter column org_id set not null;
alter table threads alter column org_id set not null;
drop index threads_project_id_idx;
create index projects_org_idx on projects (org_id, id desc);
create index threads_org_project_idx on threads (org_id, project_id, id desc);

-- The tenant policies. nullif(...) makes a session with no organization set see nothing.
do $$
declare
    t text;
begin
    foreach t in array array['projects', 'threads', 'api_keys', 'audit_events'] loop
        execute format('alter table %I enable row level security', t);
        execute format('alter table %I force row level security', t);
        execute format(
            'create policy tenant_isolation on %I'
            ' using (org_id = nullif(current_setting(''app.org_id'', true), '''')::uuid)'
            ' with check (org_id = nullif(current_setting(''app.org_id'', true), '''')::uuid)', t);
    end loop;
end
$$;

-- Authenticating an API key must find it before the organization is known. The owner may read
-- api_keys whatever app.org_id says, and only through this function does the application role.
create policy owner_lookup on api_keys for select to current_user using (true);

create function api_key_by_prefix(p_prefix varchar)
    returns table (id uuid, org_id uuid, user_id uuid, secret_hash bytea, scopes varchar,
                   expires_at timestamptz, revoked_at timestamptz)
    language sql stable security definer set search_path = public
as $$
    select k.id, k.org_id, k.user_id, k.secret_hash, k.scopes, k.expires_at, k.revoked_at
    from api_keys k where k.prefix = p_prefix
$$;
