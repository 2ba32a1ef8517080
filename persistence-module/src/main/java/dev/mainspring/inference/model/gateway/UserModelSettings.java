package dev.mainspring.inference.model.gateway;

import dev.mainspring.platform.model.Timestamps;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * A user's model settings (document A): the default model and sampling parameters applied when a
 * request leaves them out. Null means "not set".
 */
@Entity
@Table(name = "user_model_settings")
public class UserModelSettings {

  @Id
  @Column(name = "user_id")
  private UUID userId;

  @Column(name = "default_model", length = 200)
  private String defaultModel;

  @Column private Double temperature;

  @Column(name = "top_p")
  private Double topP;

  @Column(name = "max_tokens")
  private Integer maxTokens;

  @Column(name = "updated_at", nullable = false)
  private Instant updatedAt;

  protected UserModelSettings() {}

  public UserModelSettings(UUID userId) {
    this.userId = userId;
    this.updatedAt = Timestamps.now();
  }

  public void set(String defaultModel, Double temperature, Double topP, Integer maxTokens) {
    this.defaultModel = defaultModel;
    this.temperature = temperature;
    this.topP = topP;
    this.maxTokens = maxTokens;
    this.updatedAt = Timestamps.now();
  }

  public UUID getUserId() {
    return userId;
  }

  public String getDefaultModel() {
    return defaultModel;
  }

  public Double getTemperature() {
    return temperature;
  }

  public Double getTopP() {
    return topP;
  }

  public Integer getMaxTokens() {
    return maxTokens;
  }

  public Instant getUpdatedAt() {
    return updatedAt;
  }
}
