package dev.mainspring.billing.service;

import dev.mainspring.billing.model.ByokKey;
import java.time.Instant;

/**
 * Whether the caller has stored a key of their own, and what may be shown of it: the base URL, the
 * key's last four characters ({@code keyHint}, also as {@code maskedKey}), when it was stored and
 * changed, and its last test. Everything but {@code hasKey} is null without a key.
 */
public record ByokKeyStatusView(
    boolean hasKey,
    String provider,
    String baseUrl,
    String keyHint,
    String maskedKey,
    Instant createdAt,
    Instant updatedAt,
    Instant lastTestedAt,
    Boolean lastTestOk,
    String lastTestResult) {

  static final ByokKeyStatusView NONE =
      new ByokKeyStatusView(false, null, null, null, null, null, null, null, null, null);

  static ByokKeyStatusView of(ByokKey key) {
    return new ByokKeyStatusView(
        true,
        ByokKeys.isOpenRouter(key.baseUrl()) ? "openrouter" : "openai_compatible",
        key.baseUrl(),
        key.keyHint(),
        "****" + key.keyHint(),
        key.createdAt(),
        key.updatedAt(),
        key.lastTestedAt(),
        key.lastTestOk(),
        key.lastTestCode());
  }
}
