package dev.mainspring.knowledge.service.vector;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The {@code builtin_vector_store} family: one {@link InProcessIndex} per knowledge base in this
 * process's memory, built from PostgreSQL at start and kept current by {@link KnowledgeIndexSync}.
 * Nothing else needs to be installed; an index's size is bounded by the instance's heap (about
 * dimensions x 4 bytes plus the graph's edges per chunk). Indexes are keyed by name alone: every
 * instance of the family shares this process's memory.
 */
@ApplicationScoped
public class BuiltinVectorStore implements VectorStore {

  public static final String FAMILY = "builtin_vector_store";

  private final Map<String, InProcessIndex> indexes = new ConcurrentHashMap<>();

  /** How many candidates a search keeps (HNSW's ef): more finds more of the true nearest. */
  @Inject
  @ConfigProperty(name = "mainspring.context.search-beam", defaultValue = "400")
  int searchBeam = InProcessIndex.SEARCH_BEAM;

  @Override
  public String family() {
    return FAMILY;
  }

  @Override
  public void ensureIndex(VectorIndex index, int dimensions) {
    InProcessIndex target =
        indexes.computeIfAbsent(index.name(), name -> new InProcessIndex(dimensions));
    if (target.dimensions() != dimensions) {
      throw new VectorDimensionsException(dimensions, target.dimensions());
    }
  }

  @Override
  public void upsert(VectorIndex index, List<IndexedVector> vectors) {
    if (vectors.isEmpty()) {
      return;
    }
    int dimensions = vectors.get(0).vector().length;
    InProcessIndex target =
        indexes.computeIfAbsent(index.name(), name -> new InProcessIndex(dimensions));
    target.upsert(vectors);
  }

  @Override
  public void deleteDocument(VectorIndex index, UUID documentId) {
    InProcessIndex target = indexes.get(index.name());
    if (target != null) {
      target.deleteDocument(documentId);
    }
  }

  @Override
  public void dropIndex(VectorIndex index) {
    indexes.remove(index.name());
  }

  @Override
  public List<VectorHit> query(VectorIndex index, float[] vector, int topK, Set<UUID> documents) {
    InProcessIndex target = indexes.get(index.name());
    return target == null ? List.of() : target.query(vector, topK, documents, searchBeam);
  }

  /** Sets how many candidates a search keeps (at least 1), for the benchmark's trials. */
  public void searchBeam(int beam) {
    if (beam < 1) {
      throw new IllegalArgumentException("a search keeps at least one candidate");
    }
    this.searchBeam = beam;
  }

  /** How many chunks the index finds; 0 for an unknown one. */
  public int size(VectorIndex index) {
    InProcessIndex target = indexes.get(index.name());
    return target == null ? 0 : target.size();
  }
}
