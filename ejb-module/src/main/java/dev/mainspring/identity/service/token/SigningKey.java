package dev.mainspring.identity.service.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;

/**
 * One of Mainspring's token signing keys: an EC P-256 key pair for ES256, named by its RFC 7638
 * thumbprint ({@code kid}) and stamped with the time it was made ({@code iat}), which is what
 * "newest" means in a {@link SigningKeys} ring.
 *
 * <p>A key leaves the process only as JWK JSON with its private part, for storing it encrypted:
 *
 * <pre>{@code
 * String json = SigningKey.generate().exportPrivateJwk(); // encrypt before storing
 * SigningKey same = SigningKey.importPrivateJwk(json);
 * }</pre>
 *
 * {@link #toString()} names the key and never shows the private part.
 */
public final class SigningKey {

  static final JWSAlgorithm ALGORITHM = JWSAlgorithm.ES256;

  private final ECKey key;
  private final JWSSigner signer;

  private SigningKey(ECKey key) {
    this.key = key;
    try {
      this.signer = new ECDSASigner(key);
    } catch (JOSEException e) {
      throw new IllegalArgumentException("not a usable P-256 private key", e);
    }
  }

  /** A new key pair, made now. */
  public static SigningKey generate() {
    return generate(Clock.systemUTC());
  }

  /** A new key pair, stamped with {@code clock}'s time. */
  public static SigningKey generate(Clock clock) {
    try {
      return new SigningKey(
          new ECKeyGenerator(Curve.P_256)
              .keyUse(KeyUse.SIGNATURE)
              .algorithm(ALGORITHM)
              .keyIDFromThumbprint(true)
              .issueTime(Date.from(clock.instant()))
              .generate());
    } catch (JOSEException e) {
      throw new IllegalStateException("EC P-256 key generation is part of every JDK", e);
    }
  }

  /**
   * The key in {@code json}, as {@link #exportPrivateJwk()} wrote it.
   *
   * @throws IllegalArgumentException when the JSON is not a P-256 private JWK with a {@code kid}
   */
  public static SigningKey importPrivateJwk(String json) {
    JWK jwk;
    try {
      jwk = JWK.parse(json);
    } catch (ParseException e) {
      throw new IllegalArgumentException("not a JWK", e);
    }
    if (!(jwk instanceof ECKey ec) || !Curve.P_256.equals(ec.getCurve())) {
      throw new IllegalArgumentException("not an EC P-256 key");
    }
    if (!ec.isPrivate()) {
      throw new IllegalArgumentException("the JWK has no private part");
    }
    if (ec.getKeyID() == null || ec.getKeyID().isBlank()) {
      throw new IllegalArgumentException("the JWK has no kid");
    }
    if (ec.getAlgorithm() != null && !ALGORITHM.equals(ec.getAlgorithm())) {
      throw new IllegalArgumentException("the JWK is for " + ec.getAlgorithm() + ", not ES256");
    }
    return new SigningKey(ec);
  }

  /** The JWK JSON of the key pair, private part included: encrypt it before it is stored. */
  public String exportPrivateJwk() {
    return key.toJSONString();
  }

  /** The key id, the {@code kid} of every token this key signs. */
  public String keyId() {
    return key.getKeyID();
  }

  /** When the key was made; the start of the epoch when an imported JWK did not say. */
  public Instant createdAt() {
    Date iat = key.getIssueTime();
    return iat == null ? Instant.EPOCH : iat.toInstant();
  }

  ECKey publicJwk() {
    return key.toPublicJWK();
  }

  /** The public half as JWK JSON, safe to store and publish. */
  public String publicJwkJson() {
    return key.toPublicJWK().toJSONString();
  }

  JWSSigner signer() {
    return signer;
  }

  @Override
  public String toString() {
    return "SigningKey[kid=" + keyId() + ", createdAt=" + createdAt() + "]";
  }
}
