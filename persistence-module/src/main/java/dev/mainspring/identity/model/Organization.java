package dev.mainspring.identity.model;

import dev.mainspring.platform.model.Ids;
import dev.mainspring.platform.model.Timestamps;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

/** An organization: the tenant every tenant-owned row belongs to. */
@Entity
@Table(name = "organizations")
public class Organization {

  @Id private UUID id;

  @Column(nullable = false, length = 100)
  private String name;

  @Column(nullable = false, length = 64, unique = true)
  private String slug;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  @Column(name = "updated_at", nullable = false)
  private Instant updatedAt;

  @Version private long version;

  protected Organization() {}

  public Organization(String name) {
    this.id = Ids.newId();
    this.name = name.strip();
    this.slug = slugOf(name);
    this.createdAt = Timestamps.now();
    this.updatedAt = createdAt;
  }

  /**
   * The name as it is compared for uniqueness: lower case, runs of anything but letters and digits
   * turned into one dash. "Acme Corp" and "acme-corp" are the same organization name.
   */
  public static String slugOf(String name) {
    String slug =
        name.strip()
            .toLowerCase(Locale.ROOT)
            .replaceAll("[^a-z0-9]+", "-")
            .replaceAll("(^-+|-+$)", "");
    return slug.length() > 64 ? slug.substring(0, 64) : slug;
  }

  public UUID getId() {
    return id;
  }

  public String getName() {
    return name;
  }

  public String getSlug() {
    return slug;
  }

  public Instant getCreatedAt() {
    return createdAt;
  }
}
