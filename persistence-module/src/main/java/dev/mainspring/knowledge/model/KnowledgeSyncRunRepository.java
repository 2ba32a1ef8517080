package dev.mainspring.knowledge.model;

import dev.mainspring.platform.error.ConflictException;
import dev.mainspring.platform.error.MainspringException;
import dev.mainspring.platform.error.NotFoundException;
import dev.mainspring.platform.model.IntegrityViolation;
import dev.mainspring.platform.model.IntegrityViolation.Kind;
import dev.mainspring.platform.model.JpaRepository;
import dev.mainspring.platform.model.Slice;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.TypedQuery;
import java.util.UUID;

/**
 * Sync runs of knowledge sources and resyncs of knowledge bases; not-found code {@code
 * sync_run_not_found}. A run is always read within its knowledge base.
 */
@ApplicationScoped
public class KnowledgeSyncRunRepository extends JpaRepository<KnowledgeSyncRun> {

  public KnowledgeSyncRunRepository() {
    super(KnowledgeSyncRun.class, "sync_run");
  }

  /** A page of the knowledge base's runs, newest first, after {@code after} when given. */
  public Slice<KnowledgeSyncRun> listIn(UUID knowledgeBaseId, UUID after, int limit) {
    TypedQuery<KnowledgeSyncRun> query =
        em.createQuery(
                "select r from KnowledgeSyncRun r where r.knowledgeBaseId = :kb"
                    + (after == null ? "" : " and r.id < :after")
                    + " order by r.id desc",
                KnowledgeSyncRun.class)
            .setParameter("kb", knowledgeBaseId);
    if (after != null) {
      query.setParameter("after", after);
    }
    return page(query, limit);
  }

  /** The run if it belongs to the knowledge base; 404 {@code sync_run_not_found} if not. */
  public KnowledgeSyncRun getIn(UUID knowledgeBaseId, UUID id) {
    KnowledgeSyncRun run = find(id).orElse(null);
    if (run == null || !run.getKnowledgeBaseId().equals(knowledgeBaseId)) {
      throw NotFoundException.of("sync_run", id);
    }
    return run;
  }

  /** Whether another run of the knowledge base than {@code except} is queued or running. */
  public boolean othersActive(UUID knowledgeBaseId, UUID except) {
    return !em.createQuery(
            "select r.id from KnowledgeSyncRun r where r.knowledgeBaseId = :kb and r.id <> :except"
                + " and r.status in ('queued', 'running')",
            UUID.class)
        .setParameter("kb", knowledgeBaseId)
        .setParameter("except", except)
        .setMaxResults(1)
        .getResultList()
        .isEmpty();
  }

  /** Whether a run of the knowledge base is queued or running. */
  public boolean anyActive(UUID knowledgeBaseId) {
    return !em.createQuery(
            "select r.id from KnowledgeSyncRun r where r.knowledgeBaseId = :kb"
                + " and r.status in ('queued', 'running')",
            UUID.class)
        .setParameter("kb", knowledgeBaseId)
        .setMaxResults(1)
        .getResultList()
        .isEmpty();
  }

  /** Whether a resync of the knowledge base is queued or running. */
  public boolean resyncActive(UUID knowledgeBaseId) {
    return !em.createQuery(
            "select r.id from KnowledgeSyncRun r where r.knowledgeBaseId = :kb"
                + " and r.operation = 'resync' and r.status in ('queued', 'running')",
            UUID.class)
        .setParameter("kb", knowledgeBaseId)
        .setMaxResults(1)
        .getResultList()
        .isEmpty();
  }

  /**
   * Adds a rebuild chunk's documents to the resync's {@code documents_rebuilt} and moves its
   * document checkpoint to {@code checkpointDocumentId}, in the current transaction, if {@code
   * owner} still holds the run's lease; answers whether it did.
   */
  public boolean countRebuilt(UUID runId, String owner, int rebuilt, UUID checkpointDocumentId) {
    return em.createNativeQuery(
                """
                update kb_sync_runs set documents_rebuilt = documents_rebuilt + ?3,
                    checkpoint_document_id = cast(?4 as uuid)
                where id = cast(?1 as uuid) and lease_owner = ?2
                """)
            .setParameter(1, runId.toString())
            .setParameter(2, owner)
            .setParameter(3, rebuilt)
            .setParameter(4, checkpointDocumentId.toString())
            .executeUpdate()
        == 1;
  }

  /**
   * Adds a chunk's outcome to the run's counters and failed files (a JSON array of {@code path},
   * {@code code}, {@code message} objects, kept to the first 100) and moves its checkpoint to
   * {@code checkpointPath}, in the current transaction, if {@code owner} still holds the run's
   * lease; answers whether it did (if not, another instance took the run over).
   */
  public boolean count(
      UUID runId,
      String owner,
      int seen,
      int written,
      int unchanged,
      String failuresJson,
      String checkpointPath) {
    return em.createNativeQuery(
                """
                update kb_sync_runs set files_seen = files_seen + ?3,
                    files_written = files_written + ?4, files_unchanged = files_unchanged + ?5,
                    files_failed = files_failed + jsonb_array_length(cast(?6 as jsonb)),
                    errors = (select coalesce(jsonb_agg(e), '[]') from (select e
                        from jsonb_array_elements(errors || cast(?6 as jsonb)) e limit 100) l),
                    checkpoint_path = ?7
                where id = cast(?1 as uuid) and lease_owner = ?2
                """)
            .setParameter(1, runId.toString())
            .setParameter(2, owner)
            .setParameter(3, seen)
            .setParameter(4, written)
            .setParameter(5, unchanged)
            .setParameter(6, failuresJson)
            .setParameter(7, checkpointPath)
            .executeUpdate()
        == 1;
  }

  /** Gives the run's lease to {@code owner} for {@code seconds}. */
  public void lease(UUID runId, String owner, int seconds) {
    em.createNativeQuery(
            "update kb_sync_runs set lease_owner = ?2,"
                + " lease_expires_at = now() + make_interval(secs => ?3) where id = cast(?1 as uuid)")
        .setParameter(1, runId.toString())
        .setParameter(2, owner)
        .setParameter(3, seconds)
        .executeUpdate();
  }

  /**
   * Records the batch job execution started for the run. A plain update of that one column, not a
   * versioned save: the job's first step marks the run running on its own thread at the same
   * moment, and two versioned writes of the row would fail one of them.
   */
  public void attach(UUID runId, long jobExecutionId) {
    em.createNativeQuery(
            "update kb_sync_runs set job_execution_id = ?2 where id = cast(?1 as uuid)")
        .setParameter(1, runId.toString())
        .setParameter(2, jobExecutionId)
        .executeUpdate();
  }

  /** Renews the leases {@code owner} holds on active runs; answers how many. */
  public int renew(String owner, int seconds) {
    return em.createNativeQuery(
            "update kb_sync_runs set lease_expires_at = now() + make_interval(secs => ?2)"
                + " where lease_owner = ?1 and status in ('queued', 'running')")
        .setParameter(1, owner)
        .setParameter(2, seconds)
        .executeUpdate();
  }

  /**
   * Claims for {@code owner} the oldest active run whose lease ran out (its instance died, or never
   * started it), counting the attempt; the row lock and the lease condition make exactly one of
   * several instances win it. Empty when there is none.
   */
  public java.util.Optional<UUID> claimOrphan(String owner, int seconds) {
    @SuppressWarnings("unchecked")
    java.util.List<Object> claimed =
        em.createNativeQuery(
                """
                update kb_sync_runs set lease_owner = ?1,
                    lease_expires_at = now() + make_interval(secs => ?2), attempts = attempts + 1
                where id = (select id from kb_sync_runs where status in ('queued', 'running')
                    and coalesce(lease_expires_at, created_at + make_interval(secs => ?2)) < now()
                    order by created_at limit 1 for update skip locked)
                returning cast(id as varchar)
                """)
            .setParameter(1, owner)
            .setParameter(2, seconds)
            .getResultList();
    return claimed.stream().findFirst().map(id -> UUID.fromString((String) id));
  }

  /**
   * A second active run of the same source (the partial unique index of V15), or a second active
   * resync of the knowledge base (V18).
   */
  @Override
  protected MainspringException translate(IntegrityViolation violation, KnowledgeSyncRun run) {
    if (violation.kind() == Kind.DUPLICATE) {
      return run != null && run.isResync()
          ? new ConflictException(
              "sync_in_progress", "a sync of this knowledge base is already queued or running")
          : new ConflictException(
              "sync_in_progress", "a sync of this source is already queued or running");
    }
    if (violation.kind() == Kind.MISSING_REFERENCE) {
      return new NotFoundException(
          "source_not_found", "the source or its knowledge base was deleted meanwhile");
    }
    return null;
  }

  @Override
  protected UUID idOf(KnowledgeSyncRun run) {
    return run.getId();
  }
}
