package dev.mainspring.inference.model.provider;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A provider family (document C): an implementation kind such as {@code vllm_local}. Families are
 * seeded by the schema migration and read-only; their {@code provider_origin} is inherited by every
 * instance.
 */
@Entity
@Table(name = "provider_families")
public class ProviderFamily {

  /** Instances speak the OpenAI HTTP API. */
  public static final String ADAPTER_OPENAI_HTTP = "openai_http";

  /** The in-process embeddings model, or a vector store inside Mainspring. */
  public static final String ADAPTER_BUILTIN = "builtin";

  /**
   * Instances are PostgreSQL servers, reached over JDBC at {@code postgresql://host:port/db} (the
   * {@code pgvector} vector store).
   */
  public static final String ADAPTER_POSTGRESQL = "postgresql";

  @Id
  @Column(length = 64)
  private String key;

  @Column(name = "display_name", nullable = false, length = 200)
  private String displayName;

  @Column(nullable = false, length = 32)
  private String capability;

  @Column(name = "provider_origin", nullable = false, length = 8)
  private String providerOrigin;

  @Column(nullable = false, length = 32)
  private String adapter;

  @Column(nullable = false, length = 500)
  private String description;

  protected ProviderFamily() {}

  /** A family as the migrations seed it; made by hand only where no database is at hand (tests). */
  public ProviderFamily(
      String key,
      String displayName,
      String capability,
      String providerOrigin,
      String adapter,
      String description) {
    this.key = key;
    this.displayName = displayName;
    this.capability = capability;
    this.providerOrigin = providerOrigin;
    this.adapter = adapter;
    this.description = description;
  }

  public String getKey() {
    return key;
  }

  public String getDisplayName() {
    return displayName;
  }

  public String getCapability() {
    return capability;
  }

  public String getProviderOrigin() {
    return providerOrigin;
  }

  public boolean isCloud() {
    return "cloud".equals(providerOrigin);
  }

  public String getAdapter() {
    return adapter;
  }

  public String getDescription() {
    return description;
  }
}
