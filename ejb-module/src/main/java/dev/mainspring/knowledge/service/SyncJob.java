package dev.mainspring.knowledge.service;

import dev.mainspring.identity.service.Caller;
import dev.mainspring.knowledge.service.SourceFiles.SourceFileException;
import dev.mainspring.platform.error.MainspringException;
import jakarta.annotation.PostConstruct;
import jakarta.batch.operations.JobOperator;
import jakarta.batch.runtime.BatchRuntime;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.validation.constraints.NotNull;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Source syncs as the Jakarta Batch job {@value #JOB} (META-INF/batch-jobs of this module; its
 * artifacts are in {@code dev.mainspring.knowledge.service.sync}). No transaction is open here: a
 * run is queued and committed before the job starts, and a file is read, extracted, chunked and
 * embedded (maybe over the network) between the job's transactions: the batch runtime holds a
 * chunk's transaction open around the processor, and calling this bean suspends it.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class SyncJob {

  /** The job's name (its XML file). */
  public static final String JOB = "knowledge-source-sync";

  /** The resync job's name (its XML file). */
  public static final String RESYNC_JOB = "knowledge-resync";

  /** The largest file a sync reads; a larger one fails that file. */
  public static final long MAX_FILE_BYTES = 20L * 1024 * 1024;

  @Inject SyncService runs;
  @Inject DocumentService documents;
  @Inject KnowledgeEmbedder embedder;

  @Inject
  @ConfigProperty(name = "CONTEXT_SOURCE_ROOTS")
  Optional<String> rootsValue;

  private SourceRoots roots;

  @PostConstruct
  void init() {
    roots = SourceRoots.parse(rootsValue.orElse(null));
  }

  /**
   * What a run reads: the source's directory (its real path), globs, and who queued it (whose
   * organization the embeddings are metered to).
   *
   * @param runId the sync run
   * @param knowledgeBaseId its knowledge base
   * @param sourceId its source
   * @param path the source's directory as stored
   * @param include include globs
   * @param exclude exclude globs
   * @param requestedBy the superadmin who queued the run
   * @param orgId the organization the embeddings are metered to, null for none
   * @param checkpointPath the last file whose chunk committed (in any execution), null for none
   */
  public record Plan(
      UUID runId,
      UUID knowledgeBaseId,
      UUID sourceId,
      String path,
      List<String> include,
      List<String> exclude,
      UUID requestedBy,
      UUID orgId,
      String checkpointPath)
      implements java.io.Serializable {}

  /**
   * What a resync reads: the knowledge base's active local_directory sources, each as the plan of a
   * source sync that is part of this run, and who queued it.
   *
   * @param runId the resync run
   * @param knowledgeBaseId its knowledge base
   * @param sources one plan per active local_directory source, in source id order
   * @param requestedBy the superadmin who queued the run
   * @param orgId the organization the embeddings are metered to, null for none
   * @param checkpointKey the {@link #key} of the last file whose chunk committed, null for none
   */
  public record ResyncPlan(
      UUID runId,
      UUID knowledgeBaseId,
      List<Plan> sources,
      UUID requestedBy,
      UUID orgId,
      String checkpointKey)
      implements java.io.Serializable {}

  /**
   * A resync's position among the files of all its sources: the source id (36 characters, so the
   * keys sort by source, then by path) and the source-relative path.
   */
  public static String key(UUID sourceId, String path) {
    return sourceId + "/" + path;
  }

  /**
   * A stored document re-chunked and re-embedded by a resync, to be written.
   *
   * @param documentId the document
   * @param stored its text as read, null when it was gone
   * @param chunks its new chunks with vectors, null when it was gone
   */
  public record Rebuilt(
      UUID documentId, DocumentService.StoredText stored, List<ChunkContent> chunks) {}

  /**
   * One file made ready to write: failed ({@code errorCode} set), unchanged ({@code chunks} null)
   * or with its new chunks.
   *
   * @param sourceId the source the file is in
   * @param path the source-relative path
   * @param target where it is written
   * @param content the document's fields
   * @param chunks the chunks with vectors, null when the text did not change
   * @param errorCode why the file failed, null when it did not
   * @param errorMessage the failure's message
   */
  public record Prepared(
      UUID sourceId,
      String path,
      DocumentService.SourceTarget target,
      DocumentContent content,
      List<ChunkContent> chunks,
      String errorCode,
      String errorMessage) {

    static Prepared failed(Plan plan, String path, String code, String message) {
      return new Prepared(plan.sourceId(), path, null, null, null, code, message);
    }
  }

  /**
   * Queues a sync run of the source and starts its job; 202's body. A job that cannot be started
   * ends the run as an error at once.
   */
  public SyncRunView start(@NotNull UUID knowledgeBaseId, @NotNull UUID sourceId) {
    SyncRunView run = runs.queue(knowledgeBaseId, sourceId);
    launch(run.id());
    return run;
  }

  /**
   * Queues a resync of the knowledge base and starts its job; 202's body. A job that cannot be
   * started ends the run as an error at once.
   */
  public SyncRunView resync(@NotNull UUID knowledgeBaseId) {
    SyncRunView run = runs.queueResync(knowledgeBaseId);
    launch(run.id());
    return run;
  }

  /**
   * Starts a job execution for a queued run (a source sync or a resync), or for a claimed run whose
   * instance died (the new execution goes on after the run's checkpoint). A job that cannot be
   * started ends the run.
   */
  public void launch(@NotNull UUID runId) {
    Properties parameters = new Properties();
    parameters.setProperty("runId", runId.toString());
    try {
      JobOperator operator = BatchRuntime.getJobOperator();
      runs.attach(runId, operator.start(runs.jobOf(runId), parameters));
    } catch (RuntimeException e) {
      runs.finish(runId, "the sync job could not be started: " + e.getMessage());
      throw e;
    }
  }

  /**
   * The directory of the plan checked again against the roots (it may have become a link out of
   * them since the source was written) and the files the globs select, in path order.
   */
  public Directory directory(Plan plan) {
    Path directory;
    try {
      directory = Path.of(roots.check(plan.path()));
    } catch (MainspringException e) {
      throw new SourceFileException(e.code(), e.getMessage());
    }
    return new Directory(directory, SourceFiles.list(directory, plan.include(), plan.exclude()));
  }

  /**
   * The source's real directory and its selected files.
   *
   * @param root the directory, real path
   * @param files source-relative paths, sorted
   */
  public record Directory(Path root, List<String> files) {}

  /** Reads, extracts, chunks and embeds one file; a file that cannot be read fails alone. */
  public Prepared prepare(Plan plan, Path root, String path) {
    DocumentText.Extracted extracted;
    try {
      Path real = SourceFiles.open(root, path);
      if (Files.size(real) > MAX_FILE_BYTES) {
        return Prepared.failed(
            plan, path, "file_too_large", "file " + path + " exceeds " + MAX_FILE_BYTES + " bytes");
      }
      extracted = DocumentText.extract(path, Files.readAllBytes(real));
    } catch (SourceFileException e) {
      return Prepared.failed(plan, path, e.code(), e.getMessage());
    } catch (MainspringException e) {
      return Prepared.failed(plan, path, e.code(), e.getMessage());
    } catch (IOException e) {
      return Prepared.failed(plan, path, "source_file_unreadable", "file " + path + ": " + e);
    }
    String text = extracted.text();
    String name = path.substring(path.lastIndexOf('/') + 1);
    DocumentContent content =
        new DocumentContent(
            name.length() > 300 ? name.substring(0, 300) : name,
            path,
            extracted.mediaType(),
            "{}",
            text,
            DocumentIngestion.sha256(text));
    DocumentService.SourceTarget target =
        documents.sourceTarget(plan.knowledgeBaseId(), plan.sourceId(), path);
    if (content.contentHash().equals(target.target().contentHash())) {
      return new Prepared(plan.sourceId(), path, target, content, null, null, null);
    }
    List<TokenWindows.Window> windows = embedder.chunk(target.target(), text);
    Caller caller = new Caller(plan.requestedBy(), plan.orgId(), null, true, null, Set.of());
    List<float[]> vectors =
        embedder.embed(
            caller,
            target.target(),
            windows.stream().map(TokenWindows.Window::text).toList(),
            "sync-" + plan.runId());
    List<ChunkContent> chunks = new ArrayList<>(windows.size());
    for (int i = 0; i < windows.size(); i++) {
      chunks.add(new ChunkContent(windows.get(i).text(), windows.get(i).tokens(), vectors.get(i)));
    }
    return new Prepared(plan.sourceId(), path, target, content, chunks, null, null);
  }

  /**
   * Re-chunks and re-embeds one stored document from its stored text, for a resync's rebuild step;
   * a document deleted meanwhile comes back with nothing to write.
   */
  public Rebuilt rebuild(ResyncPlan plan, UUID documentId) {
    DocumentService.StoredText stored = documents.storedText(documentId).orElse(null);
    if (stored == null) {
      return new Rebuilt(documentId, null, null);
    }
    List<TokenWindows.Window> windows = embedder.chunk(stored.target(), stored.text());
    Caller caller = new Caller(plan.requestedBy(), plan.orgId(), null, true, null, Set.of());
    List<float[]> vectors =
        embedder.embed(
            caller,
            stored.target(),
            windows.stream().map(TokenWindows.Window::text).toList(),
            "resync-" + plan.runId());
    List<ChunkContent> chunks = new ArrayList<>(windows.size());
    for (int i = 0; i < windows.size(); i++) {
      chunks.add(new ChunkContent(windows.get(i).text(), windows.get(i).tokens(), vectors.get(i)));
    }
    return new Rebuilt(documentId, stored, chunks);
  }
}
