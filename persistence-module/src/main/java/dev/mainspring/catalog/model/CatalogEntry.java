package dev.mainspring.catalog.model;

import dev.mainspring.platform.model.Ids;
import dev.mainspring.platform.model.JsonbConverter;
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
 * The typed head of a catalog agent or tool: its reference ({@code agent.knowledge_chat}), who owns
 * it, whether it is active, and its current registry version with that version's spec. {@link
 * #publish} is the only way its content changes, and it always names a new registry version.
 *
 * <p>A {@code platform} entry belongs to the installation and is never deleted; a {@code user}
 * entry (an agent published from an agent project) belongs to an organization and a user, and only
 * that organization runs it.
 */
@Entity
@Table(name = "catalog_entries")
public class CatalogEntry {

  public static final String PLATFORM = "platform";
  public static final String USER = "user";
  public static final String ACTIVE = "active";
  public static final String INACTIVE = "inactive";

  @Id private UUID id;

  @Column(nullable = false)
  private String kind;

  @Column(nullable = false)
  private String ref;

  @Column(nullable = false)
  private String classification;

  @Column(name = "owner_user_id")
  @Convert(converter = UuidConverter.class)
  private UUID ownerUserId;

  @Column(name = "org_id")
  @Convert(converter = UuidConverter.class)
  private UUID orgId;

  @Column(nullable = false)
  private String status;

  @Column(name = "current_version", nullable = false)
  private int currentVersion;

  @Column(nullable = false)
  @Convert(converter = JsonbConverter.class)
  private String spec;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  @Column(name = "updated_at", nullable = false)
  private Instant updatedAt;

  @Version private long version;

  protected CatalogEntry() {}

  private CatalogEntry(
      String kind, String ref, String classification, UUID ownerUserId, UUID orgId) {
    Instant now = Timestamps.now();
    this.id = Ids.newId();
    this.kind = Objects.requireNonNull(kind, "kind");
    this.ref = Objects.requireNonNull(ref, "ref");
    this.classification = classification;
    this.ownerUserId = ownerUserId;
    this.orgId = orgId;
    this.createdAt = now;
    this.updatedAt = now;
  }

  /** A platform entry of the installation, not yet published. */
  public static CatalogEntry platform(String kind, String ref, UUID createdBy) {
    return new CatalogEntry(kind, ref, PLATFORM, createdBy, null);
  }

  /** A user entry of an organization, owned by {@code owner}, not yet published. */
  public static CatalogEntry user(String kind, String ref, UUID owner, UUID orgId) {
    return new CatalogEntry(
        kind, ref, USER, Objects.requireNonNull(owner), Objects.requireNonNull(orgId));
  }

  /**
   * Makes registry version {@code artifact} the current one, with the status it says ({@link
   * #ACTIVE} or {@link #INACTIVE}).
   */
  public void publish(RegistryArtifact artifact, String newStatus) {
    if (!kind.equals(artifact.getKind()) || !ref.equals(artifact.getArtifactId())) {
      throw new IllegalArgumentException("artifact " + artifact.getArtifactId() + " is not this");
    }
    if (artifact.getVersion() <= currentVersion) {
      throw new IllegalArgumentException("a published version moves forward");
    }
    if (!ACTIVE.equals(newStatus) && !INACTIVE.equals(newStatus)) {
      throw new IllegalArgumentException("status is active or inactive");
    }
    this.currentVersion = artifact.getVersion();
    this.spec = artifact.getSpec();
    this.status = newStatus;
    this.updatedAt = Timestamps.now();
  }

  public boolean isPlatform() {
    return PLATFORM.equals(classification);
  }

  public boolean isActive() {
    return ACTIVE.equals(status);
  }

  public UUID getId() {
    return id;
  }

  public String getKind() {
    return kind;
  }

  public String getRef() {
    return ref;
  }

  public String getClassification() {
    return classification;
  }

  public UUID getOwnerUserId() {
    return ownerUserId;
  }

  public UUID getOrgId() {
    return orgId;
  }

  public String getStatus() {
    return status;
  }

  public int getCurrentVersion() {
    return currentVersion;
  }

  public String getSpec() {
    return spec;
  }

  public Instant getCreatedAt() {
    return createdAt;
  }

  public Instant getUpdatedAt() {
    return updatedAt;
  }
}
