package dev.mainspring.identity.model;

import dev.mainspring.platform.model.Ids;
import dev.mainspring.platform.model.TenantOwned;
import dev.mainspring.platform.model.Timestamps;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * An API key of an organization. Only the SHA-256 of its secret is kept; the {@code prefix} (the
 * public part of the key) finds it. Scopes are stored space-separated.
 */
@Entity
@Table(name = "api_keys")
public class ApiKey implements TenantOwned {

  @Id private UUID id;

  @Column(name = "org_id", nullable = false)
  private UUID orgId;

  @Column(name = "user_id", nullable = false)
  private UUID userId;

  @Column(nullable = false, length = 100)
  private String name;

  @Column(nullable = false, length = 16, unique = true)
  private String prefix;

  @Column(name = "secret_hash", nullable = false)
  private byte[] secretHash;

  @Column(nullable = false, length = 2000)
  private String scopes;

  @Column(name = "expires_at")
  private Instant expiresAt;

  @Column(name = "last_used_at")
  private Instant lastUsedAt;

  @Column(name = "revoked_at")
  private Instant revokedAt;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  protected ApiKey() {}

  public ApiKey(
      UUID orgId,
      UUID userId,
      String name,
      String prefix,
      byte[] secretHash,
      List<String> scopes,
      Instant expiresAt) {
    this.id = Ids.newId();
    this.orgId = orgId;
    this.userId = userId;
    this.name = name;
    this.prefix = prefix;
    this.secretHash = secretHash.clone();
    this.scopes = String.join(" ", scopes);
    this.expiresAt = expiresAt;
    this.createdAt = Timestamps.now();
  }

  public void revoke() {
    if (revokedAt == null) {
      revokedAt = Timestamps.now();
    }
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

  public String getName() {
    return name;
  }

  public String getPrefix() {
    return prefix;
  }

  public List<String> getScopes() {
    return scopes.isBlank() ? List.of() : Arrays.asList(scopes.split(" "));
  }

  public Instant getExpiresAt() {
    return expiresAt;
  }

  public Instant getLastUsedAt() {
    return lastUsedAt;
  }

  public Instant getRevokedAt() {
    return revokedAt;
  }

  public Instant getCreatedAt() {
    return createdAt;
  }
}
