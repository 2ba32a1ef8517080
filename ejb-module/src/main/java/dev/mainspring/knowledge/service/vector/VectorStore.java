package dev.mainspring.knowledge.service.vector;

import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * A vector_store provider family's adapter: one class per family. PostgreSQL holds every chunk and
 * vector (the source of truth); a store holds a searchable copy per index (a knowledge base's
 * {@code index_name}, on the knowledge base's provider instance) and is told of every change by
 * {@link KnowledgeIndexSync}, which follows the change log on every instance. Every call is
 * idempotent: the same change may be applied twice (at the writer at once, and again by the
 * catch-up), so an upsert of a known chunk replaces it and a deletion of an unknown one does
 * nothing. No call may be made while a transaction is open.
 *
 * <p>A store that cannot be reached answers 503 {@code vector_store_unavailable} ({@link
 * VectorStoreUnavailableException}), saying nothing of the server or its error; a vector whose
 * dimensions differ from the index's is refused with 409 {@code vector_dimensions_mismatch}.
 *
 * <p>An external store (Qdrant, Weaviate) is one more class: {@link #family} its family key, {@link
 * #ensureIndex}/{@link #upsert}/{@link #deleteDocument}/{@link #dropIndex}/{@link #query} the
 * store's own calls on a collection named after the index, on the server the provider instance
 * names (docs/architecture.md maps them). Every instance's catch-up pushes each change to it, which
 * is harmless since the calls are idempotent (one instance pushing would be the refinement).
 */
public interface VectorStore {

  /** The provider family (provider_families.key) this adapter serves. */
  String family();

  /**
   * Makes the index for vectors of {@code dimensions} unless it exists; 409 {@code
   * vector_dimensions_mismatch} when it exists with other dimensions.
   */
  void ensureIndex(VectorIndex index, int dimensions);

  /** Adds or replaces these chunks' vectors in the index, creating the index on first use. */
  void upsert(VectorIndex index, List<IndexedVector> vectors);

  /** Removes every vector of the document from the index. */
  void deleteDocument(VectorIndex index, UUID documentId);

  /** Removes the index and all it holds. */
  void dropIndex(VectorIndex index);

  /**
   * The {@code topK} chunks nearest to {@code vector}, nearest first; none for an unknown index.
   */
  default List<VectorHit> query(VectorIndex index, float[] vector, int topK) {
    return query(index, vector, topK, null);
  }

  /**
   * The {@code topK} chunks nearest to {@code vector} among those of these documents (null: of
   * every document), nearest first; none for an unknown index. An external store applies the set as
   * a filter on the {@code document_id} it keeps with each vector, inside its search.
   */
  List<VectorHit> query(VectorIndex index, float[] vector, int topK, Set<UUID> documents);
}
