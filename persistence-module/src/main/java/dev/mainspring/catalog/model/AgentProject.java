package dev.mainspring.catalog.model;

import dev.mainspring.platform.model.Ids;
import dev.mainspring.platform.model.JsonbConverter;
import dev.mainspring.platform.model.TenantOwned;
import dev.mainspring.platform.model.Timestamps;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * An agent project of document C: a user's draft of an agent, as a workflow definition and a tool
 * policy (JSON the service checks), which publishing compiles into a catalog agent version. The
 * project stays editable after a publish; the next publish writes the next version of the same
 * catalog agent.
 */
@Entity
@Table(name = "agent_projects")
public class AgentProject implements TenantOwned {

  public static final String DRAFT = "draft";
  public static final String PUBLISHED = "published";
  public static final int NAME_MAX = 200;
  public static final int DESCRIPTION_MAX = 10_000;

  @Id private UUID id;

  @Column(name = "org_id", nullable = false)
  private UUID orgId;

  @Column(name = "owner_user_id", nullable = false)
  private UUID ownerUserId;

  @Column(nullable = false)
  private String name;

  private String description;

  @Column(name = "workflow_definition", nullable = false)
  @Convert(converter = JsonbConverter.class)
  private String workflowDefinition;

  @Column(name = "tool_policy", nullable = false)
  @Convert(converter = JsonbConverter.class)
  private String toolPolicy;

  @Column(nullable = false)
  private String status;

  @Column(name = "published_ref")
  private String publishedRef;

  @Column(name = "published_version")
  private Integer publishedVersion;

  @Column(name = "published_at")
  private Instant publishedAt;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  @Column(name = "updated_at", nullable = false)
  private Instant updatedAt;

  @Version private long version;

  protected AgentProject() {}

  /** A new draft project of {@code owner} in {@code orgId}. */
  public AgentProject(
      UUID orgId,
      UUID owner,
      String name,
      String description,
      String workflowDefinition,
      String toolPolicy) {
    Instant now = Timestamps.now();
    this.id = Ids.newId();
    this.orgId = Objects.requireNonNull(orgId, "orgId");
    this.ownerUserId = Objects.requireNonNull(owner, "owner");
    this.status = DRAFT;
    this.createdAt = now;
    change(name, description, workflowDefinition, toolPolicy);
  }

  /** Replaces the project's content (all of it: the service merges a partial update first). */
  public void change(
      String newName, String newDescription, String newWorkflow, String newToolPolicy) {
    if (newName == null || newName.isBlank() || newName.length() > NAME_MAX) {
      throw new IllegalArgumentException("name must be 1 to " + NAME_MAX + " characters");
    }
    if (newDescription != null && newDescription.length() > DESCRIPTION_MAX) {
      throw new IllegalArgumentException(
          "description must be at most " + DESCRIPTION_MAX + " characters");
    }
    this.name = newName;
    this.description = newDescription;
    this.workflowDefinition = Objects.requireNonNull(newWorkflow, "workflowDefinition");
    this.toolPolicy = Objects.requireNonNull(newToolPolicy, "toolPolicy");
    this.updatedAt = Timestamps.now();
  }

  /** Records that version {@code catalogVersion} of catalog agent {@code ref} was published. */
  public void published(String ref, int catalogVersion) {
    this.status = PUBLISHED;
    this.publishedRef = Objects.requireNonNull(ref, "ref");
    this.publishedVersion = catalogVersion;
    this.publishedAt = Timestamps.now();
    this.updatedAt = publishedAt;
  }

  public UUID getId() {
    return id;
  }

  @Override
  public UUID getOrgId() {
    return orgId;
  }

  public UUID getOwnerUserId() {
    return ownerUserId;
  }

  public String getName() {
    return name;
  }

  public String getDescription() {
    return description;
  }

  public String getWorkflowDefinition() {
    return workflowDefinition;
  }

  public String getToolPolicy() {
    return toolPolicy;
  }

  public String getStatus() {
    return status;
  }

  public String getPublishedRef() {
    return publishedRef;
  }

  public Integer getPublishedVersion() {
    return publishedVersion;
  }

  public Instant getPublishedAt() {
    return publishedAt;
  }

  public Instant getCreatedAt() {
    return createdAt;
  }

  public Instant getUpdatedAt() {
    return updatedAt;
  }

  public long getVersion() {
    return version;
  }
}
