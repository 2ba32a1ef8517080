-- ModelOps saved credentials (document C): secrets of model providers, referenced from provider
-- instances as modelops://credential/<id>. Platform-level (superadmins), not tenant-owned. The
-- secret is AES-GCM-encrypted under the master key named by master_key_id; it is never returned.
create table provider_credentials (
    id             uuid primary key,
    name           varchar(100) not null unique,
    description    varchar(500),
    secret         bytea not null,
    master_key_id  varchar(64) not null,
    created_by     uuid references users (id) on delete set null,
    created_at     timestamptz not null
);
