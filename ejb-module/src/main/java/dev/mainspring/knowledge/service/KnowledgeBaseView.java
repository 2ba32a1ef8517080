package dev.mainspring.knowledge.service;

import dev.mainspring.knowledge.model.KnowledgeBase;
import dev.mainspring.platform.service.Jsons;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A knowledge base as document C's detail payload shows it. {@code syncStatus} is {@code ready},
 * {@code syncing} or {@code error}; {@code eligibleForBinding} says whether a deployment may bind
 * it (active and ready). {@code indexName} is the vector-store resource the knowledge base is
 * stored under ({@code provider_resource_id} of a binding).
 */
@JsonbPropertyOrder({
  "id",
  "slug",
  "displayName",
  "description",
  "providerId",
  "providerKey",
  "indexName",
  "schemaProfileId",
  "schema",
  "lifecycleState",
  "chunking",
  "vectorization",
  "syncStatus",
  "lastSyncAt",
  "lastSyncError",
  "lastSyncSummary",
  "eligibleForBinding",
  "version",
  "createdAt",
  "updatedAt"
})
public record KnowledgeBaseView(
    UUID id,
    String slug,
    String displayName,
    String description,
    UUID providerId,
    String providerKey,
    String indexName,
    UUID schemaProfileId,
    List<SchemaProperty> schema,
    String lifecycleState,
    Chunking chunking,
    VectorizationView vectorization,
    String syncStatus,
    Instant lastSyncAt,
    String lastSyncError,
    JsonObject lastSyncSummary,
    boolean eligibleForBinding,
    long version,
    Instant createdAt,
    Instant updatedAt) {

  /** The vectorization, with the key clients name the embeddings model by ({@code modelId}). */
  @JsonbPropertyOrder({"mode", "embeddingsProviderId", "embeddingsResourceId", "modelId"})
  public record VectorizationView(
      String mode, UUID embeddingsProviderId, UUID embeddingsResourceId, String modelId) {}

  static KnowledgeBaseView of(KnowledgeBase kb, String providerKey, String modelKey) {
    return new KnowledgeBaseView(
        kb.getId(),
        kb.getSlug(),
        kb.getDisplayName(),
        kb.getDescription(),
        kb.getProviderId(),
        providerKey,
        kb.getIndexName(),
        kb.getSchemaProfileId(),
        SchemaProperty.fromJson(kb.getSchemaProperties()),
        kb.getLifecycleState(),
        chunking(kb),
        new VectorizationView(
            kb.getVectorizationMode(),
            kb.getEmbeddingsProviderId(),
            kb.getEmbeddingsModelId(),
            modelKey),
        kb.getSyncStatus(),
        kb.getLastSyncAt(),
        kb.getLastSyncError(),
        summary(kb.getLastSyncSummary()),
        kb.isEligibleForBinding(),
        kb.getVersion(),
        kb.getCreatedAt(),
        kb.getUpdatedAt());
  }

  static Chunking chunking(KnowledgeBase kb) {
    return new Chunking(kb.getChunkingStrategy(), kb.getChunkLength(), kb.getChunkOverlap());
  }

  private static JsonObject summary(String json) {
    if (json == null) {
      return null;
    }
    try (JsonReader reader = Jsons.reader(json)) {
      return reader.readObject();
    }
  }
}
