package dev.mainspring.knowledge.service;

import dev.mainspring.identity.service.Caller;
import dev.mainspring.identity.service.CurrentCaller;
import dev.mainspring.knowledge.model.KnowledgeBase;
import dev.mainspring.knowledge.model.KnowledgeBaseRepository;
import dev.mainspring.knowledge.model.KnowledgeDocumentRepository;
import dev.mainspring.knowledge.model.KnowledgeSource;
import dev.mainspring.knowledge.model.KnowledgeSourceRepository;
import dev.mainspring.knowledge.model.KnowledgeSyncRun;
import dev.mainspring.knowledge.model.KnowledgeSyncRunRepository;
import dev.mainspring.platform.error.ConflictException;
import dev.mainspring.platform.service.Page;
import dev.mainspring.platform.service.PageRequest;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The transactions of source sync runs and resyncs: queueing one (superadmin), reading them
 * (admin), and the steps the batch jobs take ({@link SyncJob}). The job's methods have no caller (a
 * batch thread serves no request): the run they name was queued by a superadmin, which is the
 * check.
 *
 * <p>The job's steps run in transactions of their own ({@code REQUIRES_NEW}), not in the batch
 * runtime's chunk transaction: that one already holds the job repository's connection, and the
 * pools are not XA, so a second resource cannot join it. A chunk's documents, change-log entries,
 * counters and the run's {@code checkpoint_path} commit together in {@link #record}; the batch
 * runtime's own checkpoint commits after it and is never ahead of it, so the reader resumes after
 * the later of the two, which is the run's.
 */
@Stateless
public class SyncService {

  @Inject CurrentCaller currentCaller;
  @Inject KnowledgeBaseRepository knowledgeBases;
  @Inject KnowledgeSourceRepository sources;
  @Inject KnowledgeSyncRunRepository runs;
  @Inject DocumentService documents;
  @Inject KnowledgeDocumentRepository documentRows;
  @Inject SyncLeases leases;

  /** A run claimed more often than this (its job keeps dying) ends as an error. */
  static final int MAX_ATTEMPTS = 5;

  /**
   * A queued sync run of the source, the knowledge base marked {@code syncing}. 409 {@code
   * source_archived} for an archived source, 409 {@code sync_in_progress} when a run of the source
   * is already queued or running (refused, not joined: the caller sees that run in the list).
   */
  public SyncRunView queue(UUID knowledgeBaseId, UUID sourceId) {
    Caller caller = ContextAccess.writer(currentCaller.get());
    KnowledgeBase kb = knowledgeBases.getLocked(knowledgeBaseId);
    KnowledgeSource source = sources.getIn(knowledgeBaseId, sourceId);
    if (!KnowledgeBase.ACTIVE.equals(source.getLifecycleState())) {
      throw new ConflictException("source_archived", "an archived source is not synced");
    }
    if (runs.resyncActive(knowledgeBaseId)) {
      throw inProgress();
    }
    KnowledgeSyncRun run =
        new KnowledgeSyncRun(kb.getId(), source.getId(), caller.userId(), caller.orgId());
    runs.add(run);
    runs.lease(run.getId(), leases.owner(), leases.seconds());
    kb.syncStarted();
    knowledgeBases.save(kb);
    return SyncRunView.of(run);
  }

  /**
   * A queued resync of the knowledge base, which is marked {@code syncing}. 409 {@code
   * self_provided_knowledge_base} (or {@code vector_store_adapter_missing}) as the text flows
   * refuse it; 409 {@code sync_in_progress} while any run of the knowledge base is queued or
   * running. The check and the insert run under a lock on the knowledge base's row, which {@link
   * #queue} takes too, and V18's partial unique index backs it.
   */
  public SyncRunView queueResync(UUID knowledgeBaseId) {
    Caller caller = ContextAccess.writer(currentCaller.get());
    KnowledgeBase kb = knowledgeBases.getLocked(knowledgeBaseId);
    documents.textTarget(knowledgeBaseId);
    if (runs.anyActive(knowledgeBaseId)) {
      throw inProgress();
    }
    KnowledgeSyncRun run = KnowledgeSyncRun.resync(kb.getId(), caller.userId(), caller.orgId());
    runs.add(run);
    runs.lease(run.getId(), leases.owner(), leases.seconds());
    kb.syncStarted();
    knowledgeBases.save(kb);
    return SyncRunView.of(run);
  }

  /** The batch job that does the run: {@link SyncJob#RESYNC_JOB} or {@link SyncJob#JOB}. */
  public String jobOf(UUID runId) {
    return runs.get(runId).isResync() ? SyncJob.RESYNC_JOB : SyncJob.JOB;
  }

  private static ConflictException inProgress() {
    return new ConflictException(
        "sync_in_progress", "a sync of this knowledge base is already queued or running");
  }

  /** A page of the knowledge base's sync runs, newest first. */
  public Page<SyncRunView> list(UUID knowledgeBaseId, PageRequest page) {
    ContextAccess.reader(currentCaller.get());
    knowledgeBases.get(knowledgeBaseId);
    return Page.of(runs.listIn(knowledgeBaseId, page.after(), page.limit()), SyncRunView::of);
  }

  /** One sync run; 404 {@code sync_run_not_found} unless it is the knowledge base's. */
  public SyncRunView get(UUID knowledgeBaseId, UUID runId) {
    ContextAccess.reader(currentCaller.get());
    knowledgeBases.get(knowledgeBaseId);
    return SyncRunView.of(runs.getIn(knowledgeBaseId, runId));
  }

  /** Records the job execution doing the run. */
  public void attach(UUID runId, long jobExecutionId) {
    runs.attach(runId, jobExecutionId);
  }

  /**
   * Job: the run marked running (again, after a restart) and what the job reads; null when the run
   * or its source is gone, or the run already ended.
   */
  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public SyncJob.Plan begin(UUID runId) {
    KnowledgeSyncRun run = runs.find(runId).orElse(null);
    if (run == null || !run.isActive() || run.getSourceId() == null) {
      return null;
    }
    KnowledgeSource source = sources.find(run.getSourceId()).orElse(null);
    if (source == null) {
      return null;
    }
    run.running();
    runs.save(run);
    runs.lease(run.getId(), leases.owner(), leases.seconds());
    return new SyncJob.Plan(
        run.getId(),
        run.getKnowledgeBaseId(),
        source.getId(),
        source.getPath(),
        SourceView.globs(source.getIncludeGlobs()),
        SourceView.globs(source.getExcludeGlobs()),
        run.getRequestedBy(),
        run.getOrgId(),
        run.getCheckpointPath());
  }

  /**
   * Resync job: the run marked running (again, after a restart) and what it reads: each active
   * local_directory source of the knowledge base as a {@link SyncJob.Plan} of this run (checkpoint
   * none: the resync's own is {@link SyncJob.ResyncPlan#checkpointKey}); null when the run is gone
   * or ended.
   */
  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public SyncJob.ResyncPlan beginResync(UUID runId) {
    KnowledgeSyncRun run = runs.find(runId).orElse(null);
    if (run == null || !run.isActive() || !run.isResync()) {
      return null;
    }
    run.running();
    runs.save(run);
    runs.lease(run.getId(), leases.owner(), leases.seconds());
    List<SyncJob.Plan> plans =
        sources.listIn(run.getKnowledgeBaseId()).stream()
            .filter(s -> KnowledgeBase.ACTIVE.equals(s.getLifecycleState()))
            .filter(s -> KnowledgeSource.LOCAL_DIRECTORY.equals(s.getSourceType()))
            .map(
                s ->
                    new SyncJob.Plan(
                        run.getId(),
                        run.getKnowledgeBaseId(),
                        s.getId(),
                        s.getPath(),
                        SourceView.globs(s.getIncludeGlobs()),
                        SourceView.globs(s.getExcludeGlobs()),
                        run.getRequestedBy(),
                        run.getOrgId(),
                        null))
            .toList();
    return new SyncJob.ResyncPlan(
        run.getId(),
        run.getKnowledgeBaseId(),
        plans,
        run.getRequestedBy(),
        run.getOrgId(),
        run.getCheckpointPath());
  }

  /**
   * Resync job: ids of the knowledge base's documents still to rebuild, in id order, after the
   * run's document checkpoint (the last one whose chunk committed, in any execution). Source
   * documents written since the run started are left out: the run's own reconcile step wrote them
   * (no other sync runs beside a resync), with chunks made from their new text a moment ago, and
   * embedding them a second time would only cost.
   */
  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public List<UUID> documentsToRebuild(UUID runId) {
    KnowledgeSyncRun run = runs.get(runId);
    return documentRows.idsOf(
        run.getKnowledgeBaseId(), run.getCheckpointDocumentId(), run.getStartedAt());
  }

  /**
   * Job, in the chunk's transaction: writes the chunk's changed files as documents and adds the
   * chunk's outcome to the run's counters, so both commit with the checkpoint.
   */
  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public void record(SyncJob.Plan plan, List<SyncJob.Prepared> files) {
    write(
        plan.runId(),
        plan.requestedBy(),
        files,
        files.isEmpty() ? null : files.get(files.size() - 1).path());
  }

  /**
   * Resync job, in the chunk's transaction: as {@link #record}, the files coming from any of the
   * knowledge base's sources, the checkpoint the last file's {@link SyncJob#key}.
   */
  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public void recordResync(SyncJob.ResyncPlan plan, List<SyncJob.Prepared> files) {
    SyncJob.Prepared last = files.isEmpty() ? null : files.get(files.size() - 1);
    write(
        plan.runId(),
        plan.requestedBy(),
        files,
        last == null ? null : SyncJob.key(last.sourceId(), last.path()));
  }

  /**
   * Resync job, in the chunk's transaction: replaces the chunks of the chunk's documents and adds
   * them to the run's {@code documents_rebuilt}, moving its document checkpoint to the last one.
   */
  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public void recordRebuilt(UUID runId, List<SyncJob.Rebuilt> rebuilt) {
    if (rebuilt.isEmpty()) {
      return;
    }
    int written = 0;
    for (SyncJob.Rebuilt document : rebuilt) {
      if (document.stored() != null && documents.rebuild(document.stored(), document.chunks())) {
        written++;
      }
    }
    UUID checkpoint = rebuilt.get(rebuilt.size() - 1).documentId();
    if (!runs.countRebuilt(runId, leases.owner(), written, checkpoint)) {
      throw new IllegalStateException("sync run " + runId + " is no longer leased here");
    }
  }

  private void write(
      UUID runId, UUID requestedBy, List<SyncJob.Prepared> files, String checkpoint) {
    int written = 0;
    int unchanged = 0;
    JsonArrayBuilder failures = dev.mainspring.platform.service.Jsons.array();
    for (SyncJob.Prepared file : files) {
      if (file.errorCode() != null) {
        failures.add(
            dev.mainspring.platform.service.Jsons.object()
                .add("path", file.path())
                .add("code", file.errorCode())
                .add("message", file.errorMessage()));
      } else if (file.chunks() == null) {
        unchanged++;
      } else {
        documents.writeFromSource(
            file.target(), file.sourceId(), requestedBy, file.content(), file.chunks());
        written++;
      }
    }
    if (!runs.count(
        runId,
        leases.owner(),
        files.size(),
        written,
        unchanged,
        failures.build().toString(),
        checkpoint)) {
      // Another instance took the run over (this one stalled past its lease): this chunk is
      // rolled back and the other instance's execution does the files.
      throw new IllegalStateException("sync run " + runId + " is no longer leased here");
    }
  }

  /** Renews this instance's leases on the runs it executes. */
  public void renewLeases() {
    runs.renew(leases.owner(), leases.seconds());
  }

  /**
   * Claims a run whose instance died (its lease ran out) for this instance: its id to start again,
   * or empty. A run claimed more than {@value #MAX_ATTEMPTS} times is ended as an error instead.
   */
  public java.util.Optional<UUID> claimOrphan() {
    java.util.Optional<UUID> claimed = runs.claimOrphan(leases.owner(), leases.seconds());
    if (claimed.isPresent()) {
      KnowledgeSyncRun run = runs.get(claimed.get());
      if (run.getAttempts() > MAX_ATTEMPTS) {
        finish(run.getId(), "the sync job died " + MAX_ATTEMPTS + " times; sync again");
        return java.util.Optional.empty();
      }
    }
    return claimed;
  }

  /** Job: deletes the documents of files no longer in the directory. */
  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public void reconcile(SyncJob.Plan plan, Set<String> present) {
    int deleted = documents.deleteVanished(plan.knowledgeBaseId(), plan.sourceId(), present);
    KnowledgeSyncRun run = runs.get(plan.runId());
    run.deleted(deleted);
    runs.save(run);
  }

  /**
   * Job: the run ended ({@code error} null: it succeeded); the knowledge base's {@code last_sync_*}
   * record it, and it is {@code ready} again unless another run is still active or this one failed.
   */
  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public void finish(UUID runId, String error) {
    KnowledgeSyncRun run = runs.find(runId).orElse(null);
    if (run == null || !run.isActive()) {
      return;
    }
    if (run.getLeaseOwner() != null && !run.getLeaseOwner().equals(leases.owner())) {
      // Another instance took the run over; its execution ends it.
      return;
    }
    run.finished(error);
    runs.save(run);
    KnowledgeBase kb = knowledgeBases.find(run.getKnowledgeBaseId()).orElse(null);
    if (kb != null) {
      kb.syncFinished(Instant.now(), error, SyncRunView.of(run).summaryJson());
      if (error == null && runs.othersActive(kb.getId(), run.getId())) {
        kb.syncStarted();
      }
      knowledgeBases.save(kb);
    }
  }
}
