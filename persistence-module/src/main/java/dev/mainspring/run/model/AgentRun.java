package dev.mainspring.run.model;

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
import java.util.Objects;
import java.util.UUID;

/**
 * One agent run on a thread. JPA inserts and reads it; every later change is a guarded update of
 * {@link AgentRunRepository} ({@code where lease_owner = ?}, {@code where status = ?}), because a
 * run is changed by its worker, by stop and approve requests on any instance and by the claim
 * function at once, and none of them may overwrite what another wrote meanwhile. So the entity has
 * no optimistic version and no setters.
 */
@Entity
@Table(name = "agent_runs")
public class AgentRun implements TenantOwned {

  @Id private UUID id;

  @Column(name = "org_id", nullable = false)
  private UUID orgId;

  @Column(name = "thread_id", nullable = false)
  private UUID threadId;

  @Column(name = "agent_id")
  @Convert(converter = UuidConverter.class)
  private UUID agentId;

  @Column(name = "agent_version_id")
  @Convert(converter = UuidConverter.class)
  private UUID agentVersionId;

  private String model;

  @Column(nullable = false)
  private String status;

  @Column(name = "multitask_strategy", nullable = false)
  private String multitaskStrategy;

  /** {@code run}, or {@code plan}: the agent only proposes a plan and is offered no tools. */
  @Column(name = "mode", nullable = false)
  private String mode = "run";

  private String prompt;

  @Column(nullable = false)
  private String transcript;

  @Column(nullable = false)
  private int steps;

  @Column(name = "step_limit", nullable = false)
  private int stepLimit;

  @Column(name = "error_code")
  private String errorCode;

  @Column(name = "error_message")
  private String errorMessage;

  @Column(name = "created_by")
  @Convert(converter = UuidConverter.class)
  private UUID createdBy;

  @Column(name = "api_key_id")
  @Convert(converter = UuidConverter.class)
  private UUID apiKeyId;

  @Column(name = "caller_role")
  private String callerRole;

  @Column(name = "caller_scopes", nullable = false)
  private String callerScopes;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  @Column(name = "started_at")
  private Instant startedAt;

  @Column(name = "ended_at")
  private Instant endedAt;

  @Column(name = "updated_at", nullable = false)
  private Instant updatedAt;

  @Column(name = "lease_owner")
  private String leaseOwner;

  @Column(name = "lease_expires_at")
  private Instant leaseExpiresAt;

  @Column(nullable = false)
  private int claims;

  @Column(name = "stop_requested", nullable = false)
  private boolean stopRequested;

  protected AgentRun() {}

  /** Who started a run, as the gateway will be called for it. */
  public record Starter(UUID userId, UUID apiKeyId, String role, String scopes) {}

  /** What a run runs: the agent version (null ids: the built-in default), model and step limit. */
  public record Plan(UUID agentId, UUID agentVersionId, String model, int stepLimit) {}

  /** A new queued run on {@code threadId}. */
  public static AgentRun queue(
      UUID orgId,
      UUID threadId,
      Plan plan,
      MultitaskStrategy strategy,
      boolean planOnly,
      String prompt,
      Starter starter) {
    if (plan.stepLimit() < 1) {
      throw new IllegalArgumentException("a run needs a step limit of at least 1");
    }
    AgentRun run = new AgentRun();
    Instant now = Timestamps.now();
    run.id = Ids.newId();
    run.orgId = Objects.requireNonNull(orgId, "orgId");
    run.threadId = Objects.requireNonNull(threadId, "threadId");
    run.agentId = plan.agentId();
    run.agentVersionId = plan.agentVersionId();
    run.model = plan.model();
    run.stepLimit = plan.stepLimit();
    run.status = RunStatus.QUEUED.wireName();
    run.multitaskStrategy = strategy.wireName();
    run.mode = planOnly ? "plan" : "run";
    run.prompt = prompt;
    run.transcript = "[]";
    run.createdBy = starter.userId();
    run.apiKeyId = starter.apiKeyId();
    run.callerRole = starter.role();
    run.callerScopes = starter.scopes() == null ? "" : starter.scopes();
    run.createdAt = now;
    run.updatedAt = now;
    return run;
  }

  public UUID getId() {
    return id;
  }

  /** {@code run} or {@code plan}. */
  public String getMode() {
    return mode;
  }

  /** Whether the agent only proposes a plan: no tools are offered to its model. */
  public boolean isPlanOnly() {
    return "plan".equals(mode);
  }

  @Override
  public UUID getOrgId() {
    return orgId;
  }

  public UUID getThreadId() {
    return threadId;
  }

  public UUID getAgentId() {
    return agentId;
  }

  public UUID getAgentVersionId() {
    return agentVersionId;
  }

  public String getModel() {
    return model;
  }

  public RunStatus getStatus() {
    return RunStatus.of(status);
  }

  public MultitaskStrategy getMultitaskStrategy() {
    return MultitaskStrategy.parse(multitaskStrategy).orElseThrow();
  }

  public String getPrompt() {
    return prompt;
  }

  /** The JSON array of the messages the run's finished steps added. */
  public String getTranscript() {
    return transcript;
  }

  public int getSteps() {
    return steps;
  }

  public int getStepLimit() {
    return stepLimit;
  }

  public String getErrorCode() {
    return errorCode;
  }

  public String getErrorMessage() {
    return errorMessage;
  }

  public UUID getCreatedBy() {
    return createdBy;
  }

  public UUID getApiKeyId() {
    return apiKeyId;
  }

  public String getCallerRole() {
    return callerRole;
  }

  public String getCallerScopes() {
    return callerScopes;
  }

  public Instant getCreatedAt() {
    return createdAt;
  }

  public Instant getStartedAt() {
    return startedAt;
  }

  public Instant getEndedAt() {
    return endedAt;
  }

  public Instant getUpdatedAt() {
    return updatedAt;
  }

  public String getLeaseOwner() {
    return leaseOwner;
  }

  public Instant getLeaseExpiresAt() {
    return leaseExpiresAt;
  }

  public int getClaims() {
    return claims;
  }

  public boolean isStopRequested() {
    return stopRequested;
  }
}
