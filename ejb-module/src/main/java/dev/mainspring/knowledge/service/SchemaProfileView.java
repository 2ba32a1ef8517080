package dev.mainspring.knowledge.service;

import dev.mainspring.knowledge.model.SchemaProfile;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A schema profile as it is shown; {@code builtin} profiles came with Mainspring. */
@JsonbPropertyOrder({
  "id",
  "providerKey",
  "slug",
  "displayName",
  "description",
  "properties",
  "builtin",
  "createdAt"
})
public record SchemaProfileView(
    UUID id,
    String providerKey,
    String slug,
    String displayName,
    String description,
    List<SchemaProperty> properties,
    boolean builtin,
    Instant createdAt) {

  static SchemaProfileView of(SchemaProfile p) {
    return new SchemaProfileView(
        p.getId(),
        p.getProviderKey(),
        p.getSlug(),
        p.getDisplayName(),
        p.getDescription(),
        SchemaProperty.fromJson(p.getProperties()),
        p.isBuiltin(),
        p.getCreatedAt());
  }
}
