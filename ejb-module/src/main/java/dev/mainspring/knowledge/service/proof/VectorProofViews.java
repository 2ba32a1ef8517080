package dev.mainspring.knowledge.service.proof;

import jakarta.json.JsonObject;
import java.util.List;
import java.util.UUID;

/** The answers of the vector proof routes: provider-neutral, the same for every family. */
public final class VectorProofViews {

  private VectorProofViews() {}

  /**
   * What a proof route acted on: the index (as the client named it), the provider instance of the
   * active vector_store binding and its family.
   */
  public record Target(UUID providerId, String providerKey) {}

  /** An ensured index. */
  public record Ensured(String index, int dimensions, UUID providerId, String providerKey) {}

  /** Documents written or deleted. */
  public record Changed(String index, int count, UUID providerId, String providerKey) {}

  /** A query's hits, nearest first; {@code score} is the cosine similarity. */
  public record Hits(String index, int topK, List<Hit> hits, UUID providerId, String providerKey) {}

  /**
   * Texts embedded through the active deployment's embeddings binding: the model's key, the
   * vectors' dimensions, one vector per text in order.
   */
  public record Embedded(String model, int dimensions, List<float[]> embeddings) {}

  /** One hit: the document's id, its score and the metadata it was written with (or null). */
  public record Hit(UUID id, double score, JsonObject metadata) {}
}
