package dev.mainspring.identity.service.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.mainspring.identity.service.token.InvalidTokenException.Reason;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Issues and verifies Mainspring's own access tokens: compact JWS, ES256, signed by the newest key
 * of a {@link SigningKeys} ring, with {@code kid} and {@code typ: JWT} in the header and {@code
 * iss}, {@code sub}, {@code aud}, {@code iat}, {@code exp}, {@code jti}, {@code roles} and (when
 * set) {@code org_id} as claims.
 *
 * <pre>{@code
 * var tokens = new AccessTokens(keys, "https://mainspring.example", "mainspring-api", clock);
 * String jwt = tokens.issue(new AccessTokenClaims(userId, orgId, List.of("admin"),
 *     "https://mainspring.example", "mainspring-api", Duration.ofMinutes(15)));
 * AccessToken token = tokens.verify(jwt); // or InvalidTokenException
 * }</pre>
 *
 * Verification accepts only ES256 and only keys the ring holds; it checks the signature, {@code
 * exp} with 5 seconds of clock skew, {@code nbf} and {@code iat} with 60, and that issuer and
 * audience are the ones given to the constructor. Thread-safe.
 */
public final class AccessTokens {

  static final String ORGANIZATION_CLAIM = "org_id";
  static final String ROLES_CLAIM = "roles";

  private static final Set<JWSAlgorithm> ALGORITHMS = Set.of(SigningKey.ALGORITHM);

  private final SigningKeys keys;
  private final String issuer;
  private final String audience;
  private final Clock clock;

  /**
   * @param issuer the {@code iss} a token must carry to verify
   * @param audience the value its {@code aud} must contain to verify
   */
  /**
   * Tokens verified lately, by their exact text. Checking an ES256 signature costs about a
   * millisecond of CPU, and every request with a bearer token checks one: a client that polls (a
   * long poll a second) or calls often presents the same token again and again, and on two cores
   * the signature was a quarter of the server's CPU at a thousand long-pollers (streams benchmark,
   * issue 15). The same text verifies the same way as long as its key is still in the ring (checked
   * at each use) and its time is right (checked at each use); bounded, and emptied when full.
   */
  private final Map<String, Verified> verified = new ConcurrentHashMap<>();

  private static final int VERIFIED_MAX = 4_096;

  public AccessTokens(SigningKeys keys, String issuer, String audience, Clock clock) {
    this.keys = keys;
    this.issuer = issuer;
    this.audience = audience;
    this.clock = clock;
  }

  /** A signed compact JWT of {@code claims}, valid from now for their lifetime. */
  public String issue(AccessTokenClaims claims) {
    SigningKey key = keys.current();
    Instant now = clock.instant();
    JWTClaimsSet.Builder body =
        new JWTClaimsSet.Builder()
            .issuer(claims.issuer())
            .subject(claims.userId().toString())
            .audience(claims.audience())
            .issueTime(Date.from(now))
            .expirationTime(Date.from(now.plus(claims.lifetime())))
            .jwtID(UUID.randomUUID().toString())
            .claim(ROLES_CLAIM, claims.roles());
    if (claims.organizationId() != null) {
      body.claim(ORGANIZATION_CLAIM, claims.organizationId().toString());
    }
    JWSHeader header =
        new JWSHeader.Builder(SigningKey.ALGORITHM)
            .keyID(key.keyId())
            .type(JOSEObjectType.JWT)
            .build();
    SignedJWT jwt = new SignedJWT(header, body.build());
    try {
      jwt.sign(key.signer());
    } catch (JOSEException e) {
      throw new IllegalStateException("signing with key " + key.keyId() + " failed", e);
    }
    return jwt.serialize();
  }

  /**
   * The token's claims, if it is one of ours and valid now.
   *
   * @throws InvalidTokenException naming the first check that failed
   */
  public AccessToken verify(String token) {
    Verified known = token == null ? null : verified.get(token);
    if (known != null && keys.find(known.keyId()).isPresent()) {
      // the same bytes verified before under a key still in the ring: only time has moved
      JwtChecks.checkTimes(known.claims(), clock.instant(), true);
      return known.token();
    }
    SignedJWT jwt = JwtChecks.parse(token, ALGORITHMS);
    if (!JOSEObjectType.JWT.equals(jwt.getHeader().getType())) {
      throw new InvalidTokenException(Reason.UNSUPPORTED_TYPE);
    }
    SigningKey key =
        keys.find(JwtChecks.keyId(jwt))
            .orElseThrow(() -> new InvalidTokenException(Reason.UNKNOWN_KEY));
    JwtChecks.verifySignature(jwt, key.publicJwk());
    JWTClaimsSet claims = JwtChecks.claims(jwt);
    JwtChecks.checkTimes(claims, clock.instant(), true);
    JwtChecks.checkIssuer(claims, issuer);
    JwtChecks.checkAudience(claims, audience);
    AccessToken accepted = toAccessToken(claims);
    if (verified.size() >= VERIFIED_MAX) {
      verified.clear();
    }
    verified.put(token, new Verified(key.keyId(), claims, accepted));
    return accepted;
  }

  /** A token whose signature, issuer and audience held, and what it said. */
  private record Verified(String keyId, JWTClaimsSet claims, AccessToken token) {}

  private AccessToken toAccessToken(JWTClaimsSet claims) {
    Instant issuedAt = required(claims.getIssueTime()).toInstant();
    Instant expiresAt = claims.getExpirationTime().toInstant();
    AccessTokenClaims content =
        new AccessTokenClaims(
            uuid(JwtChecks.requiredString(claims, "sub")),
            claims.getClaim(ORGANIZATION_CLAIM) == null
                ? null
                : uuid(JwtChecks.requiredString(claims, ORGANIZATION_CLAIM)),
            roles(claims),
            issuer,
            audience,
            positive(Duration.between(issuedAt, expiresAt)));
    return new AccessToken(content, JwtChecks.requiredString(claims, "jti"), issuedAt, expiresAt);
  }

  private static List<String> roles(JWTClaimsSet claims) {
    try {
      List<String> roles = claims.getStringListClaim(ROLES_CLAIM);
      if (roles == null || roles.contains(null)) {
        throw new InvalidTokenException(Reason.MISSING_CLAIM);
      }
      return roles;
    } catch (ParseException e) {
      throw new InvalidTokenException(Reason.MALFORMED);
    }
  }

  private static <T> T required(T value) {
    if (value == null) {
      throw new InvalidTokenException(Reason.MISSING_CLAIM);
    }
    return value;
  }

  private static UUID uuid(String value) {
    try {
      return UUID.fromString(value);
    } catch (IllegalArgumentException e) {
      throw new InvalidTokenException(Reason.MALFORMED);
    }
  }

  private static Duration positive(Duration lifetime) {
    if (lifetime.toSeconds() < 1) {
      throw new InvalidTokenException(Reason.MALFORMED);
    }
    return lifetime;
  }
}
