package dev.mainspring.inference.model.provider;

import dev.mainspring.platform.model.Ids;
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
 * A saved provider credential (an API key of an LLM cloud, say). Holds only the encrypted secret;
 * whoever decrypts it needs the master key whose id is stored beside it.
 */
@Entity
@Table(name = "provider_credentials")
public class ProviderCredential {

  /** How provider instances refer to a saved credential. */
  public static final String REF_PREFIX = "modelops://credential/";

  @Id private UUID id;

  @Column(nullable = false, length = 100, unique = true)
  private String name;

  @Column(length = 500)
  private String description;

  @Column(name = "secret", nullable = false)
  private byte[] encryptedSecret;

  @Column(name = "master_key_id", nullable = false, length = 64)
  private String masterKeyId;

  @Column(name = "created_by")
  @Convert(converter = UuidConverter.class)
  private UUID createdBy;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  protected ProviderCredential() {}

  public ProviderCredential(
      String name, String description, byte[] encryptedSecret, String masterKeyId, UUID createdBy) {
    this.id = Ids.newId();
    this.name = name;
    this.description = description;
    this.encryptedSecret = encryptedSecret.clone();
    this.masterKeyId = masterKeyId;
    this.createdBy = createdBy;
    this.createdAt = Timestamps.now();
  }

  public String ref() {
    return REF_PREFIX + id;
  }

  public UUID getId() {
    return id;
  }

  public String getName() {
    return name;
  }

  public String getDescription() {
    return description;
  }

  public byte[] getEncryptedSecret() {
    return encryptedSecret.clone();
  }

  public String getMasterKeyId() {
    return masterKeyId;
  }

  public UUID getCreatedBy() {
    return createdBy;
  }

  public Instant getCreatedAt() {
    return createdAt;
  }
}
