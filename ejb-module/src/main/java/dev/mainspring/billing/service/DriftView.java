package dev.mainspring.billing.service;

import dev.mainspring.billing.model.Drift;
import java.util.UUID;

/** An account whose cached balance ({@code cachedBalance}) is not the sum of its entries. */
public record DriftView(
    UUID accountId, UUID orgId, String kind, long cachedBalance, long entriesBalance) {

  static DriftView of(Drift d) {
    return new DriftView(d.accountId(), d.orgId(), d.kind(), d.cachedBalance(), d.entriesBalance());
  }
}
