package dev.mainspring.knowledge.service;

import dev.mainspring.platform.error.InvalidRequestException;
import java.util.UUID;

/**
 * Where a knowledge base's vectors come from, fixed at creation (document C): {@code
 * vanessa_embeddings} with an explicit embeddings provider instance and managed model (resource),
 * or {@code self_provided} for vectors the client supplies (kept out of the text-ingestion and
 * text-query flows). {@link #check} enforces the shape; whether the provider and model exist and
 * fit is the service's check.
 */
public record Vectorization(String mode, UUID embeddingsProviderId, UUID embeddingsResourceId) {

  public static final String PLATFORM_EMBEDDINGS = "vanessa_embeddings";
  public static final String SELF_PROVIDED = "self_provided";

  /** The vectorization, shape-checked; 400 {@code invalid_vectorization} when it is not one. */
  public static Vectorization check(Vectorization requested) {
    if (requested == null || requested.mode() == null) {
      throw invalid(
          "vectorization.mode is required: " + PLATFORM_EMBEDDINGS + " or " + SELF_PROVIDED);
    }
    switch (requested.mode()) {
      case PLATFORM_EMBEDDINGS -> {
        if (requested.embeddingsProviderId() == null || requested.embeddingsResourceId() == null) {
          throw invalid(
              PLATFORM_EMBEDDINGS
                  + " needs vectorization.embeddings_provider_id and"
                  + " vectorization.embeddings_resource_id");
        }
        return requested;
      }
      case SELF_PROVIDED -> {
        if (requested.embeddingsProviderId() != null || requested.embeddingsResourceId() != null) {
          throw invalid(SELF_PROVIDED + " takes no embeddings provider or resource");
        }
        return requested;
      }
      default ->
          throw invalid(
              "vectorization.mode must be " + PLATFORM_EMBEDDINGS + " or " + SELF_PROVIDED);
    }
  }

  static InvalidRequestException invalid(String message) {
    return new InvalidRequestException("invalid_vectorization", message);
  }
}
