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
import java.time.Instant;
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
  public List<UUID> idsOf(UUID knowledgeBaseId, UUID after, Instant sourceWrittenSince) {
    Query query =
        em.createNativeQuery(
                "select cast(id as varchar) from kb_documents where knowledge_base_id ="
                    + " cast(?1 as uuid)"
                    + (after == null ? "" : " and id > cast(?2 as uuid)")
                    + (sourceWrittenSince == null
                        ? ""
                        : " and not (source_id is not null"
                            + " and updated_at >= cast(?3 as timestamptz))")
                    + " order by id")
            .setParameter(1, knowledgeBaseId.toString());
    if (after != null) {
      query.setParameter(2, after.toString());
    }
    if (sourceWrittenSince != null) {
      query.setParameter(3, sourceWrittenSince.toString());
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
   * The chunks of the knowledge base that have any word of the query, as PostgreSQL's full-text
   * search reads it ({@code websearch_to_tsquery}: stemmed words, "quoted phrases"), best first by
   * {@code ts_rank} (more of the query's words rank higher; scaled into [0, 1), damped by the
   * chunk's length), of the documents the filter lets through; at most {@code limit}. The words are
   * alternatives, not all required: a question in plain language ("what happens when a volcano
   * erupts") has words no answer contains. A query with an excluded word ({@code -word}) keeps
   * web-search semantics, every other word required, since "any word or not that one" would match
   * almost everything.
   */
  public List<ChunkScore> keywordSearch(
      UUID knowledgeBaseId, String query, DocumentFilter filter, int limit) {
    StringBuilder sql =
        new StringBuilder(
            "with parsed as (select websearch_to_tsquery('english', ?1) as q),"
                + " query as (select case when position('!' in cast(q as text)) > 0 then q"
                + " else cast(replace(cast(q as text), ' & ', ' | ') as tsquery) end as q"
                + " from parsed)"
                + " select cast(c.id as varchar), ts_rank(c.search_vector, query.q, 1 | 32)"
                + " from kb_chunks c join kb_documents d on d.id = c.document_id, query"
                + " where c.knowledge_base_id = ?2 and c.search_vector @@ query.q");
    appendFilter(sql, filter);
    sql.append(" order by 2 desc, c.id limit ?6");
    jakarta.persistence.Query search =
        em.createNativeQuery(sql.toString())
            .setParameter(1, query)
            .setParameter(2, knowledgeBaseId.toString());
    bindFilter(search, filter);
    @SuppressWarnings("unchecked")
    List<Object[]> rows = search.setParameter(6, limit).getResultList();
    return rows.stream()
        .map(
            row ->
                new ChunkScore(UUID.fromString((String) row[0]), ((Number) row[1]).doubleValue()))
        .toList();
  }

  /** The ids of the knowledge base's documents the filter lets through. */
  public List<UUID> documentIds(UUID knowledgeBaseId, DocumentFilter filter) {
    StringBuilder sql =
        new StringBuilder(
            "select cast(d.id as varchar) from kb_documents d where d.knowledge_base_id = ?2");
    appendFilter(sql, filter);
    jakarta.persistence.Query select =
        em.createNativeQuery(sql.toString()).setParameter(2, knowledgeBaseId.toString());
    bindFilter(select, filter);
    @SuppressWarnings("unchecked")
    List<String> ids = select.getResultList();
    return ids.stream().map(UUID::fromString).toList();
  }

  /** The filter's conditions on {@code d}, a document, as parameters 3 to 5. */
  private static void appendFilter(StringBuilder sql, DocumentFilter filter) {
    if (filter.sourceIds() != null) {
      sql.append(" and d.source_id = any(cast(?3 as uuid[]))");
    }
    if (filter.documentIds() != null) {
      sql.append(" and d.id = any(cast(?4 as uuid[]))");
    }
    if (filter.metadataJson() != null) {
      sql.append(" and d.metadata @> cast(?5 as jsonb)");
    }
  }

  private static void bindFilter(jakarta.persistence.Query query, DocumentFilter filter) {
    if (filter.sourceIds() != null) {
      query.setParameter(3, uuidArray(filter.sourceIds()));
    }
    if (filter.documentIds() != null) {
      query.setParameter(4, uuidArray(filter.documentIds()));
    }
    if (filter.metadataJson() != null) {
      query.setParameter(5, filter.metadataJson());
    }
  }

  /** A PostgreSQL array literal of the ids: UUIDs need no quoting. */
  private static String uuidArray(Collection<UUID> ids) {
    return ids.stream()
        .map(UUID::toString)
        .collect(java.util.stream.Collectors.joining(",", "{", "}"));
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
