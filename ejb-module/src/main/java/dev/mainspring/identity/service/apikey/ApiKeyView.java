package dev.mainspring.identity.service.apikey;

import dev.mainspring.identity.model.ApiKey;
import jakarta.json.bind.annotation.JsonbNillable;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An API key as it is listed: never the secret. {@code secret} is set only in the answer to its
 * creation, the one time it is shown.
 */
public record ApiKeyView(
    UUID id,
    String name,
    String prefix,
    List<String> scopes,
    UUID userId,
    Instant createdAt,
    Instant lastUsedAt,
    Instant expiresAt,
    @JsonbNillable(false) String secret) {

  static ApiKeyView of(ApiKey k, String secret) {
    return new ApiKeyView(
        k.getId(),
        k.getName(),
        k.getPrefix(),
        k.getScopes(),
        k.getUserId(),
        k.getCreatedAt(),
        k.getLastUsedAt(),
        k.getExpiresAt(),
        secret);
  }
}
