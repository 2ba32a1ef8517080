package dev.mainspring.knowledge.service.vector;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code builtin_vector_store} family: one {@link InProcessIndex} per knowledge base in this
 * process's memory, built from PostgreSQL at start and kept current by {@link KnowledgeIndexSync}.
 * Nothing else needs to be installed; an index's size is bounded by the instance's heap (about
 * dimensions x 4 bytes plus the graph's edges per chunk).
 */
@ApplicationScoped
public class BuiltinVectorStore implements VectorStore {

  public static final String FAMILY = "builtin_vector_store";

  private final Map<String, InProcessIndex> indexes = new ConcurrentHashMap<>();

  @Override
  public String family() {
    return FAMILY;
  }

  @Override
  public void upsert(String index, List<IndexedVector> vectors) {
    if (vectors.isEmpty()) {
      return;
    }
    int dimensions = vectors.get(0).vector().length;
    InProcessIndex target = indexes.computeIfAbsent(index, name -> new InProcessIndex(dimensions));
    target.upsert(vectors);
  }

  @Override
  public void deleteDocument(String index, UUID documentId) {
    InProcessIndex target = indexes.get(index);
    if (target != null) {
      target.deleteDocument(documentId);
    }
  }

  @Override
  public void dropIndex(String index) {
    indexes.remove(index);
  }

  @Override
  public List<VectorHit> query(String index, float[] vector, int topK, Set<UUID> documents) {
    InProcessIndex target = indexes.get(index);
    return target == null ? List.of() : target.query(vector, topK, documents);
  }

  /** How many chunks the index finds; 0 for an unknown one. */
  public int size(String index) {
    InProcessIndex target = indexes.get(index);
    return target == null ? 0 : target.size();
  }
}
