package dev.mainspring.identity.service.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import dev.mainspring.identity.service.token.InvalidTokenException.Reason;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Set;

/**
 * The checks every signed JWT goes through, in the order that never lets an attacker choose the
 * rules: the algorithm must be one the caller allows before any key is looked at, the key comes
 * from the caller's own set by {@code kid} (never from {@code jwk}, {@code jku} or {@code x5u}
 * headers), and its type must fit the algorithm, so a public key can never be used as an HMAC
 * secret.
 */
final class JwtChecks {

  /**
   * How long after its {@code exp} a token is still taken, for clocks that disagree a little. Kept
   * to seconds: every second past {@code exp} is a second longer that a leaked token works.
   */
  static final Duration EXPIRY_SKEW = Duration.ofSeconds(5);

  /**
   * How far in the future {@code nbf} and {@code iat} may lie, for an issuer whose clock runs
   * ahead. Taking a token a little early gives its holder nothing the issuer did not mean to give.
   */
  static final Duration ISSUE_SKEW = Duration.ofSeconds(60);

  // Larger than any token this service issues or accepts; refused before parsing.
  private static final int MAX_TOKEN_LENGTH = 16 * 1024;
  private static final int MIN_RSA_BITS = 2048;

  private JwtChecks() {}

  /** The token as a signed JWT whose header names one of {@code allowed}. */
  static SignedJWT parse(String token, Set<JWSAlgorithm> allowed) {
    if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_LENGTH) {
      throw new InvalidTokenException(Reason.MALFORMED);
    }
    JWT jwt;
    try {
      jwt = JWTParser.parse(token);
    } catch (ParseException e) {
      throw new InvalidTokenException(Reason.MALFORMED);
    }
    if (!(jwt instanceof SignedJWT signed)) {
      // An unsecured (alg none) or an encrypted JWT.
      throw new InvalidTokenException(Reason.UNSUPPORTED_ALGORITHM);
    }
    if (!allowed.contains(signed.getHeader().getAlgorithm())) {
      throw new InvalidTokenException(Reason.UNSUPPORTED_ALGORITHM);
    }
    return signed;
  }

  /** The key id of the header; a token without one names no key this service knows. */
  static String keyId(SignedJWT jwt) {
    String kid = jwt.getHeader().getKeyID();
    if (kid == null || kid.isEmpty()) {
      throw new InvalidTokenException(Reason.UNKNOWN_KEY);
    }
    return kid;
  }

  /** Checks the signature with {@code key}, which must be of the kind the algorithm needs. */
  static void verifySignature(SignedJWT jwt, JWK key) {
    JWSAlgorithm alg = jwt.getHeader().getAlgorithm();
    if (key.getAlgorithm() != null && !key.getAlgorithm().equals(alg)) {
      throw new InvalidTokenException(Reason.UNSUPPORTED_ALGORITHM);
    }
    if (key.getKeyUse() != null && !KeyUse.SIGNATURE.equals(key.getKeyUse())) {
      throw new InvalidTokenException(Reason.UNKNOWN_KEY);
    }
    boolean valid;
    try {
      valid = jwt.verify(verifier(alg, key));
    } catch (JOSEException e) {
      valid = false;
    }
    if (!valid) {
      throw new InvalidTokenException(Reason.BAD_SIGNATURE);
    }
  }

  private static JWSVerifier verifier(JWSAlgorithm alg, JWK key) throws JOSEException {
    if (JWSAlgorithm.ES256.equals(alg)
        && key instanceof ECKey ec
        && Curve.P_256.equals(ec.getCurve())) {
      return new ECDSAVerifier(ec.toPublicJWK());
    }
    if (JWSAlgorithm.RS256.equals(alg) && key instanceof RSAKey rsa && rsa.size() >= MIN_RSA_BITS) {
      return new RSASSAVerifier(rsa.toPublicJWK());
    }
    throw new InvalidTokenException(Reason.UNSUPPORTED_ALGORITHM);
  }

  static JWTClaimsSet claims(SignedJWT jwt) {
    try {
      return jwt.getJWTClaimsSet();
    } catch (ParseException e) {
      throw new InvalidTokenException(Reason.MALFORMED);
    }
  }

  /**
   * {@code exp} is required and must not have passed more than {@link #EXPIRY_SKEW} ago; {@code
   * nbf} (and {@code iat} when {@code checkIssuedAt}) must not lie more than {@link #ISSUE_SKEW} in
   * the future.
   */
  static void checkTimes(JWTClaimsSet claims, Instant now, boolean checkIssuedAt) {
    Date exp = claims.getExpirationTime();
    if (exp == null) {
      throw new InvalidTokenException(Reason.MISSING_CLAIM);
    }
    if (!now.minus(EXPIRY_SKEW).isBefore(exp.toInstant())) {
      throw new InvalidTokenException(Reason.EXPIRED);
    }
    Date nbf = claims.getNotBeforeTime();
    if (nbf != null && now.plus(ISSUE_SKEW).isBefore(nbf.toInstant())) {
      throw new InvalidTokenException(Reason.NOT_YET_VALID);
    }
    Date iat = claims.getIssueTime();
    if (checkIssuedAt && iat != null && now.plus(ISSUE_SKEW).isBefore(iat.toInstant())) {
      throw new InvalidTokenException(Reason.NOT_YET_VALID);
    }
  }

  static void checkIssuer(JWTClaimsSet claims, String issuer) {
    if (!issuer.equals(claims.getIssuer())) {
      throw new InvalidTokenException(Reason.WRONG_ISSUER);
    }
  }

  static void checkAudience(JWTClaimsSet claims, String audience) {
    if (claims.getAudience() == null || !claims.getAudience().contains(audience)) {
      throw new InvalidTokenException(Reason.WRONG_AUDIENCE);
    }
  }

  static String requiredString(JWTClaimsSet claims, String name) {
    String value;
    try {
      value = claims.getStringClaim(name);
    } catch (ParseException e) {
      throw new InvalidTokenException(Reason.MALFORMED);
    }
    if (value == null || value.isEmpty()) {
      throw new InvalidTokenException(Reason.MISSING_CLAIM);
    }
    return value;
  }
}
