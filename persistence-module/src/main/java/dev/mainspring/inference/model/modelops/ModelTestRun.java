package dev.mainspring.inference.model.modelops;

import dev.mainspring.platform.model.Ids;
import dev.mainspring.platform.model.Timestamps;
import dev.mainspring.platform.model.UuidConverter;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** One test of a managed model: an input sent through its provider and what came back. */
@Entity
@Table(name = "model_tests")
public class ModelTestRun {

  @Id private UUID id;

  @Column(name = "model_id", nullable = false)
  private UUID modelId;

  @Column(name = "provider_id")
  @Convert(converter = UuidConverter.class)
  private UUID providerId;

  @Column(nullable = false, length = 16)
  private String status;

  @Column(nullable = false)
  private String input;

  @Column private String output;

  @Column(length = 2000)
  private String error;

  @Column(name = "latency_ms", nullable = false)
  private int latencyMs;

  @Column(name = "created_by")
  @Convert(converter = UuidConverter.class)
  private UUID createdBy;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  protected ModelTestRun() {}

  public ModelTestRun(
      UUID modelId,
      UUID providerId,
      String input,
      String output,
      String error,
      int latencyMs,
      UUID createdBy) {
    this.id = Ids.newId();
    this.modelId = modelId;
    this.providerId = providerId;
    this.status = error == null ? "success" : "failed";
    this.input = input;
    this.output = output;
    this.error = error == null || error.length() <= 2000 ? error : error.substring(0, 2000);
    this.latencyMs = latencyMs;
    this.createdBy = createdBy;
    this.createdAt = Timestamps.now();
  }

  public UUID getId() {
    return id;
  }

  public UUID getModelId() {
    return modelId;
  }

  public UUID getProviderId() {
    return providerId;
  }

  public String getStatus() {
    return status;
  }

  public String getInput() {
    return input;
  }

  public String getOutput() {
    return output;
  }

  public String getError() {
    return error;
  }

  public int getLatencyMs() {
    return latencyMs;
  }

  public UUID getCreatedBy() {
    return createdBy;
  }

  public Instant getCreatedAt() {
    return createdAt;
  }
}
