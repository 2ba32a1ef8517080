package dev.mainspring.inference.service.deployment;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The knowledge bases a vector_store binding may name, as the deployment rules and views need them.
 * Knowledge bases are the knowledge context's; it implements this, so the model platform does not
 * depend on it (the knowledge context depends on the model platform already).
 */
public interface BindableKnowledgeBases {

  /** A knowledge base as a binding resource. */
  record KnowledgeBaseResource(
      UUID id,
      String slug,
      String displayName,
      UUID providerId,
      String indexName,
      boolean eligibleForBinding) {}

  Optional<KnowledgeBaseResource> find(UUID id);

  /** Those of these ids that exist, in no particular order. */
  List<KnowledgeBaseResource> list(List<UUID> ids);
}
