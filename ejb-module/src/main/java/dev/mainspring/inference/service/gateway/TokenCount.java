package dev.mainspring.inference.service.gateway;

/**
 * The tokens one model call consumed: as the provider reported them, or counted by Mainspring
 * ({@code estimated}) when it reported none.
 */
public record TokenCount(long promptTokens, long completionTokens, boolean estimated) {

  public long totalTokens() {
    return promptTokens + completionTokens;
  }
}
