package dev.mainspring.library.model;

import dev.mainspring.platform.model.Ids;
import dev.mainspring.platform.model.TenantOwned;
import dev.mainspring.platform.model.Timestamps;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** A thread a user pinned: one per user and thread. */
@Entity
@Table(name = "thread_pins")
public class ThreadPin implements TenantOwned {

  @Id private UUID id;

  @Column(name = "org_id", nullable = false)
  private UUID orgId;

  @Column(name = "user_id", nullable = false)
  private UUID userId;

  @Column(name = "thread_id", nullable = false)
  private UUID threadId;

  @Column(name = "pinned_at", nullable = false)
  private Instant pinnedAt;

  protected ThreadPin() {}

  /** A pin of {@code threadId} by {@code userId}, made now. */
  public static ThreadPin of(UUID orgId, UUID userId, UUID threadId) {
    ThreadPin pin = new ThreadPin();
    pin.id = Ids.newId();
    pin.orgId = Objects.requireNonNull(orgId, "orgId");
    pin.userId = Objects.requireNonNull(userId, "userId");
    pin.threadId = Objects.requireNonNull(threadId, "threadId");
    pin.pinnedAt = Timestamps.now();
    return pin;
  }

  public UUID getId() {
    return id;
  }

  @Override
  public UUID getOrgId() {
    return orgId;
  }

  public UUID getUserId() {
    return userId;
  }

  public UUID getThreadId() {
    return threadId;
  }

  public Instant getPinnedAt() {
    return pinnedAt;
  }
}
