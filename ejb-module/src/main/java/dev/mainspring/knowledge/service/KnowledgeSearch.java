package dev.mainspring.knowledge.service;

import dev.mainspring.identity.service.Caller;
import dev.mainspring.identity.service.CurrentCaller;
import dev.mainspring.knowledge.model.ChunkScore;
import dev.mainspring.knowledge.model.DocumentFilter;
import dev.mainspring.knowledge.service.vector.KnowledgeIndexSync;
import dev.mainspring.knowledge.service.vector.VectorHit;
import dev.mainspring.knowledge.service.vector.VectorStores;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Document C's retrieval test ({@code POST .../query}), in three modes:
 *
 * <ul>
 *   <li>{@code semantic}: the query embedded with the knowledge base's embeddings model through the
 *       gateway, the nearest chunks asked of the knowledge base's vector store; the score is the
 *       cosine similarity;
 *   <li>{@code keyword}: PostgreSQL full-text search over the chunks' text; the score is the cover
 *       density rank, scaled into [0, 1);
 *   <li>{@code hybrid}: both lists, {@value #FUSION_DEPTH_FACTOR} times deeper than asked, fused by
 *       reciprocal rank (each chunk scores the sum of 1 / ({@value #RRF_K} + its rank) over the
 *       lists it is in), so a chunk both find ranks first and neither score's scale matters.
 * </ul>
 *
 * Filters narrow the documents first: keyword search applies them in its SQL, semantic search gives
 * the store the documents they let through. No transaction is open while embedding or searching.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class KnowledgeSearch {

  /** Reciprocal rank fusion's constant: 60, as Cormack, Clarke and Büttcher found best. */
  static final int RRF_K = 60;

  /** How much deeper than {@code top_k} each list of a hybrid search goes. */
  static final int FUSION_DEPTH_FACTOR = 4;

  @Inject CurrentCaller currentCaller;
  @Inject DocumentService documents;
  @Inject KnowledgeEmbedder embedder;
  @Inject VectorStores stores;
  @Inject KnowledgeIndexSync index;

  public QueryResultView query(
      @NotNull UUID knowledgeBaseId, @NotNull @Valid QueryRequest request, String requestId) {
    EmbeddingTarget target = documents.queryTarget(knowledgeBaseId);
    int topK = request.topKOrDefault();
    DocumentFilter filter = request.documentFilter();
    String mode = request.modeOrDefault();
    List<VectorHit> hits =
        switch (mode) {
          case QueryRequest.KEYWORD -> keyword(knowledgeBaseId, request.query(), filter, topK);
          case QueryRequest.HYBRID -> {
            int depth = Math.min(topK * FUSION_DEPTH_FACTOR, 200);
            yield fuse(
                List.of(
                    semantic(target, request.query(), filter, depth, requestId),
                    keyword(knowledgeBaseId, request.query(), filter, depth)),
                topK);
          }
          default -> semantic(target, request.query(), filter, topK, requestId);
        };
    return new QueryResultView(knowledgeBaseId, request.query(), topK, mode, documents.hits(hits));
  }

  /**
   * An agent run's search ({@code knowledge_search}): hybrid retrieval over the knowledge bases
   * bound to the active deployment (active, ready and taking text), or only the one named, each
   * knowledge base's list fused by reciprocal rank and the lists of all of them fused again. The
   * query is embedded as the run's starter, so the organization is metered for it. Empty when no
   * knowledge base is bound (or the named one is not).
   */
  public List<QueryResultView.Hit> searchBound(
      Caller caller, String query, UUID knowledgeBaseId, int topK, String requestId) {
    List<EmbeddingTarget> targets =
        documents.boundTargets().stream()
            .filter(t -> knowledgeBaseId == null || t.knowledgeBaseId().equals(knowledgeBaseId))
            .toList();
    if (targets.isEmpty()) {
      return List.of();
    }
    index.awaitLoaded();
    int depth = Math.min(topK * FUSION_DEPTH_FACTOR, 200);
    List<List<VectorHit>> perBase = new ArrayList<>();
    for (EmbeddingTarget target : targets) {
      float[] vector = embedder.embed(caller, target, List.of(query), requestId).get(0);
      List<VectorHit> near =
          stores
              .forFamily(target.storeFamily())
              .orElseThrow()
              .query(target.vectorIndex(), vector, depth, null);
      List<VectorHit> words =
          documents.keywordForRun(target.knowledgeBaseId(), query, depth).stream()
              .map(KnowledgeSearch::hit)
              .toList();
      perBase.add(fuse(List.of(near, words), depth));
    }
    return documents.hitsForRun(fuse(perBase, topK));
  }

  /** The knowledge bases an agent run may search: those {@link #searchBound} searches. */
  public List<UUID> boundKnowledgeBases() {
    return documents.boundTargets().stream().map(EmbeddingTarget::knowledgeBaseId).toList();
  }

  private List<VectorHit> semantic(
      EmbeddingTarget target, String query, DocumentFilter filter, int topK, String requestId) {
    Set<UUID> allowed = null;
    if (filter.narrows()) {
      allowed = documents.filtered(target.knowledgeBaseId(), filter);
      if (allowed.isEmpty()) {
        return List.of();
      }
    }
    index.awaitLoaded();
    float[] vector = embedder.embed(currentCaller.get(), target, List.of(query), requestId).get(0);
    return stores
        .forFamily(target.storeFamily())
        .orElseThrow()
        .query(target.vectorIndex(), vector, topK, allowed);
  }

  private List<VectorHit> keyword(
      UUID knowledgeBaseId, String query, DocumentFilter filter, int topK) {
    return documents.keyword(knowledgeBaseId, query, filter, topK).stream()
        .map(KnowledgeSearch::hit)
        .toList();
  }

  /** Reciprocal rank fusion of ranked lists: the {@code topK} best fused, best first. */
  static List<VectorHit> fuse(List<List<VectorHit>> rankings, int topK) {
    Map<UUID, Double> scores = new HashMap<>();
    for (List<VectorHit> ranking : rankings) {
      for (int rank = 0; rank < ranking.size(); rank++) {
        scores.merge(ranking.get(rank).chunkId(), 1.0 / (RRF_K + rank + 1), Double::sum);
      }
    }
    List<VectorHit> fused = new ArrayList<>();
    scores.forEach((chunk, score) -> fused.add(new VectorHit(chunk, score)));
    fused.sort(
        Comparator.comparingDouble(VectorHit::score).reversed().thenComparing(VectorHit::chunkId));
    return fused.subList(0, Math.min(topK, fused.size()));
  }

  private static VectorHit hit(ChunkScore score) {
    return new VectorHit(score.chunkId(), score.score());
  }
}
