package dev.mainspring.identity.service.token;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.mainspring.identity.service.token.InvalidTokenException.Reason;
import java.time.Clock;
import java.util.Locale;
import java.util.Set;

/**
 * Verifies bearer tokens issued by an external OpenID Connect provider (ID tokens or JWT access
 * tokens) against the configured issuer, audience and the provider's keys:
 *
 * <pre>{@code
 * var verifier = new OidcTokenVerifier("https://idp.example", "mainspring",
 *     new HttpJwksSource(URI.create("https://idp.example/jwks")), Clock.systemUTC());
 * OidcIdentity who = verifier.verify(bearer); // or InvalidTokenException
 * }</pre>
 *
 * Only RS256 and ES256 are accepted, and the algorithm is checked before any key is looked at:
 * {@code alg: none} and HS256 (also HS256 "signed" with the provider's public key as the secret)
 * are refused. The key must have the {@code kid} of the header and the type the algorithm needs;
 * keys named in the token itself ({@code jwk}, {@code jku}, {@code x5u}) are ignored. {@code exp}
 * is required and checked with 5 seconds of clock skew, {@code nbf} with 60; {@code iss} must equal
 * the issuer and {@code aud} must contain the audience. Thread-safe if the source is.
 */
public final class OidcTokenVerifier {

  private static final Set<JWSAlgorithm> ALGORITHMS =
      Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256);
  // Providers mark ID tokens and access tokens as JWT, RFC 9068 access tokens as at+jwt, or omit
  // typ.
  private static final Set<String> TYPES = Set.of("jwt", "at+jwt", "application/at+jwt");

  private final String issuer;
  private final String audience;
  private final JwksSource keys;
  private final Clock clock;

  public OidcTokenVerifier(String issuer, String audience, JwksSource keys, Clock clock) {
    if (issuer == null || issuer.isBlank() || audience == null || audience.isBlank()) {
      throw new IllegalArgumentException("an OIDC issuer and audience must be configured");
    }
    this.issuer = issuer;
    this.audience = audience;
    this.keys = keys;
    this.clock = clock;
  }

  /**
   * The identity the token asserts, if it is valid now.
   *
   * @throws InvalidTokenException naming the first check that failed
   * @throws IdentityProviderUnavailableException when the provider's keys cannot be had
   */
  public OidcIdentity verify(String token) {
    SignedJWT jwt = JwtChecks.parse(token, ALGORITHMS);
    JOSEObjectType type = jwt.getHeader().getType();
    if (type != null && !TYPES.contains(type.getType().toLowerCase(Locale.ROOT))) {
      throw new InvalidTokenException(Reason.UNSUPPORTED_TYPE);
    }
    String keyId = JwtChecks.keyId(jwt);
    JwtChecks.verifySignature(
        jwt, keys.find(keyId).orElseThrow(() -> new InvalidTokenException(Reason.UNKNOWN_KEY)));
    JWTClaimsSet claims = JwtChecks.claims(jwt);
    JwtChecks.checkTimes(claims, clock.instant(), false);
    JwtChecks.checkIssuer(claims, issuer);
    JwtChecks.checkAudience(claims, audience);
    return new OidcIdentity(
        issuer,
        JwtChecks.requiredString(claims, "sub"),
        email(claims),
        emailVerified(claims.getClaim("email_verified")));
  }

  private static String email(JWTClaimsSet claims) {
    return claims.getClaim("email") instanceof String email && !email.isBlank() ? email : null;
  }

  // Some providers (Amazon Cognito among them) send the boolean as a string.
  private static boolean emailVerified(Object value) {
    return Boolean.TRUE.equals(value) || "true".equals(value);
  }
}
