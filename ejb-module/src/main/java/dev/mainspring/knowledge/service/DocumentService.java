package dev.mainspring.knowledge.service;

import dev.mainspring.identity.service.Caller;
import dev.mainspring.identity.service.CurrentCaller;
import dev.mainspring.inference.model.deployment.DeploymentBinding;
import dev.mainspring.inference.model.deployment.DeploymentRepository;
import dev.mainspring.inference.model.modelops.ManagedModel;
import dev.mainspring.inference.model.modelops.ManagedModelRepository;
import dev.mainspring.inference.model.provider.ProviderFamily;
import dev.mainspring.inference.model.provider.ProviderFamilyRepository;
import dev.mainspring.inference.model.provider.ProviderInstance;
import dev.mainspring.inference.model.provider.ProviderInstanceRepository;
import dev.mainspring.inference.service.Versions;
import dev.mainspring.knowledge.model.ChunkScore;
import dev.mainspring.knowledge.model.DocumentFilter;
import dev.mainspring.knowledge.model.KnowledgeBase;
import dev.mainspring.knowledge.model.KnowledgeBaseRepository;
import dev.mainspring.knowledge.model.KnowledgeChunk;
import dev.mainspring.knowledge.model.KnowledgeDocument;
import dev.mainspring.knowledge.model.KnowledgeDocumentRepository;
import dev.mainspring.knowledge.service.vector.VectorHit;
import dev.mainspring.knowledge.service.vector.VectorStores;
import dev.mainspring.platform.error.ConflictException;
import dev.mainspring.platform.error.NotFoundException;
import dev.mainspring.platform.service.Page;
import dev.mainspring.platform.service.PageRequest;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The transactions of knowledge documents and retrieval. Embedding happens between them ({@link
 * DocumentIngestion}, {@link KnowledgeSearch}): {@link #target} reads what the work needs, the
 * caller chunks and embeds with no transaction open, and {@link #write} stores the document, its
 * chunks and a change-log entry in one short transaction that refuses the write when the document
 * changed meanwhile. Admins read, superadmins write ({@link ContextAccess}).
 */
@Stateless
public class DocumentService {

  @Inject CurrentCaller currentCaller;
  @Inject KnowledgeBaseRepository knowledgeBases;
  @Inject KnowledgeDocumentRepository documents;
  @Inject ProviderInstanceRepository providers;
  @Inject ProviderFamilyRepository families;
  @Inject ManagedModelRepository models;
  @Inject VectorStores stores;
  @Inject DeploymentRepository deployments;

  /** A page of the knowledge base's documents without their text, newest first. */
  public Page<DocumentView> list(UUID knowledgeBaseId, PageRequest page) {
    ContextAccess.reader(currentCaller.get());
    knowledgeBases.get(knowledgeBaseId);
    return Page.of(
        documents.listIn(knowledgeBaseId, page.after(), page.limit()),
        document -> DocumentView.of(document, false));
  }

  /** One document with its text; 404 {@code document_not_found} unless it is in the base. */
  public DocumentView get(UUID knowledgeBaseId, UUID documentId) {
    ContextAccess.reader(currentCaller.get());
    knowledgeBases.get(knowledgeBaseId);
    return DocumentView.of(documents.getIn(knowledgeBaseId, documentId), true);
  }

  /**
   * What writing a document into the knowledge base needs (superadmin). For a replacement ({@code
   * documentId} given) the document must exist there, and {@code expectedVersion}, when given, must
   * be its version (412 otherwise).
   */
  public EmbeddingTarget writeTarget(UUID knowledgeBaseId, UUID documentId, Long expectedVersion) {
    ContextAccess.writer(currentCaller.get());
    KnowledgeBase kb = knowledgeBases.get(knowledgeBaseId);
    Long version = null;
    String hash = null;
    if (documentId != null) {
      KnowledgeDocument document = documents.getIn(knowledgeBaseId, documentId);
      Versions.check("document " + documentId, document.getVersion(), expectedVersion);
      version = document.getVersion();
      hash = document.getContentHash();
    }
    return target(kb, version, hash);
  }

  /** What querying the knowledge base needs (admin). */
  public EmbeddingTarget queryTarget(UUID knowledgeBaseId) {
    ContextAccess.reader(currentCaller.get());
    return target(knowledgeBases.get(knowledgeBaseId), null, null);
  }

  /**
   * Stores a new document ({@code target.documentVersion()} null) or replaces one, with its chunks
   * (null: the text did not change, the chunks stay), and records the change. 409 {@code
   * document_changed} when the document was changed or deleted since {@link #writeTarget}.
   */
  public DocumentView write(
      EmbeddingTarget target,
      UUID documentId,
      String origin,
      DocumentContent content,
      List<ChunkContent> chunks) {
    Caller caller = ContextAccess.writer(currentCaller.get());
    knowledgeBases.get(target.knowledgeBaseId());
    KnowledgeDocument document;
    if (documentId == null) {
      document = new KnowledgeDocument(target.knowledgeBaseId(), origin, caller.userId());
    } else {
      document =
          documents
              .find(documentId)
              .filter(d -> d.getVersion() == target.documentVersion())
              .orElseThrow(DocumentService::changed);
    }
    store(target, document, documentId == null, content, chunks);
    return DocumentView.of(document, true);
  }

  /**
   * What writing the file at {@code sourcePath} of a source needs, for a sync job (no caller: the
   * superadmin who queued the run was checked then): the target, with the version and hash of the
   * document an earlier sync made for the path, and that document's id (null for a new file).
   */
  public SourceTarget sourceTarget(UUID knowledgeBaseId, UUID sourceId, String sourcePath) {
    KnowledgeBase kb = knowledgeBases.get(knowledgeBaseId);
    KnowledgeDocument existing = documents.findFromSource(sourceId, sourcePath).orElse(null);
    return existing == null
        ? new SourceTarget(target(kb, null, null), null)
        : new SourceTarget(
            target(kb, existing.getVersion(), existing.getContentHash()), existing.getId());
  }

  /**
   * What a sync job writes for one file: the document of {@code (sourceId, content.sourcePath())},
   * new or replaced like {@link #write}, with the change-log entry; in the caller's transaction
   * (the job's chunk), so the document and the job's checkpoint commit together.
   */
  public void writeFromSource(
      SourceTarget source,
      UUID sourceId,
      UUID requestedBy,
      DocumentContent content,
      List<ChunkContent> chunks) {
    EmbeddingTarget target = source.target();
    knowledgeBases.get(target.knowledgeBaseId());
    KnowledgeDocument document;
    if (source.documentId() == null) {
      document =
          new KnowledgeDocument(
              target.knowledgeBaseId(), KnowledgeDocument.ORIGIN_SOURCE, requestedBy);
      document.fromSource(sourceId);
    } else {
      document =
          documents
              .find(source.documentId())
              .filter(d -> d.getVersion() == target.documentVersion())
              .orElseThrow(DocumentService::changed);
    }
    store(target, document, source.documentId() == null, content, chunks);
  }

  /**
   * Deletes the documents a sync of the source made for paths not in {@code present} (files gone
   * from the directory), with their change-log entries; answers how many.
   */
  public int deleteVanished(UUID knowledgeBaseId, UUID sourceId, Set<String> present) {
    int deleted = 0;
    for (KnowledgeDocument document : documents.fromSource(sourceId)) {
      if (!present.contains(document.getSourcePath())) {
        documents.remove(document);
        documents.appendChange(knowledgeBaseId, document.getId());
        deleted++;
      }
    }
    return deleted;
  }

  /**
   * The target of the knowledge base's text flows, for a resync (no caller: a superadmin queued
   * it): 409 {@code self_provided_knowledge_base} or {@code vector_store_adapter_missing} as for a
   * document write.
   */
  public EmbeddingTarget textTarget(UUID knowledgeBaseId) {
    return target(knowledgeBases.get(knowledgeBaseId), null, null);
  }

  /**
   * What re-chunking a stored document needs, for a resync's rebuild step: its stored text, with
   * the version and hash it had when read; empty when the document is gone.
   */
  public Optional<StoredText> storedText(UUID documentId) {
    return documents
        .find(documentId)
        .map(
            d ->
                new StoredText(
                    target(
                        knowledgeBases.get(d.getKnowledgeBaseId()),
                        d.getVersion(),
                        d.getContentHash()),
                    d.getId(),
                    d.getText()));
  }

  /**
   * Replaces a stored document's chunks with ones made again from its stored text, in the caller's
   * transaction (a resync's chunk), with a change-log entry so every instance's index follows. The
   * document keeps its version: its content did not change. Answers false, writing nothing, when
   * the document was deleted or written since {@link #storedText} (that write made its chunks).
   */
  public boolean rebuild(StoredText stored, List<ChunkContent> chunks) {
    EmbeddingTarget target = stored.target();
    KnowledgeDocument document = documents.findLocked(stored.documentId()).orElse(null);
    if (document == null
        || document.getVersion() != target.documentVersion()
        || !document.getContentHash().equals(target.contentHash())) {
      return false;
    }
    document.content(
        document.getText(),
        document.getContentHash(),
        chunks.size(),
        chunks.stream().mapToInt(ChunkContent::tokens).sum());
    List<KnowledgeChunk> rows = new ArrayList<>(chunks.size());
    for (int i = 0; i < chunks.size(); i++) {
      ChunkContent chunk = chunks.get(i);
      rows.add(
          new KnowledgeChunk(
              target.knowledgeBaseId(),
              document.getId(),
              i,
              chunk.text(),
              chunk.tokens(),
              chunk.vector()));
    }
    documents.replaceChunks(document.getId(), rows);
    documents.appendChange(target.knowledgeBaseId(), document.getId());
    return true;
  }

  /**
   * A stored document's text and what re-chunking it needs.
   *
   * @param target the knowledge base's target, with the document's version and hash when read
   * @param documentId the document
   * @param text its stored text
   */
  public record StoredText(EmbeddingTarget target, UUID documentId, String text) {}

  /**
   * The target of a source's file and the document a sync made for it before, if any.
   *
   * @param target what the write needs
   * @param documentId the document of the file, null for a new one
   */
  public record SourceTarget(EmbeddingTarget target, UUID documentId) {}

  /** Deletes the document and its chunks; a stale {@code expectedVersion} is 412. */
  public void delete(UUID knowledgeBaseId, UUID documentId, Long expectedVersion) {
    ContextAccess.writer(currentCaller.get());
    knowledgeBases.get(knowledgeBaseId);
    KnowledgeDocument document = documents.getIn(knowledgeBaseId, documentId);
    Versions.check("document " + documentId, document.getVersion(), expectedVersion);
    documents.remove(document);
    documents.appendChange(knowledgeBaseId, documentId);
  }

  /**
   * The chunks of the knowledge base the full-text search finds for the query, best first, of the
   * documents the filter lets through.
   */
  public List<ChunkScore> keyword(
      UUID knowledgeBaseId, String query, DocumentFilter filter, int limit) {
    ContextAccess.reader(currentCaller.get());
    return documents.keywordSearch(knowledgeBaseId, query, filter, limit);
  }

  /** The ids of the knowledge base's documents the filter lets through. */
  public Set<UUID> filtered(UUID knowledgeBaseId, DocumentFilter filter) {
    ContextAccess.reader(currentCaller.get());
    return new HashSet<>(documents.documentIds(knowledgeBaseId, filter));
  }

  /** The hits' chunks with their documents, in the hits' order; chunks gone since are left out. */
  public List<QueryResultView.Hit> hits(List<VectorHit> hits) {
    ContextAccess.reader(currentCaller.get());
    return hitsOf(hits);
  }

  /**
   * For an agent run (no request caller: the deployment's binding is the permission): the targets
   * of the knowledge bases bound to the active deployment's vector_store binding that are active,
   * ready and take text, in the binding's order.
   */
  public List<EmbeddingTarget> boundTargets() {
    List<EmbeddingTarget> targets = new ArrayList<>();
    deployments
        .findActive()
        .flatMap(d -> deployments.binding(d.getId(), DeploymentBinding.VECTOR_STORE))
        .ifPresent(
            binding -> {
              for (UUID id : binding.getKnowledgeBaseIds()) {
                knowledgeBases
                    .find(id)
                    .filter(KnowledgeBase::isEligibleForBinding)
                    .filter(
                        kb -> KnowledgeBase.PLATFORM_EMBEDDINGS.equals(kb.getVectorizationMode()))
                    .ifPresent(kb -> targets.add(target(kb, null, null)));
              }
            });
    return targets;
  }

  /** For an agent run: {@link #keyword} without a request caller (see {@link #boundTargets}). */
  public List<ChunkScore> keywordForRun(UUID knowledgeBaseId, String query, int limit) {
    return documents.keywordSearch(knowledgeBaseId, query, DocumentFilter.NONE, limit);
  }

  /** For an agent run: {@link #hits} without a request caller (see {@link #boundTargets}). */
  public List<QueryResultView.Hit> hitsForRun(List<VectorHit> hits) {
    return hitsOf(hits);
  }

  private List<QueryResultView.Hit> hitsOf(List<VectorHit> hits) {
    Map<UUID, KnowledgeChunk> chunks =
        documents.chunks(hits.stream().map(VectorHit::chunkId).toList()).stream()
            .collect(Collectors.toMap(KnowledgeChunk::getId, Function.identity()));
    List<QueryResultView.Hit> results = new ArrayList<>();
    for (VectorHit hit : hits) {
      KnowledgeChunk chunk = chunks.get(hit.chunkId());
      KnowledgeDocument document =
          chunk == null ? null : documents.find(chunk.getDocumentId()).orElse(null);
      if (document == null) {
        continue;
      }
      results.add(
          new QueryResultView.Hit(
              chunk.getId(),
              hit.score(),
              chunk.getText(),
              chunk.getPosition(),
              document.getId(),
              document.getTitle(),
              document.getSourceId(),
              document.getSourcePath(),
              DocumentView.object(document.getMetadata())));
    }
    return results;
  }

  /**
   * The target of a knowledge base that takes text: 409 {@code self_provided_knowledge_base} for
   * one whose vectors the client supplies (document C keeps those out of the text flows), 409
   * {@code vector_store_adapter_missing} when no adapter serves its provider's family yet.
   */
  private EmbeddingTarget target(KnowledgeBase kb, Long documentVersion, String hash) {
    if (!KnowledgeBase.PLATFORM_EMBEDDINGS.equals(kb.getVectorizationMode())) {
      throw new ConflictException(
          "self_provided_knowledge_base",
          "knowledge base "
              + kb.getSlug()
              + " takes self-provided vectors; text ingestion and text queries need"
              + " vanessa_embeddings");
    }
    ProviderInstance store =
        providers
            .find(kb.getProviderId())
            .orElseThrow(() -> NotFoundException.of("knowledge_base", kb.getId()));
    if (stores.forFamily(store.getFamilyKey()).isEmpty()) {
      throw new ConflictException(
          "vector_store_adapter_missing",
          "no vector-store adapter serves family " + store.getFamilyKey() + " yet");
    }
    ManagedModel model = models.get(kb.getEmbeddingsModelId());
    ProviderFamily embeddingsFamily =
        families.get(providers.get(kb.getEmbeddingsProviderId()).getFamilyKey());
    return new EmbeddingTarget(
        kb.getId(),
        kb.getChunkLength(),
        kb.getChunkOverlap(),
        model.getModelKey(),
        ProviderFamily.ADAPTER_BUILTIN.equals(embeddingsFamily.getAdapter()),
        kb.getIndexName(),
        store.getId(),
        store.getFamilyKey(),
        documentVersion,
        hash);
  }

  private void store(
      EmbeddingTarget target,
      KnowledgeDocument document,
      boolean isNew,
      DocumentContent content,
      List<ChunkContent> chunks) {
    document.describe(
        content.title(), content.sourcePath(), content.mediaType(), content.metadataJson());
    if (chunks != null) {
      document.content(
          content.text(),
          content.contentHash(),
          chunks.size(),
          chunks.stream().mapToInt(ChunkContent::tokens).sum());
    }
    if (isNew) {
      documents.add(document);
    } else {
      document.touch();
      documents.save(document);
    }
    if (chunks != null) {
      List<KnowledgeChunk> rows = new ArrayList<>(chunks.size());
      for (int i = 0; i < chunks.size(); i++) {
        ChunkContent chunk = chunks.get(i);
        rows.add(
            new KnowledgeChunk(
                target.knowledgeBaseId(),
                document.getId(),
                i,
                chunk.text(),
                chunk.tokens(),
                chunk.vector()));
      }
      documents.replaceChunks(document.getId(), rows);
      documents.appendChange(target.knowledgeBaseId(), document.getId());
    }
  }

  private static ConflictException changed() {
    return new ConflictException(
        "document_changed", "the document was changed or deleted meanwhile; read it again");
  }
}
