package dev.mainspring.knowledge.model;

import dev.mainspring.platform.model.Ids;
import dev.mainspring.platform.model.UuidConverter;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.UUID;

/**
 * One chunk of a knowledge document with its vector: the source of truth every vector index is
 * built from. Chunks are never changed, only replaced with their document's next version.
 */
@Entity
@Table(name = "kb_chunks")
public class KnowledgeChunk {

  @Id private UUID id;

  @Column(name = "knowledge_base_id", nullable = false)
  @Convert(converter = UuidConverter.class)
  private UUID knowledgeBaseId;

  @Column(name = "document_id", nullable = false)
  @Convert(converter = UuidConverter.class)
  private UUID documentId;

  @Column(nullable = false)
  private int position;

  @Column(nullable = false)
  private String text;

  @Column(name = "token_count", nullable = false)
  private int tokenCount;

  @Column(nullable = false)
  private int dimensions;

  @Column(nullable = false)
  private byte[] embedding;

  protected KnowledgeChunk() {}

  public KnowledgeChunk(
      UUID knowledgeBaseId,
      UUID documentId,
      int position,
      String text,
      int tokenCount,
      float[] vector) {
    this.id = Ids.newId();
    this.knowledgeBaseId = knowledgeBaseId;
    this.documentId = documentId;
    this.position = position;
    this.text = text;
    this.tokenCount = tokenCount;
    this.dimensions = vector.length;
    ByteBuffer bytes = ByteBuffer.allocate(4 * vector.length).order(ByteOrder.LITTLE_ENDIAN);
    bytes.asFloatBuffer().put(vector);
    this.embedding = bytes.array();
  }

  public UUID getId() {
    return id;
  }

  public UUID getKnowledgeBaseId() {
    return knowledgeBaseId;
  }

  public UUID getDocumentId() {
    return documentId;
  }

  public int getPosition() {
    return position;
  }

  public String getText() {
    return text;
  }

  public int getTokenCount() {
    return tokenCount;
  }

  /** The vector, decoded from its little-endian float32 bytes. */
  public float[] vector() {
    float[] vector = new float[dimensions];
    ByteBuffer.wrap(embedding).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(vector);
    return vector;
  }
}
