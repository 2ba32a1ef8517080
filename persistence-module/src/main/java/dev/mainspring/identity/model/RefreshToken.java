package dev.mainspring.identity.model;

import dev.mainspring.platform.model.Ids;
import dev.mainspring.platform.model.Timestamps;
import dev.mainspring.platform.model.UuidConverter;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * A refresh token, kept as the SHA-256 of its secret. Each rotation makes a new token of the same
 * family and marks the old one rotated; a rotated token presented again means it was stolen, and
 * the whole family is revoked.
 */
@Entity
@Table(name = "refresh_tokens")
public class RefreshToken {

  @Id private UUID id;

  @Column(name = "family_id", nullable = false)
  private UUID familyId;

  @Column(name = "user_id", nullable = false)
  private UUID userId;

  @Column(name = "org_id")
  @Convert(converter = UuidConverter.class)
  private UUID orgId;

  @Column(name = "token_hash", nullable = false, unique = true)
  private byte[] tokenHash;

  @Column(name = "expires_at", nullable = false)
  private Instant expiresAt;

  @Column(name = "rotated_at")
  private Instant rotatedAt;

  @Column(name = "revoked_at")
  private Instant revokedAt;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  protected RefreshToken() {}

  private RefreshToken(UUID familyId, UUID userId, UUID orgId, byte[] tokenHash, Duration ttl) {
    this.id = Ids.newId();
    this.familyId = familyId;
    this.userId = userId;
    this.orgId = orgId;
    this.tokenHash = tokenHash.clone();
    this.createdAt = Timestamps.now();
    this.expiresAt = createdAt.plus(ttl);
  }

  /** The first token of a new family (a login). */
  public static RefreshToken first(UUID userId, UUID orgId, byte[] tokenHash, Duration ttl) {
    return new RefreshToken(Ids.newId(), userId, orgId, tokenHash, ttl);
  }

  /**
   * The token that replaces this one, in the same family. The repository marks this one used up
   * ({@code RefreshTokenRepository.markRotated}), atomically.
   */
  public RefreshToken successor(byte[] newTokenHash, Duration ttl) {
    return new RefreshToken(familyId, userId, orgId, newTokenHash, ttl);
  }

  public void revoke() {
    if (revokedAt == null) {
      revokedAt = Timestamps.now();
    }
  }

  public boolean isUsable(Instant now) {
    return rotatedAt == null && revokedAt == null && now.isBefore(expiresAt);
  }

  public UUID getId() {
    return id;
  }

  public UUID getFamilyId() {
    return familyId;
  }

  public UUID getUserId() {
    return userId;
  }

  public UUID getOrgId() {
    return orgId;
  }

  public Instant getRotatedAt() {
    return rotatedAt;
  }

  public Instant getRevokedAt() {
    return revokedAt;
  }
}
