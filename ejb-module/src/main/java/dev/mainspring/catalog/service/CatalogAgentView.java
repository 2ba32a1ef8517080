package dev.mainspring.catalog.service;

import dev.mainspring.catalog.model.CatalogEntry;
import dev.mainspring.platform.service.Jsons;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A catalog agent at its current registry version; {@code version} is also its entity tag. */
public record CatalogAgentView(
    String id,
    String kind,
    String classification,
    UUID ownerUserId,
    UUID orgId,
    String status,
    int version,
    String name,
    String description,
    String instructions,
    String model,
    Double temperature,
    Integer maxTokens,
    int stepLimit,
    List<String> toolRefs,
    List<String> toolsNeedingApproval,
    boolean knowledgeRetrieval,
    Instant createdAt,
    Instant updatedAt) {

  static CatalogAgentView of(CatalogEntry entry) {
    CatalogAgentDraft d = draft(entry);
    return new CatalogAgentView(
        entry.getRef(),
        entry.getKind(),
        entry.getClassification(),
        entry.getOwnerUserId(),
        entry.getOrgId(),
        entry.getStatus(),
        entry.getCurrentVersion(),
        d.name(),
        d.description(),
        d.instructions(),
        d.model(),
        d.temperature(),
        d.maxTokens(),
        d.stepLimit(),
        d.toolRefs(),
        d.toolsNeedingApproval(),
        d.knowledgeRetrieval(),
        entry.getCreatedAt(),
        entry.getUpdatedAt());
  }

  static CatalogAgentDraft draft(CatalogEntry entry) {
    return CatalogAgentDraft.of(Jsons.reader(entry.getSpec()).readObject());
  }
}
