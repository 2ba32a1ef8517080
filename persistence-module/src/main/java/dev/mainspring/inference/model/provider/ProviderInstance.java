package dev.mainspring.inference.model.provider;

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
import java.util.UUID;

/**
 * A provider instance (document C): one configured endpoint of a {@link ProviderFamily}, with its
 * secret reference ({@code modelops://credential/<id>}, never the secret) and the resilience
 * settings the gateway applies to it.
 */
@Entity
@Table(name = "provider_instances")
public class ProviderInstance {

  @Id private UUID id;

  @Column(nullable = false, length = 64, unique = true)
  private String slug;

  @Column(name = "display_name", nullable = false, length = 200)
  private String displayName;

  @Column(length = 500)
  private String description;

  @Column(name = "family_key", nullable = false, length = 64)
  private String familyKey;

  @Column(name = "endpoint_url", length = 2000)
  private String endpointUrl;

  @Column(name = "api_key_ref", length = 200)
  private String apiKeyRef;

  @Column(nullable = false)
  private boolean enabled;

  @Column(name = "connect_timeout_ms", nullable = false)
  private int connectTimeoutMs;

  @Column(name = "first_token_timeout_ms", nullable = false)
  private int firstTokenTimeoutMs;

  @Column(name = "idle_timeout_ms", nullable = false)
  private int idleTimeoutMs;

  @Column(name = "max_retries", nullable = false)
  private int maxRetries;

  @Column(name = "max_concurrency", nullable = false)
  private int maxConcurrency;

  @Column(name = "breaker_failure_threshold", nullable = false)
  private int breakerFailureThreshold;

  @Column(name = "breaker_open_ms", nullable = false)
  private int breakerOpenMs;

  @Column(name = "loaded_model_id")
  @Convert(converter = UuidConverter.class)
  private UUID loadedModelId;

  @Version private long version;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  @Column(name = "updated_at", nullable = false)
  private Instant updatedAt;

  protected ProviderInstance() {}

  public ProviderInstance(String slug, String familyKey) {
    this.id = Ids.newId();
    this.slug = slug;
    this.familyKey = familyKey;
    this.enabled = true;
    this.createdAt = Timestamps.now();
    this.updatedAt = createdAt;
  }

  /** Marks a change; call after the setters of one update. */
  public void touch() {
    this.updatedAt = Timestamps.now();
  }

  public UUID getId() {
    return id;
  }

  public String getSlug() {
    return slug;
  }

  public void setSlug(String slug) {
    this.slug = slug;
  }

  public String getDisplayName() {
    return displayName;
  }

  public void setDisplayName(String displayName) {
    this.displayName = displayName;
  }

  public String getDescription() {
    return description;
  }

  public void setDescription(String description) {
    this.description = description;
  }

  public String getFamilyKey() {
    return familyKey;
  }

  public String getEndpointUrl() {
    return endpointUrl;
  }

  public void setEndpointUrl(String endpointUrl) {
    this.endpointUrl = endpointUrl;
  }

  public String getApiKeyRef() {
    return apiKeyRef;
  }

  public void setApiKeyRef(String apiKeyRef) {
    this.apiKeyRef = apiKeyRef;
  }

  public boolean isEnabled() {
    return enabled;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  public int getConnectTimeoutMs() {
    return connectTimeoutMs;
  }

  public void setConnectTimeoutMs(int connectTimeoutMs) {
    this.connectTimeoutMs = connectTimeoutMs;
  }

  public int getFirstTokenTimeoutMs() {
    return firstTokenTimeoutMs;
  }

  public void setFirstTokenTimeoutMs(int firstTokenTimeoutMs) {
    this.firstTokenTimeoutMs = firstTokenTimeoutMs;
  }

  public int getIdleTimeoutMs() {
    return idleTimeoutMs;
  }

  public void setIdleTimeoutMs(int idleTimeoutMs) {
    this.idleTimeoutMs = idleTimeoutMs;
  }

  public int getMaxRetries() {
    return maxRetries;
  }

  public void setMaxRetries(int maxRetries) {
    this.maxRetries = maxRetries;
  }

  public int getMaxConcurrency() {
    return maxConcurrency;
  }

  public void setMaxConcurrency(int maxConcurrency) {
    this.maxConcurrency = maxConcurrency;
  }

  public int getBreakerFailureThreshold() {
    return breakerFailureThreshold;
  }

  public void setBreakerFailureThreshold(int breakerFailureThreshold) {
    this.breakerFailureThreshold = breakerFailureThreshold;
  }

  public int getBreakerOpenMs() {
    return breakerOpenMs;
  }

  public void setBreakerOpenMs(int breakerOpenMs) {
    this.breakerOpenMs = breakerOpenMs;
  }

  public UUID getLoadedModelId() {
    return loadedModelId;
  }

  public void setLoadedModelId(UUID loadedModelId) {
    this.loadedModelId = loadedModelId;
  }

  public long getVersion() {
    return version;
  }

  public Instant getCreatedAt() {
    return createdAt;
  }

  public Instant getUpdatedAt() {
    return updatedAt;
  }
}
