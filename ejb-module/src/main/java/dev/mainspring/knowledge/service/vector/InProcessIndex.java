package dev.mainspring.knowledge.service.vector;

import io.github.jbellis.jvector.graph.GraphIndexBuilder;
import io.github.jbellis.jvector.graph.GraphSearcher;
import io.github.jbellis.jvector.graph.MapRandomAccessVectorValues;
import io.github.jbellis.jvector.graph.SearchResult;
import io.github.jbellis.jvector.graph.similarity.DefaultSearchScoreProvider;
import io.github.jbellis.jvector.util.Bits;
import io.github.jbellis.jvector.vector.VectorSimilarityFunction;
import io.github.jbellis.jvector.vector.VectorizationProvider;
import io.github.jbellis.jvector.vector.types.VectorFloat;
import io.github.jbellis.jvector.vector.types.VectorTypeSupport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * One index in memory: a jvector graph (HNSW-like, cosine similarity) over the vectors of one
 * knowledge base, changed in place as chunks come and go. Graph nodes are ints; the index maps them
 * to chunk ids. A removed chunk's node is marked deleted and taken out of the graph in the same
 * change. Searches share a read lock; changes take the write lock, so a search never sees half a
 * change.
 */
final class InProcessIndex {

  private static final VectorTypeSupport VECTORS =
      VectorizationProvider.getInstance().getVectorTypeSupport();
  private static final int MAX_DEGREE = 16;
  private static final int BEAM_WIDTH = 100;

  /**
   * How many candidates a search keeps by default (HNSW's ef; {@code
   * mainspring.context.search-beam}): jvector's default is top-k itself, which for a small k loses
   * too many of the true nearest (recall@10 about 0.7 in InProcessIndexTest). Wider finds more of
   * the true nearest in a large index and costs time in proportion (bench/README.md, the built-in
   * vector store).
   */
  static final int SEARCH_BEAM = 400;

  /** Up to how many chunks a filtered search compares every one (see {@link #query}). */
  static final int EXACT_SEARCH_LIMIT = 4096;

  private final int dimensions;
  private final Map<Integer, VectorFloat<?>> vectors = new ConcurrentHashMap<>();
  private final MapRandomAccessVectorValues values;
  private final GraphIndexBuilder builder;
  private final Map<UUID, Integer> nodeByChunk = new HashMap<>();
  private final Map<Integer, UUID> chunkByNode = new ConcurrentHashMap<>();
  private final Map<Integer, UUID> documentByNode = new ConcurrentHashMap<>();
  private final Map<Integer, String> metadataByNode = new ConcurrentHashMap<>();
  private final Map<UUID, Set<UUID>> chunksByDocument = new HashMap<>();
  private final Set<Integer> deleted = new HashSet<>();
  private final ReadWriteLock lock = new ReentrantReadWriteLock();
  private int nextNode;

  InProcessIndex(int dimensions) {
    this.dimensions = dimensions;
    this.values = new MapRandomAccessVectorValues(vectors, dimensions);
    this.builder =
        new GraphIndexBuilder(
            values, VectorSimilarityFunction.COSINE, MAX_DEGREE, BEAM_WIDTH, 1.2f, 1.2f, false);
  }

  int dimensions() {
    return dimensions;
  }

  /** How many chunks the index finds. */
  int size() {
    lock.readLock().lock();
    try {
      return chunkByNode.size();
    } finally {
      lock.readLock().unlock();
    }
  }

  void upsert(List<IndexedVector> added) {
    lock.writeLock().lock();
    try {
      for (IndexedVector vector : added) {
        if (vector.vector().length != dimensions) {
          throw new VectorDimensionsException(vector.vector().length, dimensions);
        }
        remove(vector.chunkId());
      }
      purge();
      for (IndexedVector vector : added) {
        int node = nextNode++;
        vectors.put(node, VECTORS.createFloatVector(vector.vector().clone()));
        nodeByChunk.put(vector.chunkId(), node);
        chunkByNode.put(node, vector.chunkId());
        documentByNode.put(node, vector.documentId());
        if (vector.metadataJson() != null) {
          metadataByNode.put(node, vector.metadataJson());
        }
        chunksByDocument
            .computeIfAbsent(vector.documentId(), d -> new HashSet<>())
            .add(vector.chunkId());
        builder.addGraphNode(node, vectors.get(node));
      }
    } finally {
      lock.writeLock().unlock();
    }
  }

  void deleteDocument(UUID documentId) {
    lock.writeLock().lock();
    try {
      Set<UUID> chunks = chunksByDocument.remove(documentId);
      if (chunks != null) {
        chunks.forEach(this::remove);
      }
      purge();
    } finally {
      lock.writeLock().unlock();
    }
  }

  /**
   * Under the write lock: takes deleted nodes out of the graph and repairs their neighbours' edges.
   * Done at once rather than in batches: a node added while deleted ones are still in the graph may
   * be linked only to them and then be unreachable once they go (InProcessIndexTest).
   */
  private void purge() {
    if (!deleted.isEmpty()) {
      builder.removeDeletedNodes();
      deleted.forEach(vectors::remove);
      deleted.clear();
    }
  }

  /** Under the write lock: marks the chunk's node deleted. */
  private void remove(UUID chunkId) {
    Integer node = nodeByChunk.remove(chunkId);
    if (node != null) {
      chunkByNode.remove(node);
      documentByNode.remove(node);
      metadataByNode.remove(node);
      builder.markNodeDeleted(node);
      deleted.add(node);
    }
  }

  List<VectorHit> query(float[] query, int topK) {
    return query(query, topK, null, SEARCH_BEAM);
  }

  /**
   * The {@code topK} chunks nearest to {@code query}, of these documents only (null: of all). A
   * filter that leaves few chunks ({@value #EXACT_SEARCH_LIMIT} or fewer) is searched exactly,
   * every one of them compared: a graph search that may visit only accepted nodes would have to
   * wander far through rejected ones to find them. A wider filter is applied inside the graph
   * search, which skips rejected nodes as results but still walks through them, keeping {@code
   * searchBeam} candidates.
   */
  List<VectorHit> query(float[] query, int topK, Set<UUID> documents, int searchBeam) {
    if (query.length != dimensions) {
      throw new VectorDimensionsException(query.length, dimensions);
    }
    lock.readLock().lock();
    try {
      if (chunkByNode.isEmpty()) {
        return List.of();
      }
      VectorFloat<?> target = VECTORS.createFloatVector(query.clone());
      if (documents != null) {
        List<Integer> candidates = nodesOf(documents);
        if (candidates.size() <= EXACT_SEARCH_LIMIT) {
          return exact(target, candidates, topK);
        }
      }
      Bits live =
          documents == null
              ? chunkByNode::containsKey
              : node ->
                  chunkByNode.containsKey(node) && documents.contains(documentByNode.get(node));
      SearchResult result;
      try (GraphSearcher searcher = new GraphSearcher(builder.getGraph())) {
        result =
            searcher.search(
                DefaultSearchScoreProvider.exact(target, VectorSimilarityFunction.COSINE, values),
                topK,
                Math.max(topK, searchBeam),
                0.0f,
                0.0f,
                live);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      List<VectorHit> hits = new ArrayList<>();
      for (SearchResult.NodeScore node : result.getNodes()) {
        UUID chunk = chunkByNode.get(node.node);
        if (chunk != null) {
          hits.add(new VectorHit(chunk, cosine(node.score), metadataByNode.get(node.node)));
        }
      }
      return hits;
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Under the read lock: the live nodes of these documents' chunks. */
  private List<Integer> nodesOf(Set<UUID> documents) {
    List<Integer> nodes = new ArrayList<>();
    for (UUID document : documents) {
      for (UUID chunk : chunksByDocument.getOrDefault(document, Set.of())) {
        Integer node = nodeByChunk.get(chunk);
        if (node != null) {
          nodes.add(node);
        }
      }
    }
    return nodes;
  }

  /** Under the read lock: every candidate compared, the {@code topK} nearest first. */
  private List<VectorHit> exact(VectorFloat<?> target, List<Integer> candidates, int topK) {
    List<VectorHit> scored = new ArrayList<>(candidates.size());
    for (int node : candidates) {
      float score = VectorSimilarityFunction.COSINE.compare(target, vectors.get(node));
      scored.add(new VectorHit(chunkByNode.get(node), cosine(score), metadataByNode.get(node)));
    }
    scored.sort(
        java.util.Comparator.comparingDouble(VectorHit::score)
            .reversed()
            .thenComparing(VectorHit::chunkId));
    return scored.subList(0, Math.min(topK, scored.size()));
  }

  /** jvector scores cosine as (1 + cos) / 2; clients get the cosine itself. */
  private static double cosine(float score) {
    return 2.0 * score - 1.0;
  }
}
