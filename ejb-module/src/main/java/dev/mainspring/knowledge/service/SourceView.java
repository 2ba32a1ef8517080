package dev.mainspring.knowledge.service;

import dev.mainspring.knowledge.model.KnowledgeSource;
import dev.mainspring.platform.service.Jsons;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A knowledge source; {@code path} is the real path it was checked as. */
@JsonbPropertyOrder({
  "id",
  "knowledgeBaseId",
  "sourceType",
  "displayName",
  "path",
  "includeGlobs",
  "excludeGlobs",
  "lifecycleState",
  "version",
  "createdAt",
  "updatedAt"
})
public record SourceView(
    UUID id,
    UUID knowledgeBaseId,
    String sourceType,
    String displayName,
    String path,
    List<String> includeGlobs,
    List<String> excludeGlobs,
    String lifecycleState,
    long version,
    Instant createdAt,
    Instant updatedAt) {

  static SourceView of(KnowledgeSource source) {
    return new SourceView(
        source.getId(),
        source.getKnowledgeBaseId(),
        source.getSourceType(),
        source.getDisplayName(),
        source.getPath(),
        globs(source.getIncludeGlobs()),
        globs(source.getExcludeGlobs()),
        source.getLifecycleState(),
        source.getVersion(),
        source.getCreatedAt(),
        source.getUpdatedAt());
  }

  static List<String> globs(String json) {
    try (JsonReader reader = Jsons.reader(json)) {
      return reader.readArray().getValuesAs(JsonString.class).stream()
          .map(JsonString::getString)
          .toList();
    }
  }
}
