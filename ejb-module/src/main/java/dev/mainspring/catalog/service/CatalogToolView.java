package dev.mainspring.catalog.service;

import dev.mainspring.catalog.model.CatalogEntry;
import dev.mainspring.platform.service.Jsons;
import jakarta.json.JsonObject;
import java.time.Instant;

/** A catalog tool at its current registry version; {@code version} is also its entity tag. */
public record CatalogToolView(
    String id,
    String kind,
    String classification,
    String status,
    int version,
    String name,
    String description,
    String transport,
    String connectionProfileRef,
    String toolName,
    JsonObject inputSchema,
    boolean onlineOnly,
    Instant createdAt,
    Instant updatedAt) {

  static CatalogToolView of(CatalogEntry entry) {
    CatalogToolDraft d = draft(entry);
    return new CatalogToolView(
        entry.getRef(),
        entry.getKind(),
        entry.getClassification(),
        entry.getStatus(),
        entry.getCurrentVersion(),
        d.name(),
        d.description(),
        d.transport(),
        d.connectionProfileRef(),
        d.toolName(),
        d.inputSchema(),
        d.onlineOnly(),
        entry.getCreatedAt(),
        entry.getUpdatedAt());
  }

  static CatalogToolDraft draft(CatalogEntry entry) {
    return CatalogToolDraft.of(Jsons.reader(entry.getSpec()).readObject());
  }
}
