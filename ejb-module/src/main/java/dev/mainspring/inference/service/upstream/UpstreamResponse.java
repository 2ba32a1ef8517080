package dev.mainspring.inference.service.upstream;

import java.time.Duration;
import java.util.Optional;

/**
 * A complete, non-streamed answer of an upstream: its status (2xx, or a 4xx other than 429 for the
 * caller to pass on), its JSON body, and how long the call took until the answer began, retries
 * included.
 */
public record UpstreamResponse(int status, String body, Duration timeToFirstByte) {

  public boolean isSuccess() {
    return status >= 200 && status < 300;
  }

  /** The token counts in the body, when it has any. */
  public Optional<TokenUsage> usage() {
    return TokenUsage.of(body);
  }
}
