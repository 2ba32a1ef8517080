package dev.mainspring.billing.model;

import java.time.Instant;
import java.util.UUID;

/**
 * A user's own provider key within an organization (bring your own key), or the organization's own
 * key ({@code userId} null), as stored: the secret encrypted under the master key {@code
 * masterKeyId}, never in clear. {@code lastTestOk} and {@code lastTestCode} are null until the key
 * was tested.
 */
public record ByokKey(
    UUID orgId,
    UUID userId,
    String baseUrl,
    byte[] encryptedSecret,
    String masterKeyId,
    String keyHint,
    Instant createdAt,
    Instant updatedAt,
    Instant lastTestedAt,
    Boolean lastTestOk,
    String lastTestCode) {

  @Override
  public String toString() {
    return "ByokKey[org=" + orgId + ", user=" + userId + ", baseUrl=" + baseUrl + "]";
  }
}
