package dev.mainspring.knowledge.service;

import dev.mainspring.identity.service.CurrentCaller;
import dev.mainspring.knowledge.model.KnowledgeDocument;
import dev.mainspring.knowledge.service.vector.KnowledgeIndexSync;
import dev.mainspring.platform.error.InvalidRequestException;
import dev.mainspring.platform.service.Jsons;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/**
 * Writes knowledge documents (document C: "stored in Postgres, chunked synchronously by backend
 * according to the persisted KB chunking config, and upserted into the backing vector provider").
 * No transaction is open here: the embeddings calls, which may go over the network, run between
 * {@link DocumentService}'s transactions. After the write commits, this instance's index catches up
 * at once, so the writer's next query finds the document; other instances follow within their
 * catch-up interval.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class DocumentIngestion {

  @Inject CurrentCaller currentCaller;
  @Inject DocumentService documents;
  @Inject KnowledgeEmbedder embedder;
  @Inject KnowledgeIndexSync index;

  /** A document given through the API. */
  public DocumentView create(
      @NotNull UUID knowledgeBaseId, @NotNull @Valid DocumentRequest request, String requestId) {
    EmbeddingTarget target = documents.writeTarget(knowledgeBaseId, null, null);
    return write(
        target, null, KnowledgeDocument.ORIGIN_API, content(request, "text/plain"), requestId);
  }

  /** Replaces a document's title, text, path and metadata; a stale version is 412. */
  public DocumentView replace(
      @NotNull UUID knowledgeBaseId,
      @NotNull UUID documentId,
      @NotNull @Valid DocumentRequest request,
      Long expectedVersion,
      String requestId) {
    EmbeddingTarget target = documents.writeTarget(knowledgeBaseId, documentId, expectedVersion);
    return write(
        target,
        documentId,
        KnowledgeDocument.ORIGIN_API,
        content(request, "text/plain"),
        requestId);
  }

  /**
   * An uploaded file as one new document titled by its name; 400 with the code of {@link
   * DocumentText} when it cannot be read, before anything is written.
   */
  public DocumentView upload(
      @NotNull UUID knowledgeBaseId, String fileName, byte[] file, String requestId) {
    if (fileName == null || fileName.isBlank() || fileName.length() > 300) {
      throw new InvalidRequestException(
          "invalid_file_name", "the file part needs a file name of at most 300 characters");
    }
    EmbeddingTarget target = documents.writeTarget(knowledgeBaseId, null, null);
    DocumentText.Extracted extracted = DocumentText.extract(fileName, file);
    String text = extracted.text();
    DocumentContent content =
        new DocumentContent(fileName, fileName, extracted.mediaType(), "{}", text, sha256(text));
    return write(target, null, KnowledgeDocument.ORIGIN_UPLOAD, content, requestId);
  }

  public void delete(@NotNull UUID knowledgeBaseId, @NotNull UUID documentId, Long version) {
    documents.delete(knowledgeBaseId, documentId, version);
    index.catchUp();
  }

  private DocumentView write(
      EmbeddingTarget target,
      UUID documentId,
      String origin,
      DocumentContent content,
      String requestId) {
    List<ChunkContent> chunks = null;
    if (!content.contentHash().equals(target.contentHash())) {
      List<TokenWindows.Window> windows = embedder.chunk(target, content.text());
      List<float[]> vectors =
          embedder.embed(
              currentCaller.get(),
              target,
              windows.stream().map(TokenWindows.Window::text).toList(),
              requestId);
      chunks = new ArrayList<>(windows.size());
      for (int i = 0; i < windows.size(); i++) {
        chunks.add(
            new ChunkContent(windows.get(i).text(), windows.get(i).tokens(), vectors.get(i)));
      }
    }
    DocumentView written = documents.write(target, documentId, origin, content, chunks);
    if (chunks != null) {
      index.catchUp();
    }
    return written;
  }

  private static DocumentContent content(DocumentRequest request, String mediaType) {
    if (request.text().indexOf('\0') >= 0) {
      throw new InvalidRequestException("invalid_text", "text must not contain NUL characters");
    }
    JsonObject metadata = request.metadata() == null ? Jsons.object().build() : request.metadata();
    return new DocumentContent(
        request.title(),
        request.sourcePath(),
        mediaType,
        metadata.toString(),
        request.text(),
        sha256(request.text()));
  }

  static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
