package dev.mainspring.identity.service.token;

import java.time.Instant;

/**
 * A verified Mainspring access token: its claims, its id ({@code jti}, for revocation lists) and
 * its validity interval.
 */
public record AccessToken(
    AccessTokenClaims claims, String id, Instant issuedAt, Instant expiresAt) {}
