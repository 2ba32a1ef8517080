package dev.mainspring.catalog.service;

import dev.mainspring.catalog.model.RegistryArtifact;
import dev.mainspring.platform.service.Jsons;
import jakarta.json.JsonObject;
import java.time.Instant;
import java.util.UUID;

/** One registry version of an artifact. */
public record RegistryArtifactView(
    String kind, String id, int version, JsonObject spec, UUID createdBy, Instant createdAt) {

  static RegistryArtifactView of(RegistryArtifact artifact) {
    return new RegistryArtifactView(
        artifact.getKind(),
        artifact.getArtifactId(),
        artifact.getVersion(),
        Jsons.reader(artifact.getSpec()).readObject(),
        artifact.getCreatedBy(),
        artifact.getCreatedAt());
  }
}
