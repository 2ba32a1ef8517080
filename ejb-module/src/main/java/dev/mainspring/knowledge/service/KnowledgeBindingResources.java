package dev.mainspring.knowledge.service;

import dev.mainspring.inference.service.deployment.BindableKnowledgeBases;
import dev.mainspring.knowledge.model.KnowledgeBase;
import dev.mainspring.knowledge.model.KnowledgeBaseRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Knowledge bases as the deployment rules and views see them (vector_store binding resources), in
 * the caller's transaction.
 */
@ApplicationScoped
public class KnowledgeBindingResources implements BindableKnowledgeBases {

  @Inject KnowledgeBaseRepository knowledgeBases;

  @Override
  public Optional<KnowledgeBaseResource> find(UUID id) {
    return knowledgeBases.find(id).map(KnowledgeBindingResources::resource);
  }

  @Override
  public List<KnowledgeBaseResource> list(List<UUID> ids) {
    return ids.stream()
        .map(knowledgeBases::find)
        .flatMap(Optional::stream)
        .map(KnowledgeBindingResources::resource)
        .toList();
  }

  private static KnowledgeBaseResource resource(KnowledgeBase kb) {
    return new KnowledgeBaseResource(
        kb.getId(),
        kb.getSlug(),
        kb.getDisplayName(),
        kb.getProviderId(),
        kb.getIndexName(),
        kb.isEligibleForBinding());
  }
}
