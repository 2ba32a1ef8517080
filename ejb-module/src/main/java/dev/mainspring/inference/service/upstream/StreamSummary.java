package dev.mainspring.inference.service.upstream;

import java.time.Duration;
import java.util.Optional;

/**
 * How a stream ended: after {@code [DONE]}, or {@code cancelled} by the caller. {@code chunks}
 * counts the data payloads handed over; {@code usage} is the one the final chunk carried, if any;
 * {@code timeToFirstChunk} runs from the call to the first payload, retries included.
 */
public record StreamSummary(
    int chunks,
    Optional<TokenUsage> usage,
    Optional<Duration> timeToFirstChunk,
    boolean cancelled) {

  public boolean done() {
    return !cancelled;
  }
}
