-- Sync runs of knowledge sources as Jakarta Batch jobs (issue 16, third slice).
--
-- Tenancy follows V9 and V12: installation-wide records written by superadmins, no org_id.

-- Documents read from a source: their identity is (source_id, source_path), so a re-sync
-- updates or deletes the document it made before instead of adding another (document C). A
-- deleted source leaves its documents (set null) until they are deleted by hand.
alter table kb_documents drop constraint kb_documents_origin_check;
alter table kb_documents add constraint kb_documents_origin_check
    check (origin in ('api', 'upload', 'source'));
alter table kb_documents add column source_id uuid references kb_sources (id) on delete set null;
create unique index kb_documents_source_path_key on kb_documents (source_id, source_path)
    where source_id is not null;

-- One row per sync run: what the operator sees, and the link to the batch job execution.
-- At most one queued or running run per source (the partial unique index), so a second
-- "sync now" while one runs is refused with 409 sync_in_progress rather than racing it.
-- checkpoint_path is the last file whose chunk committed, written in that chunk's transaction;
-- lease_owner/lease_expires_at name the instance executing the run, renewed while it lives, so a
-- run whose lease ran out (its instance died) is claimed by exactly one other instance (a
-- conditional update of the row) and started again after its checkpoint.
create table kb_sync_runs (
    id                  uuid primary key,
    knowledge_base_id   uuid not null references knowledge_bases (id) on delete cascade,
    source_id           uuid references kb_sources (id) on delete set null,
    operation           varchar(16) not null check (operation in ('source_sync')),
    status              varchar(16) not null check (status in ('queued', 'running', 'ready', 'error')),
    job_execution_id    bigint,
    files_seen          integer not null default 0,
    files_written       integer not null default 0,
    files_unchanged     integer not null default 0,
    files_failed        integer not null default 0,
    documents_deleted   integer not null default 0,
    errors              jsonb not null default '[]',
    error               varchar(2000),
    checkpoint_path     varchar(1000),
    lease_owner         varchar(200),
    lease_expires_at    timestamptz,
    attempts            integer not null default 0,
    requested_by        uuid references users (id) on delete set null,
    org_id              uuid,
    version             bigint not null,
    created_at          timestamptz not null,
    started_at          timestamptz,
    finished_at         timestamptz
);
create index kb_sync_runs_kb_idx on kb_sync_runs (knowledge_base_id, id);
create unique index kb_sync_runs_active_source_key on kb_sync_runs (source_id)
    where status in ('queued', 'running');
