package dev.mainspring.inference.service.gateway;

import jakarta.json.bind.annotation.JsonbNillable;
import jakarta.json.bind.annotation.JsonbPropertyOrder;

/**
 * The answer of document C's direct inference endpoints: the model that answered, its text, why it
 * stopped, and the provider's token usage when it reported one.
 */
@JsonbPropertyOrder({"model", "output", "finishReason", "usage"})
public record GeneratedText(
    String model, String output, String finishReason, @JsonbNillable(false) Usage usage) {

  /** Token usage as the provider reported it. */
  @JsonbPropertyOrder({"promptTokens", "completionTokens", "totalTokens"})
  public record Usage(long promptTokens, long completionTokens, long totalTokens) {}
}
