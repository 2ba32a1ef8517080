package dev.mainspring.identity.service.token;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * What a Mainspring access token says: who ({@code sub}), in which organization ({@code org_id},
 * absent for a user acting in none), with which roles ({@code roles}), issued by and for whom
 * ({@code iss}, {@code aud}), and for how long ({@code exp - iat}).
 */
public record AccessTokenClaims(
    UUID userId,
    UUID organizationId,
    List<String> roles,
    String issuer,
    String audience,
    Duration lifetime) {

  public AccessTokenClaims {
    Objects.requireNonNull(userId, "userId");
    roles = List.copyOf(Objects.requireNonNull(roles, "roles"));
    if (issuer == null || issuer.isBlank()) {
      throw new IllegalArgumentException("issuer is blank");
    }
    if (audience == null || audience.isBlank()) {
      throw new IllegalArgumentException("audience is blank");
    }
    if (lifetime == null || lifetime.isNegative() || lifetime.toSeconds() < 1) {
      throw new IllegalArgumentException("lifetime must be at least a second");
    }
  }
}
