package dev.mainspring.inference.model.gateway;

import dev.mainspring.platform.model.Ids;
import dev.mainspring.platform.model.TenantOwned;
import dev.mainspring.platform.model.Timestamps;
import java.time.Instant;
import java.util.UUID;

/**
 * One metered gateway call: who (organization, user or API key), through which provider and model,
 * how many tokens ({@code estimated} when Mainspring counted them itself because the upstream did
 * not say), how fast, and how it ended ({@code outcome}).
 *
 * <p>Not a JPA entity: the table {@code usage_records} is written in JDBC batches and read by
 * {@link UsageRecordRepository} alone, which holds its one mapping (see docs/architecture.md). The
 * caller's side is fixed when the call starts; {@link #servedBy} and {@link #ended} fill in the
 * rest on the thread that serves the call, before the record is handed to the writer.
 */
public class UsageRecord implements TenantOwned {

  private final UUID id;
  private final UUID orgId;
  private final UUID userId;
  private final UUID apiKeyId;
  private final String endpoint;
  private final boolean streamed;
  private final String requestId;
  private final Instant createdAt;

  private UUID runId;
  private UUID providerId;
  private String providerKey;
  private UUID modelId;
  private String model;
  private long promptTokens;
  private long completionTokens;
  private long cachedTokens;
  private boolean estimated;
  private Integer ttftMs;
  private int durationMs;
  private String outcome;
  private int httpStatus;
  private boolean byok;
  private UUID leaseId;
  private UUID memberId;

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

  /** Marks the call as one of an agent run's model calls. */
  public void forRun(UUID runId) {
    this.runId = runId;
  }

  /**
   * Marks the call as made with the caller's own provider key (bring your own key): metered, never
   * charged.
   */
  public void paidByCaller() {
    this.byok = true;
  }

  /**
   * Names what admitted the call: the credit lease of this instance ({@code leaseId}; posting the
   * record takes its cost out of that lease) or the allowance of the member {@code memberId}
   * (posting draws its cost from that member's account first); both null when the call held its own
   * estimate against the organization, or nothing.
   */
  public void admittedUnder(UUID leaseId, UUID memberId) {
    this.leaseId = leaseId;
    this.memberId = memberId;
  }

  /** Names the provider instance and model that served the call. */
  public void servedBy(UUID providerId, String providerKey, UUID modelId, String model) {
    this.providerId = providerId;
    this.providerKey = providerKey;
    this.modelId = modelId;
    this.model = model;
  }

  /**
   * Records how the call ended; {@code cachedTokens} are the part of {@code promptTokens} the
   * provider served from its prompt cache (kept between 0 and {@code promptTokens}).
   */
  public void ended(
      long promptTokens,
      long completionTokens,
      long cachedTokens,
      boolean estimated,
      Integer ttftMs,
      int durationMs,
      String outcome,
      int httpStatus) {
    this.promptTokens = promptTokens;
    this.completionTokens = completionTokens;
    this.cachedTokens = Math.max(0, Math.min(cachedTokens, promptTokens));
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

  /** The agent run that made the call, or null for a call of the OpenAI-compatible API. */
  public UUID getRunId() {
    return runId;
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

  /** The part of the prompt tokens the provider served from its prompt cache. */
  public long getCachedTokens() {
    return cachedTokens;
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

  /** Whether the call went out with the caller's own provider key. */
  public boolean isByok() {
    return byok;
  }

  public UUID getLeaseId() {
    return leaseId;
  }

  public UUID getMemberId() {
    return memberId;
  }

  public String getRequestId() {
    return requestId;
  }

  public Instant getCreatedAt() {
    return createdAt;
  }
}
