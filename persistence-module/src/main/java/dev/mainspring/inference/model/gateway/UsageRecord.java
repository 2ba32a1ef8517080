package dev.mainspring.inference.model.gateway;

import dev.mainspring.platform.model.Ids;
import dev.mainspring.platform.model.TenantOwned;
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
 * One metered gateway call: who (organization, user or API key), through which provider and model,
 * how many tokens ({@code estimated} when Mainspring counted them itself because the upstream did
 * not say), how fast, and how it ended ({@code outcome}).
 */
@Entity
@Table(name = "usage_records")
public class UsageRecord implements TenantOwned {

  @Id private UUID id;

  @Column(name = "org_id", nullable = false)
  private UUID orgId;

  @Column(name = "user_id")
  @Convert(converter = UuidConverter.class)
  private UUID userId;

  @Column(name = "api_key_id")
  @Convert(converter = UuidConverter.class)
  private UUID apiKeyId;

  @Column(name = "provider_id")
  @Convert(converter = UuidConverter.class)
  private UUID providerId;

  @Column(name = "provider_key", length = 64)
  private String providerKey;

  @Column(name = "model_id")
  @Convert(converter = UuidConverter.class)
  private UUID modelId;

  @Column(length = 200)
  private String model;

  @Column(nullable = false, length = 32)
  private String endpoint;

  @Column(nullable = false)
  private boolean streamed;

  @Column(name = "prompt_tokens", nullable = false)
  private long promptTokens;

  @Column(name = "completion_tokens", nullable = false)
  private long completionTokens;

  @Column(nullable = false)
  private boolean estimated;

  @Column(name = "ttft_ms")
  private Integer ttftMs;

  @Column(name = "duration_ms", nullable = false)
  private int durationMs;

  @Column(nullable = false, length = 32)
  private String outcome;

  @Column(name = "http_status", nullable = false)
  private int httpStatus;

  @Column(name = "request_id", length = 100)
  private String requestId;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  protected UsageRecord() {}

  /** The caller's side of a record; the call's side is filled in by {@link #ended}. */
  public UsageRecord(
      UUID orgId, UUID userId, UUID apiKeyId, String endpoint, boolean streamed, String requestId) {
    this.id = Ids.newId();
    this.orgId = orgId;
    this.userId = userId;
    this.apiKeyId = apiKeyId;
    this.endpoint = endpoint;
    this.streamed = streamed;
    this.requestId = requestId;
    this.createdAt = Timestamps.now();
  }

  /** Names the provider instance and model that served the call. */
  public void servedBy(UUID providerId, String providerKey, UUID modelId, String model) {
    this.providerId = providerId;
    this.providerKey = providerKey;
    this.modelId = modelId;
    this.model = model;
  }

  /** Records how the call ended. */
  public void ended(
      long promptTokens,
      long completionTokens,
      boolean estimated,
      Integer ttftMs,
      int durationMs,
      String outcome,
      int httpStatus) {
    this.promptTokens = promptTokens;
    this.completionTokens = completionTokens;
    this.estimated = estimated;
    this.ttftMs = ttftMs;
    this.durationMs = durationMs;
    this.outcome = outcome;
    this.httpStatus = httpStatus;
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

  public UUID getApiKeyId() {
    return apiKeyId;
  }

  public UUID getProviderId() {
    return providerId;
  }

  public String getProviderKey() {
    return providerKey;
  }

  public UUID getModelId() {
    return modelId;
  }

  public String getModel() {
    return model;
  }

  public String getEndpoint() {
    return endpoint;
  }

  public boolean isStreamed() {
    return streamed;
  }

  public long getPromptTokens() {
    return promptTokens;
  }

  public long getCompletionTokens() {
    return completionTokens;
  }

  public boolean isEstimated() {
    return estimated;
  }

  public Integer getTtftMs() {
    return ttftMs;
  }

  public int getDurationMs() {
    return durationMs;
  }

  public String getOutcome() {
    return outcome;
  }

  public int getHttpStatus() {
    return httpStatus;
  }

  public String getRequestId() {
    return requestId;
  }

  public Instant getCreatedAt() {
    return createdAt;
  }
}
