package dev.mainspring.inference.model.deployment;

import dev.mainspring.platform.model.Timestamps;
import dev.mainspring.platform.model.UuidConverter;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * The global runtime mode (document C's {@code /v1/runtime/profile}): {@code online}, or {@code
 * offline}, in which no cloud provider is validated, activated, resolved or called. One row.
 */
@Entity
@Table(name = "runtime_profile")
public class RuntimeProfile {

  public static final short ROW = 1;
  public static final String ONLINE = "online";
  public static final String OFFLINE = "offline";

  @Id private short id;

  @Column(nullable = false, length = 8)
  private String mode;

  @Column(name = "updated_by")
  @Convert(converter = UuidConverter.class)
  private UUID updatedBy;

  @Column(name = "updated_at", nullable = false)
  private Instant updatedAt;

  protected RuntimeProfile() {}

  public void setMode(String mode, UUID updatedBy) {
    this.mode = mode;
    this.updatedBy = updatedBy;
    this.updatedAt = Timestamps.now();
  }

  public boolean isOffline() {
    return OFFLINE.equals(mode);
  }

  public String getMode() {
    return mode;
  }

  public UUID getUpdatedBy() {
    return updatedBy;
  }

  public Instant getUpdatedAt() {
    return updatedAt;
  }
}
