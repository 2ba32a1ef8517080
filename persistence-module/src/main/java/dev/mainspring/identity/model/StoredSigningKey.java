package dev.mainspring.identity.model;

import dev.mainspring.platform.model.Timestamps;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A key that signs access tokens; its private JWK is stored encrypted under a master key, its
 * public JWK in clear. Keys with {@code retired_at} set are no longer loaded.
 */
@Entity
@Table(name = "signing_keys")
public class StoredSigningKey {

  @Id
  @Column(length = 64)
  private String kid;

  @Column(name = "public_jwk", nullable = false)
  private String publicJwk;

  @Column(name = "private_jwk", nullable = false)
  private byte[] encryptedPrivateJwk;

  @Column(name = "master_key_id", nullable = false, length = 64)
  private String masterKeyId;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  @Column(name = "retired_at")
  private Instant retiredAt;

  protected StoredSigningKey() {}

  public StoredSigningKey(
      String kid, String publicJwk, byte[] encryptedPrivateJwk, String masterKeyId) {
    this.kid = kid;
    this.publicJwk = publicJwk;
    this.encryptedPrivateJwk = encryptedPrivateJwk.clone();
    this.masterKeyId = masterKeyId;
    this.createdAt = Timestamps.now();
  }

  public String getKid() {
    return kid;
  }

  public byte[] getEncryptedPrivateJwk() {
    return encryptedPrivateJwk.clone();
  }

  public String getMasterKeyId() {
    return masterKeyId;
  }

  public Instant getCreatedAt() {
    return createdAt;
  }
}
