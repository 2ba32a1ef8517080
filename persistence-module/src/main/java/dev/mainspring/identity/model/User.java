package dev.mainspring.identity.model;

import dev.mainspring.platform.model.Ids;
import dev.mainspring.platform.model.Timestamps;
import dev.mainspring.platform.model.UuidConverter;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

/** A person with an account: a password, an external identity, or both. Not tenant-owned. */
@Entity
@Table(name = "users")
public class User {

  public static final String SUPERADMIN = "superadmin";

  @Id private UUID id;

  @Column(nullable = false, length = 320)
  private String email;

  @Column(name = "display_name", length = 200)
  private String displayName;

  @Column(name = "password_hash", length = 200)
  private String passwordHash;

  @Column(name = "platform_role", length = 20)
  private String platformRole;

  @Column(name = "default_org_id")
  @Convert(converter = UuidConverter.class)
  private UUID defaultOrgId;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  @Column(name = "updated_at", nullable = false)
  private Instant updatedAt;

  @Version private long version;

  protected User() {}

  public User(String email, String displayName) {
    this.id = Ids.newId();
    this.email = normalize(email);
    this.displayName = displayName;
    this.createdAt = Timestamps.now();
    this.updatedAt = createdAt;
  }

  /** E-mail addresses compare case-insensitively; they are kept trimmed and lower-cased. */
  public static String normalize(String email) {
    return email.strip().toLowerCase(Locale.ROOT);
  }

  public void setPasswordHash(String passwordHash) {
    this.passwordHash = passwordHash;
    touch();
  }

  public void makeSuperadmin() {
    this.platformRole = SUPERADMIN;
    touch();
  }

  public void setDisplayName(String displayName) {
    this.displayName = displayName;
    touch();
  }

  public void setDefaultOrgId(UUID orgId) {
    this.defaultOrgId = orgId;
    touch();
  }

  private void touch() {
    this.updatedAt = Timestamps.now();
  }

  public boolean isSuperadmin() {
    return SUPERADMIN.equals(platformRole);
  }

  public UUID getId() {
    return id;
  }

  public String getEmail() {
    return email;
  }

  public String getDisplayName() {
    return displayName;
  }

  public String getPasswordHash() {
    return passwordHash;
  }

  public UUID getDefaultOrgId() {
    return defaultOrgId;
  }

  public Instant getCreatedAt() {
    return createdAt;
  }
}
