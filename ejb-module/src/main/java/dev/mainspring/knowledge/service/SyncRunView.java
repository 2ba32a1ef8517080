package dev.mainspring.knowledge.service;

import dev.mainspring.knowledge.model.KnowledgeSyncRun;
import dev.mainspring.platform.service.Jsons;
import jakarta.json.JsonArray;
import jakarta.json.JsonReader;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;
import java.util.UUID;

/**
 * A sync run (document C): operation ({@code source_sync} or {@code resync}), state ({@code
 * queued}, {@code running}, {@code ready}, {@code error}), file and document counters ({@code
 * documentsRebuilt}: documents a resync re-chunked) and the files that failed ({@code path}, {@code
 * code}, {@code message}).
 */
@JsonbPropertyOrder({
  "id",
  "knowledgeBaseId",
  "sourceId",
  "operation",
  "status",
  "filesSeen",
  "filesWritten",
  "filesUnchanged",
  "filesFailed",
  "documentsDeleted",
  "documentsRebuilt",
  "errors",
  "error",
  "createdAt",
  "startedAt",
  "finishedAt"
})
public record SyncRunView(
    UUID id,
    UUID knowledgeBaseId,
    UUID sourceId,
    String operation,
    String status,
    int filesSeen,
    int filesWritten,
    int filesUnchanged,
    int filesFailed,
    int documentsDeleted,
    int documentsRebuilt,
    JsonArray errors,
    String error,
    Instant createdAt,
    Instant startedAt,
    Instant finishedAt) {

  static SyncRunView of(KnowledgeSyncRun run) {
    JsonArray errors;
    try (JsonReader reader = Jsons.reader(run.getErrors())) {
      errors = reader.readArray();
    }
    return new SyncRunView(
        run.getId(),
        run.getKnowledgeBaseId(),
        run.getSourceId(),
        run.getOperation(),
        run.getStatus(),
        run.getFilesSeen(),
        run.getFilesWritten(),
        run.getFilesUnchanged(),
        run.getFilesFailed(),
        run.getDocumentsDeleted(),
        run.getDocumentsRebuilt(),
        errors,
        run.getError(),
        run.getCreatedAt(),
        run.getStartedAt(),
        run.getFinishedAt());
  }

  /** The summary kept on the knowledge base after the run ({@code last_sync_summary}). */
  String summaryJson() {
    return Jsons.object()
        .add("sync_run_id", id.toString())
        .add("operation", operation)
        .add("source_id", sourceId == null ? "" : sourceId.toString())
        .add("files_seen", filesSeen)
        .add("files_written", filesWritten)
        .add("files_unchanged", filesUnchanged)
        .add("files_failed", filesFailed)
        .add("documents_deleted", documentsDeleted)
        .add("documents_rebuilt", documentsRebuilt)
        .build()
        .toString();
  }
}
