package dev.mainspring.catalog.service;

import java.util.List;
import java.util.UUID;

/**
 * What a user may pick for a playground session: the models the runtime allows them, the assistants
 * (catalog agents) their organization may run, and the knowledge bases bound to the active
 * deployment that are active and ready.
 */
public record PlaygroundOptionsView(
    List<ModelOption> models,
    List<AssistantOption> assistants,
    List<KnowledgeBaseOption> knowledgeBases) {

  /** A model a session may select. */
  public record ModelOption(String id, String displayName, boolean isDefault) {}

  /** A catalog agent a session may talk to. */
  public record AssistantOption(
      String id,
      String name,
      String description,
      String classification,
      boolean knowledgeRetrieval) {}

  /** A knowledge base a knowledge session may bind. */
  public record KnowledgeBaseOption(UUID id, String name, String description) {}
}
