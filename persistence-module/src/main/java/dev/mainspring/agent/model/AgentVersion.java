package dev.mainspring.agent.model;

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
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * One version of an agent: what a run that records its id ran with. Immutable: it is only ever
 * inserted (every column is {@code updatable = false}); {@link Agent#revise} makes the next one.
 * Tool lists are stored as names separated by single spaces (a tool name has none).
 */
@Entity
@Table(name = "agent_versions")
public class AgentVersion implements TenantOwned {

  @Id private UUID id;

  @Column(name = "agent_id", nullable = false, updatable = false)
  private UUID agentId;

  @Column(name = "org_id", nullable = false, updatable = false)
  private UUID orgId;

  @Column(nullable = false, updatable = false)
  private int version;

  @Column(nullable = false, updatable = false, length = AgentSpec.NAME_MAX)
  private String name;

  @Column(updatable = false)
  private String description;

  @Column(updatable = false)
  private String instructions;

  @Column(updatable = false, length = AgentSpec.MODEL_MAX)
  private String model;

  @Column(updatable = false)
  private Double temperature;

  @Column(name = "max_tokens", updatable = false)
  private Integer maxTokens;

  @Column(nullable = false, updatable = false)
  private String tools;

  @Column(name = "tools_needing_approval", nullable = false, updatable = false)
  private String toolsNeedingApproval;

  @Column(name = "step_limit", nullable = false, updatable = false)
  private int stepLimit;

  @Column(name = "created_by", updatable = false)
  @Convert(converter = UuidConverter.class)
  private UUID createdBy;

  @Column(name = "created_at", nullable = false, updatable = false)
  private Instant createdAt;

  protected AgentVersion() {}

  AgentVersion(Agent agent, int version, AgentSpec spec, UUID createdBy) {
    this.id = Ids.newId();
    this.agentId = agent.getId();
    this.orgId = agent.getOrgId();
    this.version = version;
    this.name = spec.name();
    this.description = spec.description();
    this.instructions = spec.instructions();
    this.model = spec.model();
    this.temperature = spec.temperature();
    this.maxTokens = spec.maxTokens();
    this.tools = String.join(" ", spec.tools());
    this.toolsNeedingApproval = String.join(" ", spec.toolsNeedingApproval());
    this.stepLimit = spec.stepLimit();
    this.createdBy = createdBy;
    this.createdAt = Timestamps.now();
  }

  /** This version's settings, as the spec they were made from. */
  public AgentSpec spec() {
    return new AgentSpec(
        name,
        description,
        instructions,
        model,
        temperature,
        maxTokens,
        getTools(),
        getToolsNeedingApproval(),
        stepLimit);
  }

  private static List<String> names(String joined) {
    return joined == null || joined.isEmpty() ? List.of() : Arrays.asList(joined.split(" "));
  }

  public UUID getId() {
    return id;
  }

  public UUID getAgentId() {
    return agentId;
  }

  @Override
  public UUID getOrgId() {
    return orgId;
  }

  public int getVersion() {
    return version;
  }

  public String getName() {
    return name;
  }

  public String getDescription() {
    return description;
  }

  public String getInstructions() {
    return instructions;
  }

  public String getModel() {
    return model;
  }

  public Double getTemperature() {
    return temperature;
  }

  public Integer getMaxTokens() {
    return maxTokens;
  }

  public List<String> getTools() {
    return List.copyOf(names(tools));
  }

  public List<String> getToolsNeedingApproval() {
    return List.copyOf(names(toolsNeedingApproval));
  }

  public int getStepLimit() {
    return stepLimit;
  }

  public UUID getCreatedBy() {
    return createdBy;
  }

  public Instant getCreatedAt() {
    return createdAt;
  }
}
