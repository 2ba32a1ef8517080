package dev.mainspring.inference.service.gateway;

import dev.mainspring.inference.service.upstream.TokenUsage;

/**
 * The tokens one model call consumed: as the provider reported them, or counted by Mainspring
 * ({@code estimated}) when it reported none. {@code cachedTokens} are the part of {@code
 * promptTokens} the provider served from its prompt cache (0 when it did not say).
 */
public record TokenCount(
    long promptTokens, long completionTokens, long cachedTokens, boolean estimated) {

  /** A count without cached tokens. */
  public TokenCount(long promptTokens, long completionTokens, boolean estimated) {
    this(promptTokens, completionTokens, 0, estimated);
  }

  /** The provider's own count. */
  public static TokenCount reported(TokenUsage usage) {
    return new TokenCount(
        usage.promptTokens(), usage.completionTokens(), usage.cachedTokens(), false);
  }

  public long totalTokens() {
    return promptTokens + completionTokens;
  }
}
