-- Knowledge bases (issue 16, document C's Context Management): the records, their schema
-- profiles and the vector-store provider families they are created against.
--
-- Like the platform tables of V5 (providers, deployments) these are installation-wide: document C
-- calls managed knowledge bases "global records" that deployments bind, and only superadmins
-- write them. No organization owns a row, so there is no org_id and no row-level security here;
-- the chunks and documents of later slices, which hold content, are a separate matter.

-- The vector_store capability's provider families. Both keep their data in Mainspring's own
-- PostgreSQL and so take no endpoint or secret (adapter 'builtin', like the built-in embeddings):
-- builtin_vector_store searches in-process, pgvector in the database with the extension.
insert into provider_families (key, display_name, capability, provider_origin, adapter, description)
values
    ('builtin_vector_store', 'Built-in vector store', 'vector_store', 'local', 'builtin',
     'Chunks and vectors in PostgreSQL, searched in-process inside Mainspring'),
    ('pgvector', 'pgvector', 'vector_store', 'local', 'builtin',
     'Chunks and vectors in PostgreSQL, searched by the pgvector extension');

-- Schema profiles: reusable metadata schemas for a knowledge base's documents, keyed by the
-- vector-store provider family they are written for. Built-in templates are seeded here and
-- cannot be changed through the API; superadmins add their own.
create table kb_schema_profiles (
    id            uuid primary key,
    provider_key  varchar(64) not null references provider_families (key),
    slug          varchar(64) not null,
    display_name  varchar(200) not null,
    description   varchar(500),
    properties    jsonb not null,
    is_builtin    boolean not null,
    created_by    uuid references users (id) on delete set null,
    created_at    timestamptz not null,
    constraint kb_schema_profiles_family_slug_key unique (provider_key, slug)
);

insert into kb_schema_profiles (id, provider_key, slug, display_name, description, properties,
                                is_builtin, created_at)
values
    ('01900000-0000-7000-8000-00000000a001', 'builtin_vector_store', 'default',
     'Default document schema', 'Title, source path, source and document type of each chunk',
     '[{"name":"title","data_type":"text"},{"name":"source_path","data_type":"text"},'
     '{"name":"source_id","data_type":"text"},{"name":"document_type","data_type":"text"}]',
     true, now()),
    ('01900000-0000-7000-8000-00000000a002', 'pgvector', 'default',
     'Default document schema', 'Title, source path, source and document type of each chunk',
     '[{"name":"title","data_type":"text"},{"name":"source_path","data_type":"text"},'
     '{"name":"source_id","data_type":"text"},{"name":"document_type","data_type":"text"}]',
     true, now());

-- Knowledge bases. Chunking and vectorization are fixed at creation (the service refuses a
-- change with 409); the checks below hold the same rules for any writer.
create table knowledge_bases (
    id                      uuid primary key,
    slug                    varchar(64) not null,
    display_name            varchar(200) not null,
    description             varchar(500),
    provider_id             uuid not null references provider_instances (id),
    index_name              varchar(80) not null,
    schema_profile_id       uuid references kb_schema_profiles (id) on delete set null,
    schema_properties       jsonb not null,
    lifecycle_state         varchar(16) not null check (lifecycle_state in ('active', 'archived')),
    chunking_strategy       varchar(32) not null check (chunking_strategy = 'fixed_length'),
    chunk_length            integer not null check (chunk_length between 16 and 8192),
    chunk_overlap           integer not null check (chunk_overlap >= 0 and chunk_overlap < chunk_length),
    vectorization_mode      varchar(32) not null
        check (vectorization_mode in ('vanessa_embeddings', 'self_provided')),
    embeddings_provider_id  uuid references provider_instances (id),
    embeddings_model_id     uuid references managed_models (id),
    sync_status             varchar(16) not null check (sync_status in ('ready', 'syncing', 'error')),
    last_sync_at            timestamptz,
    last_sync_error         varchar(2000),
    last_sync_summary       jsonb,
    created_by              uuid references users (id) on delete set null,
    version                 bigint not null,
    created_at              timestamptz not null,
    updated_at              timestamptz not null,
    constraint knowledge_bases_slug_key unique (slug),
    constraint knowledge_bases_index_name_key unique (index_name),
    check ((vectorization_mode = 'vanessa_embeddings')
           = (embeddings_provider_id is not null and embeddings_model_id is not null)),
    check (vectorization_mode = 'vanessa_embeddings'
           or (embeddings_provider_id is null and embeddings_model_id is null))
);
