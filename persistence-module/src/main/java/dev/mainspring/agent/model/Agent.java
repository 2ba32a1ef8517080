package dev.mainspring.agent.model;

import dev.mainspring.platform.error.ConflictException;
import dev.mainspring.platform.model.Ids;
import dev.mainspring.platform.model.TenantOwned;
import dev.mainspring.platform.model.Timestamps;
import dev.mainspring.platform.model.UuidConverter;
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
 * An agent of an organization: a stable id that points to its current {@link AgentVersion}. The
 * agent itself holds no settings; {@link #revise} writes them as a new version, numbered one past
 * the current, and moves the pointer, so a version once written never changes and a run can record
 * the one it ran.
 *
 * <pre>{@code
 * NewAgent made = Agent.create(org, user, spec);   // agent at version 1
 * AgentVersion v2 = made.agent().revise(changed, user);
 * }</pre>
 *
 * The organization's default agent (runs that name no agent use it) is a {@code platform} agent:
 * only admins change it and nobody deletes it. Deleting any other agent marks it deleted and keeps
 * its versions, which runs refer to.
 */
@Entity
@Table(name = "agents")
public class Agent implements TenantOwned {

  /** Who owns an agent's existence: users delete theirs; platform agents cannot be deleted. */
  public static final String USER = "user";

  public static final String PLATFORM = "platform";

  @Id private UUID id;

  @Column(name = "org_id", nullable = false)
  private UUID orgId;

  @Column(name = "current_version_id", nullable = false)
  private UUID currentVersionId;

  @Column(name = "current_version", nullable = false)
  private int currentVersion;

  @Column(name = "is_default", nullable = false)
  private boolean isDefault;

  @Column(nullable = false, length = 16)
  private String classification;

  @Column(name = "created_by")
  @Convert(converter = UuidConverter.class)
  private UUID createdBy;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  @Column(name = "updated_at", nullable = false)
  private Instant updatedAt;

  @Column(name = "deleted_at")
  private Instant deletedAt;

  /** The catalog agent this one mirrors ({@code agent.knowledge_chat}), or null. */
  @Column(name = "catalog_ref")
  private String catalogRef;

  /** The catalog version the current version was made from, or null. */
  @Column(name = "catalog_version")
  private Integer catalogVersion;

  @Version
  @Column(name = "lock_version")
  private long lockVersion;

  protected Agent() {}

  private Agent(UUID orgId, UUID createdBy, boolean isDefault, Instant now) {
    this.id = Ids.newId();
    this.orgId = Objects.requireNonNull(orgId, "orgId");
    this.createdBy = createdBy;
    this.isDefault = isDefault;
    this.classification = isDefault ? PLATFORM : USER;
    this.createdAt = now;
    this.updatedAt = now;
  }

  /** A new agent and its first version, to be stored in this order (the version refers to it). */
  public record NewAgent(Agent agent, AgentVersion version) {}

  /** A new agent of {@code orgId} made by {@code createdBy}, at version 1 with {@code spec}. */
  public static NewAgent create(UUID orgId, UUID createdBy, AgentSpec spec) {
    Agent agent = new Agent(orgId, createdBy, false, Timestamps.now());
    return new NewAgent(agent, agent.nextVersion(spec, createdBy));
  }

  /** The default agent of {@code orgId}, made by nobody in particular. */
  public static NewAgent createDefault(UUID orgId) {
    Agent agent = new Agent(orgId, null, true, Timestamps.now());
    return new NewAgent(agent, agent.nextVersion(AgentSpec.defaultAgent(), null));
  }

  /**
   * The organization's mirror of catalog agent {@code catalogRef} at {@code catalogVersion}: a
   * platform agent (nobody deletes it, and it changes only by {@link #follow}), so that runs of a
   * catalog agent record the version they ran like any other run.
   */
  public static NewAgent mirror(UUID orgId, String catalogRef, int catalogVersion, AgentSpec spec) {
    Agent agent = new Agent(orgId, null, false, Timestamps.now());
    agent.classification = PLATFORM;
    agent.catalogRef = Objects.requireNonNull(catalogRef, "catalogRef");
    agent.catalogVersion = catalogVersion;
    return new NewAgent(agent, agent.nextVersion(spec, null));
  }

  /** A mirror's new version for catalog version {@code newCatalogVersion}. */
  public AgentVersion follow(int newCatalogVersion, AgentSpec spec) {
    if (catalogRef == null) {
      throw new IllegalStateException("agent " + id + " mirrors no catalog agent");
    }
    requireLive();
    this.catalogVersion = newCatalogVersion;
    return nextVersion(spec, null);
  }

  /**
   * A new version with {@code spec}, numbered one past the current, which becomes current. The
   * caller stores it; a concurrent revision of the same agent makes one of the two fail on the
   * (agent, version) key or the agent's lock version.
   */
  public AgentVersion revise(AgentSpec spec, UUID by) {
    requireLive();
    return nextVersion(spec, by);
  }

  private AgentVersion nextVersion(AgentSpec spec, UUID by) {
    AgentVersion version = new AgentVersion(this, currentVersion + 1, spec, by);
    this.currentVersion = version.getVersion();
    this.currentVersionId = version.getId();
    this.updatedAt = version.getCreatedAt();
    return version;
  }

  /**
   * Whether {@code userId} may change or delete this agent: an admin any agent; anyone else only an
   * agent they created, and never a platform agent.
   */
  public boolean mayBeChangedBy(UUID userId, boolean admin) {
    if (catalogRef != null) {
      return false;
    }
    if (admin) {
      return true;
    }
    return !PLATFORM.equals(classification) && createdBy != null && createdBy.equals(userId);
  }

  /** Marks the agent deleted; its versions stay for the runs that refer to them. */
  public void delete() {
    requireLive();
    if (PLATFORM.equals(classification)) {
      throw new ConflictException(
          "agent_not_deletable",
          isDefault
              ? "the organization's default agent cannot be deleted"
              : "a platform agent cannot be deleted");
    }
    this.deletedAt = Timestamps.now();
    this.updatedAt = deletedAt;
  }

  private void requireLive() {
    if (deletedAt != null) {
      throw new IllegalStateException("agent " + id + " is deleted");
    }
  }

  public boolean isDeleted() {
    return deletedAt != null;
  }

  public UUID getId() {
    return id;
  }

  @Override
  public UUID getOrgId() {
    return orgId;
  }

  public UUID getCurrentVersionId() {
    return currentVersionId;
  }

  public int getCurrentVersion() {
    return currentVersion;
  }

  public boolean isDefault() {
    return isDefault;
  }

  public String getClassification() {
    return classification;
  }

  public UUID getCreatedBy() {
    return createdBy;
  }

  public Instant getCreatedAt() {
    return createdAt;
  }

  public Instant getUpdatedAt() {
    return updatedAt;
  }

  public Instant getDeletedAt() {
    return deletedAt;
  }

  public String getCatalogRef() {
    return catalogRef;
  }

  public Integer getCatalogVersion() {
    return catalogVersion;
  }
}
