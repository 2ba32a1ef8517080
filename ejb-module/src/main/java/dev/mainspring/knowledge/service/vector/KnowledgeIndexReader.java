package dev.mainspring.knowledge.service.vector;

import dev.mainspring.inference.model.provider.ProviderInstance;
import dev.mainspring.inference.model.provider.ProviderInstanceRepository;
import dev.mainspring.knowledge.model.KnowledgeBase;
import dev.mainspring.knowledge.model.KnowledgeBaseRepository;
import dev.mainspring.knowledge.model.KnowledgeChange;
import dev.mainspring.knowledge.model.KnowledgeChunk;
import dev.mainspring.knowledge.model.KnowledgeDocumentRepository;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The reads {@link KnowledgeIndexSync} makes, each in a short transaction of its own. */
@Stateless
public class KnowledgeIndexReader {

  /**
   * Where a knowledge base's vectors are searched: its index on its provider instance and the store
   * family.
   */
  public record IndexTarget(UUID knowledgeBaseId, UUID providerId, String index, String family) {

    public VectorIndex vectorIndex() {
      return new VectorIndex(providerId, index);
    }
  }

  /** A provider instance and its family. */
  public record StoreInstance(UUID providerId, String family) {}

  @Inject KnowledgeBaseRepository knowledgeBases;
  @Inject KnowledgeDocumentRepository documents;
  @Inject ProviderInstanceRepository providers;

  public long lastChange() {
    return documents.lastChange();
  }

  public List<KnowledgeChange> changesAfter(long sequence, int limit) {
    return documents.changesAfter(sequence, limit);
  }

  public List<IndexTarget> targets() {
    return knowledgeBases.listAll().stream().map(this::target).toList();
  }

  /** Every provider instance (of any family; the caller keeps those a store serves). */
  public List<StoreInstance> providers() {
    return providers.listAll().stream()
        .map(p -> new StoreInstance(p.getId(), p.getFamilyKey()))
        .toList();
  }

  public Optional<IndexTarget> target(UUID knowledgeBaseId) {
    return knowledgeBases.find(knowledgeBaseId).map(this::target);
  }

  /** A page of the knowledge base's vectors in chunk id order, after {@code after}. */
  public List<IndexedVector> vectors(UUID knowledgeBaseId, UUID after, int limit) {
    return documents.chunksOfKnowledgeBase(knowledgeBaseId, after, limit).stream()
        .map(KnowledgeIndexReader::indexed)
        .toList();
  }

  /** The document's vectors; none when it is gone. */
  public List<IndexedVector> documentVectors(UUID documentId) {
    return documents.chunksOf(documentId).stream().map(KnowledgeIndexReader::indexed).toList();
  }

  private IndexTarget target(KnowledgeBase kb) {
    String family =
        providers.find(kb.getProviderId()).map(ProviderInstance::getFamilyKey).orElse(null);
    return new IndexTarget(kb.getId(), kb.getProviderId(), kb.getIndexName(), family);
  }

  private static IndexedVector indexed(KnowledgeChunk chunk) {
    return new IndexedVector(chunk.getId(), chunk.getDocumentId(), chunk.vector());
  }
}
