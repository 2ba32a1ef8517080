package dev.mainspring.knowledge.service;

import dev.mainspring.identity.service.CurrentCaller;
import dev.mainspring.knowledge.service.vector.KnowledgeIndexSync;
import dev.mainspring.knowledge.service.vector.VectorHit;
import dev.mainspring.knowledge.service.vector.VectorStores;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.util.List;
import java.util.UUID;

/**
 * Document C's retrieval test ({@code POST .../query}): embeds the query with the knowledge base's
 * embeddings model through the gateway, asks the knowledge base's vector store for the nearest
 * chunks and returns them with their documents. Semantic search only in this slice. No transaction
 * is open while embedding or searching.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class KnowledgeSearch {

  @Inject CurrentCaller currentCaller;
  @Inject DocumentService documents;
  @Inject KnowledgeEmbedder embedder;
  @Inject VectorStores stores;
  @Inject KnowledgeIndexSync index;

  public QueryResultView query(
      @NotNull UUID knowledgeBaseId, @NotNull @Valid QueryRequest request, String requestId) {
    EmbeddingTarget target = documents.queryTarget(knowledgeBaseId);
    index.awaitLoaded();
    float[] vector =
        embedder.embed(currentCaller.get(), target, List.of(request.query()), requestId).get(0);
    List<VectorHit> hits =
        stores
            .forFamily(target.storeFamily())
            .orElseThrow()
            .query(target.index(), vector, request.topKOrDefault());
    return new QueryResultView(
        knowledgeBaseId, request.query(), request.topKOrDefault(), documents.hits(hits));
  }
}
