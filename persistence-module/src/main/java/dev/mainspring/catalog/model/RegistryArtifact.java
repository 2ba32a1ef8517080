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
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * One version of a runtime artifact (a model, an agent or a tool) of the registry: written once,
 * never changed, so a consumer that resolved version {@code n} always gets the same spec.
 */
@Entity
@Table(name = "registry_artifacts")
public class RegistryArtifact {

  public static final String MODEL = "model";
  public static final String AGENT = "agent";
  public static final String TOOL = "tool";

  @Id private UUID id;

  @Column(nullable = false)
  private String kind;

  @Column(name = "artifact_id", nullable = false)
  private String artifactId;

  @Column(nullable = false)
  private int version;

  @Column(nullable = false)
  @Convert(converter = JsonbConverter.class)
  private String spec;

  @Column(name = "created_by")
  @Convert(converter = UuidConverter.class)
  private UUID createdBy;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  protected RegistryArtifact() {}

  /** Version {@code version} of the artifact, with its spec as JSON text. */
  public RegistryArtifact(
      String kind, String artifactId, int version, String spec, UUID createdBy) {
    this.id = Ids.newId();
    this.kind = Objects.requireNonNull(kind, "kind");
    this.artifactId = Objects.requireNonNull(artifactId, "artifactId");
    if (version < 1) {
      throw new IllegalArgumentException("versions start at 1");
    }
    this.version = version;
    this.spec = Objects.requireNonNull(spec, "spec");
    this.createdBy = createdBy;
    this.createdAt = Timestamps.now();
  }

  public UUID getId() {
    return id;
  }

  public String getKind() {
    return kind;
  }

  public String getArtifactId() {
    return artifactId;
  }

  public int getVersion() {
    return version;
  }

  public String getSpec() {
    return spec;
  }

  public UUID getCreatedBy() {
    return createdBy;
  }

  public Instant getCreatedAt() {
    return createdAt;
  }
}
