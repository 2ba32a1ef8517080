package dev.mainspring.realtime.model;

import dev.mainspring.platform.model.JsonbConverter;
import dev.mainspring.platform.model.TenantOwned;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * One stored event of a stream, read only: events are written by {@link EventRepository#append}, in
 * one statement with the stream's counter, and never changed.
 */
@Entity
@Table(name = "event")
public class StreamEvent implements TenantOwned {

  @Id private long id;

  @Column(name = "org_id", nullable = false)
  private UUID orgId;

  @Column(nullable = false)
  private String stream;

  @Column(nullable = false)
  private long sequence;

  // "type" is a JPQL keyword (TYPE(e)), so the attribute has another name.
  @Column(name = "type", nullable = false)
  private String eventType;

  @Column(nullable = false)
  @Convert(converter = JsonbConverter.class)
  private String data;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  protected StreamEvent() {}

  /** An event read by a native query, not managed. */
  public static StreamEvent of(
      long id,
      UUID orgId,
      String stream,
      long sequence,
      String type,
      String data,
      Instant createdAt) {
    StreamEvent e = new StreamEvent();
    e.id = id;
    e.orgId = orgId;
    e.stream = stream;
    e.sequence = sequence;
    e.eventType = type;
    e.data = data;
    e.createdAt = createdAt;
    return e;
  }

  public long getId() {
    return id;
  }

  @Override
  public UUID getOrgId() {
    return orgId;
  }

  public String getStream() {
    return stream;
  }

  public long getSequence() {
    return sequence;
  }

  public String getEventType() {
    return eventType;
  }

  /** The event's data, JSON text. */
  public String getData() {
    return data;
  }

  public Instant getCreatedAt() {
    return createdAt;
  }
}
