-- Resync of a knowledge base as a Jakarta Batch job (issue 16): the knowledge base's active
-- local_directory sources reconciled, then every stored document re-chunked and re-embedded from
-- its stored text (document C).

alter table kb_sync_runs drop constraint kb_sync_runs_operation_check;
alter table kb_sync_runs add constraint kb_sync_runs_operation_check
    check (operation in ('source_sync', 'resync'));

-- The rebuild step's counter and checkpoint: the last document (in id order) whose chunks were
-- rewritten, committed in that chunk's transaction like checkpoint_path.
alter table kb_sync_runs add column documents_rebuilt integer not null default 0;
alter table kb_sync_runs add column checkpoint_document_id uuid;

-- At most one queued or running resync per knowledge base. A resync also refuses to start while
-- a source sync of the knowledge base is active, and a source sync while a resync is: both
-- checks run under a lock on the knowledge base's row (SyncService), this index backs the first.
create unique index kb_sync_runs_active_resync_key on kb_sync_runs (knowledge_base_id)
    where operation = 'resync' and status in ('queued', 'running');
