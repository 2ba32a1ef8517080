-- Knowledge documents, their chunks with vectors, and the change log every instance's in-process
-- vector index follows (issue 16, second slice).
--
-- Tenancy follows V9: a managed knowledge base is an installation-wide record that deployments
-- bind, and its documents and chunks are its content, written by superadmins and read by the
-- admins of every organization. No organization owns a row, so there is no org_id and no
-- row-level security policy to write: a policy could only say "every session sees every row".
-- What is isolated is one knowledge base from another (every query names its knowledge base).

-- A document of a knowledge base: given through the API, uploaded, or (a later slice) read from
-- a source. Its text is kept whole, so chunks can be made again from it (a resync).
create table kb_documents (
    id                 uuid primary key,
    knowledge_base_id  uuid not null references knowledge_bases (id) on delete cascade,
    origin             varchar(16) not null check (origin in ('api', 'upload')),
    title              varchar(300) not null,
    source_path        varchar(1000),
    media_type         varchar(100) not null,
    text               text not null,
    metadata           jsonb not null,
    content_hash       varchar(64) not null,
    chunk_count        integer not null,
    token_count        integer not null,
    created_by         uuid references users (id) on delete set null,
    version            bigint not null,
    created_at         timestamptz not null,
    updated_at         timestamptz not null
);
create index kb_documents_kb_idx on kb_documents (knowledge_base_id, id);

-- Chunks and their vectors: the source of truth an index is built from. The vector is
-- little-endian float32, dimensions of them.
create table kb_chunks (
    id                 uuid primary key,
    knowledge_base_id  uuid not null references knowledge_bases (id) on delete cascade,
    document_id        uuid not null references kb_documents (id) on delete cascade,
    position           integer not null check (position >= 0),
    text               text not null,
    token_count        integer not null,
    dimensions         integer not null check (dimensions > 0),
    embedding          bytea not null check (octet_length(embedding) = 4 * dimensions),
    constraint kb_chunks_document_position_key unique (document_id, position)
);
create index kb_chunks_kb_idx on kb_chunks (knowledge_base_id);

-- The change log: one row per document written or deleted (document_id) or knowledge base
-- deleted (document_id null), with a gapless sequence in commit order. The counter row's lock,
-- taken by the increment and held to commit, serialises writers, so a reader that has seen
-- sequence n never later finds a smaller one committed: catching up is "everything after n".
-- No foreign keys, so the record of a deletion outlives what it deleted.
create table kb_change_counter (
    id             integer primary key check (id = 1),
    last_sequence  bigint not null
);
insert into kb_change_counter (id, last_sequence) values (1, 0);

create table kb_changes (
    sequence           bigint primary key,
    knowledge_base_id  uuid not null,
    document_id        uuid,
    created_at         timestamptz not null
);

-- Sources a knowledge base's documents are synced from: for now local directories under the
-- roots CONTEXT_SOURCE_ROOTS allows (checked by the service when a source is written), with
-- fnmatch-style include and exclude globs (JSON arrays of strings) on source-relative paths.
create table kb_sources (
    id                 uuid primary key,
    knowledge_base_id  uuid not null references knowledge_bases (id) on delete cascade,
    source_type        varchar(32) not null check (source_type = 'local_directory'),
    display_name       varchar(200) not null,
    path               varchar(1000) not null,
    include_globs      jsonb not null,
    exclude_globs      jsonb not null,
    lifecycle_state    varchar(16) not null check (lifecycle_state in ('active', 'archived')),
    created_by         uuid references users (id) on delete set null,
    version            bigint not null,
    created_at         timestamptz not null,
    updated_at         timestamptz not null
);
create index kb_sources_kb_idx on kb_sources (knowledge_base_id, id);
