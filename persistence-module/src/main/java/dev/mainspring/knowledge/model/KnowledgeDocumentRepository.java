package dev.mainspring.knowledge.model;

import dev.mainspring.platform.error.ConflictException;
import dev.mainspring.platform.error.MainspringException;
import dev.mainspring.platform.error.NotFoundException;
import dev.mainspring.platform.model.IntegrityViolation;
import dev.mainspring.platform.model.IntegrityViolation.Kind;
import dev.mainspring.platform.model.JpaRepository;
import dev.mainspring.platform.model.Slice;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.persistence.Query;
import jakarta.persistence.TypedQuery;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Knowledge documents, their chunks and the change log of both; not-found code {@code
 * document_not_found}. A document is always read within its knowledge base, so an id of another
 * knowledge base answers as an unknown one.
 */
@ApplicationScoped
public class KnowledgeDocumentRepository extends JpaRepository<KnowledgeDocument> {

  /*
   * The counter row's increment takes its lock until commit, so sequences are gapless and appear
   * in commit order (V12); append a change at the end of a transaction to keep the wait short.
   */
  private static final String APPEND_CHANGE =
      """
      with next as (
          update kb_change_counter set last_sequence = last_sequence + 1 where id = 1
          returning last_sequence)
      insert into kb_changes (sequence, knowledge_base_id, document_id, created_at)
      select next.last_sequence, cast(?1 as uuid), cast(?2 as uuid), now() from next
      returning sequence
      """;

  public KnowledgeDocumentRepository() {
    super(KnowledgeDocument.class, "document");
  }

  /** A page of the knowledge base's documents, newest first, after {@code after} when given. */
  public Slice<KnowledgeDocument> listIn(UUID knowledgeBaseId, UUID after, int limit) {
    TypedQuery<KnowledgeDocument> query =
        em.createQuery(
                "select d from KnowledgeDocument d where d.knowledgeBaseId = :kb"
                    + (after == null ? "" : " and d.id < :after")
                    + " order by d.id desc",
                KnowledgeDocument.class)
            .setParameter("kb", knowledgeBaseId);
    if (after != null) {
      query.setParameter("after", after);
    }
    return page(query, limit);
  }

  /** The document if it belongs to the knowledge base; 404 {@code document_not_found} if not. */
  public KnowledgeDocument getIn(UUID knowledgeBaseId, UUID id) {
    KnowledgeDocument document = find(id).orElse(null);
    if (document == null || !document.getKnowledgeBaseId().equals(knowledgeBaseId)) {
      throw NotFoundException.of("document", id);
    }
    return document;
  }

  /** The document a sync of the source made for {@code sourcePath}, if any. */
  public Optional<KnowledgeDocument> findFromSource(UUID sourceId, String sourcePath) {
    return em.createQuery(
            "select d from KnowledgeDocument d where d.sourceId = :source and d.sourcePath = :path",
            KnowledgeDocument.class)
        .setParameter("source", sourceId)
        .setParameter("path", sourcePath)
        .getResultStream()
        .findFirst();
  }

  /** The documents a sync of the source made, in path order. */
  public List<KnowledgeDocument> fromSource(UUID sourceId) {
    return em.createQuery(
            "select d from KnowledgeDocument d where d.sourceId = :source order by d.sourcePath",
            KnowledgeDocument.class)
        .setParameter("source", sourceId)
        .getResultList();
  }

  /**
   * Ids of the knowledge base's documents in id order (PostgreSQL's uuid order), after {@code
   * after} when given.
   */
  public List<UUID> idsOf(UUID knowledgeBaseId, UUID after) {
    Query query =
        em.createNativeQuery(
                "select cast(id as varchar) from kb_documents where knowledge_base_id ="
                    + " cast(?1 as uuid)"
                    + (after == null ? "" : " and id > cast(?2 as uuid)")
                    + " order by id")
            .setParameter(1, knowledgeBaseId.toString());
    if (after != null) {
      query.setParameter(2, after.toString());
    }
    @SuppressWarnings("unchecked")
    List<Object> ids = query.getResultList();
    return ids.stream().map(id -> UUID.fromString((String) id)).toList();
  }

  /** The document, its row locked until the transaction ends, if it exists. */
  public Optional<KnowledgeDocument> findLocked(UUID id) {
    return Optional.ofNullable(
        em.find(KnowledgeDocument.class, id, LockModeType.PESSIMISTIC_WRITE));
  }

  /** Replaces the document's chunks with {@code chunks}, written now. */
  public void replaceChunks(UUID documentId, List<KnowledgeChunk> chunks) {
    deleteChunks(documentId);
    for (KnowledgeChunk chunk : chunks) {
      em.persist(chunk);
    }
    flush();
  }

  /** Deletes the document's chunks now. */
  public void deleteChunks(UUID documentId) {
    em.createQuery("delete from KnowledgeChunk c where c.documentId = :document")
        .setParameter("document", documentId)
        .executeUpdate();
  }

  /** The document's chunks in order. */
  public List<KnowledgeChunk> chunksOf(UUID documentId) {
    return em.createQuery(
            "select c from KnowledgeChunk c where c.documentId = :document order by c.position",
            KnowledgeChunk.class)
        .setParameter("document", documentId)
        .getResultList();
  }

  /**
   * A page of a knowledge base's chunks in id order, after {@code after} (null: from the start).
   */
  public List<KnowledgeChunk> chunksOfKnowledgeBase(UUID knowledgeBaseId, UUID after, int limit) {
    return em.createQuery(
            "select c from KnowledgeChunk c where c.knowledgeBaseId = :kb"
                + (after == null ? "" : " and c.id > :after")
                + " order by c.id",
            KnowledgeChunk.class)
        .setParameter("kb", knowledgeBaseId)
        .setMaxResults(limit)
        .getResultStream()
        .toList();
  }

  /** The chunks of these ids that still exist, in no particular order. */
  public List<KnowledgeChunk> chunks(Collection<UUID> ids) {
    if (ids.isEmpty()) {
      return List.of();
    }
    return em.createQuery("select c from KnowledgeChunk c where c.id in :ids", KnowledgeChunk.class)
        .setParameter("ids", ids)
        .getResultList();
  }

  /**
   * Records that a document of the knowledge base changed (or, with a null {@code documentId}, that
   * the knowledge base went), in the current transaction; answers the change's sequence.
   */
  public long appendChange(UUID knowledgeBaseId, UUID documentId) {
    Object sequence =
        em.createNativeQuery(APPEND_CHANGE)
            .setParameter(1, knowledgeBaseId.toString())
            .setParameter(2, documentId == null ? null : documentId.toString())
            .getSingleResult();
    return ((Number) sequence).longValue();
  }

  /** The newest change's sequence; 0 before the first. */
  public long lastChange() {
    Object last =
        em.createNativeQuery("select last_sequence from kb_change_counter where id = 1")
            .getSingleResult();
    return ((Number) last).longValue();
  }

  /** Changes after {@code sequence}, oldest first, at most {@code limit}. */
  public List<KnowledgeChange> changesAfter(long sequence, int limit) {
    @SuppressWarnings("unchecked")
    List<Object[]> rows =
        em.createNativeQuery(
                "select sequence, cast(knowledge_base_id as varchar), cast(document_id as varchar)"
                    + " from kb_changes where sequence > ?1 order by sequence limit ?2")
            .setParameter(1, sequence)
            .setParameter(2, limit)
            .getResultList();
    return rows.stream()
        .map(
            row ->
                new KnowledgeChange(
                    ((Number) row[0]).longValue(),
                    UUID.fromString((String) row[1]),
                    row[2] == null ? null : UUID.fromString((String) row[2])))
        .toList();
  }

  /** A knowledge base deleted between the service's check and the insert. */
  @Override
  protected MainspringException translate(
      IntegrityViolation violation, KnowledgeDocument document) {
    if (violation.kind() == Kind.MISSING_REFERENCE) {
      return new NotFoundException(
          "knowledge_base_not_found", "the knowledge base was deleted meanwhile");
    }
    if (violation.kind() == Kind.DUPLICATE) {
      return new ConflictException(
          "document_changed", "the document was written by another request meanwhile");
    }
    return null;
  }

  @Override
  protected UUID idOf(KnowledgeDocument document) {
    return document.getId();
  }
}
