package dev.mainspring.identity.service.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.mainspring.identity.service.token.InvalidTokenException.Reason;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.Test;

class OidcTokenVerifierTest {

  private static final String ISSUER = "https://idp.test/realms/acme";
  private static final String AUDIENCE = "mainspring";

  // Generating RSA keys is slow: one pair for every test, read-only.
  private static final RSAKey RSA = generateRsa("rsa-1");
  private static final ECKey EC = generateEc("ec-1");

  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
  private final OidcTokenVerifier verifier =
      new OidcTokenVerifier(ISSUER, AUDIENCE, JwksSource.of(new JWKSet(List.of(RSA, EC))), clock);

  @Test
  void validRs256TokenGivesTheIdentity() throws Exception {
    String token = sign(rsaHeader().build(), claims().build(), new RSASSASigner(RSA));

    OidcIdentity who = verifier.verify(token);

    assertEquals(new OidcIdentity(ISSUER, "user-42", "ada@example.test", true), who);
  }

  @Test
  void validEs256TokenGivesTheIdentity() throws Exception {
    JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("ec-1").build();

    OidcIdentity who = verifier.verify(sign(header, claims().build(), new ECDSASigner(EC)));

    assertEquals("user-42", who.subject());
  }

  @Test
  void tokenWithoutEmailHasNoneAndItIsNotVerified() throws Exception {
    JWTClaimsSet body = claims().claim("email", null).claim("email_verified", null).build();

    OidcIdentity who = verifier.verify(sign(rsaHeader().build(), body, new RSASSASigner(RSA)));

    assertNull(who.email());
    assertFalse(who.emailVerified());
  }

  @Test
  void emailVerifiedSentAsAStringCounts() throws Exception {
    JWTClaimsSet body = claims().claim("email_verified", "true").build();

    assertTrue(
        verifier.verify(sign(rsaHeader().build(), body, new RSASSASigner(RSA))).emailVerified());
  }

  @Test
  void audienceListContainingOursIsAccepted() throws Exception {
    JWTClaimsSet body = claims().audience(List.of("account", AUDIENCE)).build();

    verifier.verify(sign(rsaHeader().build(), body, new RSASSASigner(RSA)));
  }

  @Test
  void accessTokenTypeIsAccepted() throws Exception {
    JWSHeader header = rsaHeader().type(new JOSEObjectType("at+jwt")).build();

    verifier.verify(sign(header, claims().build(), new RSASSASigner(RSA)));
  }

  @Test
  void unsignedTokenIsRefused() {
    String token =
        Jwts.unsigned("{\"alg\":\"none\",\"kid\":\"rsa-1\"}", claims().build().toString());

    assertEquals(Reason.UNSUPPORTED_ALGORITHM, refused(token).reason());
  }

  /**
   * The classic attack on verifiers that let the token pick the algorithm: HS256 with the
   * provider's public key (which anyone can fetch) as the HMAC secret. A verifier that fed the RSA
   * key's bytes to an HMAC check would accept it.
   */
  @Test
  void hmacTokenKeyedWithTheProvidersPublicKeyIsRefused() throws Exception {
    RSAPublicKey publicKey = RSA.toRSAPublicKey();
    String pem =
        "-----BEGIN PUBLIC KEY-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(publicKey.getEncoded())
            + "\n-----END PUBLIC KEY-----\n";
    for (byte[] secret : List.of(publicKey.getEncoded(), pem.getBytes(StandardCharsets.US_ASCII))) {
      JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("rsa-1").build();
      String forged = sign(header, claims().build(), new MACSigner(secret));
      assertTrue(SignedJWT.parse(forged).verify(new MACVerifier(secret)), "a real forgery");

      assertEquals(Reason.UNSUPPORTED_ALGORITHM, refused(forged).reason());
    }
  }

  @Test
  void hmacTokenIsRefusedWhateverTheSecret() throws Exception {
    JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("rsa-1").build();
    byte[] secret = new byte[32];

    assertEquals(
        Reason.UNSUPPORTED_ALGORITHM,
        refused(sign(header, claims().build(), new MACSigner(secret))).reason());
  }

  @Test
  void rs384TokenIsRefused() throws Exception {
    JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.RS384).keyID("rsa-1").build();

    assertEquals(
        Reason.UNSUPPORTED_ALGORITHM,
        refused(sign(header, claims().build(), new RSASSASigner(RSA))).reason());
  }

  @Test
  void algorithmThatDoesNotFitTheKeyIsRefused() throws Exception {
    JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("ec-1").build();

    assertEquals(
        Reason.UNSUPPORTED_ALGORITHM,
        refused(sign(header, claims().build(), new RSASSASigner(RSA))).reason());
  }

  @Test
  void rsaKeyShorterThan2048BitsIsRefused() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(1024);
    KeyPair weak = generator.generateKeyPair();
    RSAKey weakJwk =
        new RSAKey.Builder((RSAPublicKey) weak.getPublic())
            .privateKey(weak.getPrivate())
            .keyID("weak")
            .build();
    var withWeakKey =
        new OidcTokenVerifier(ISSUER, AUDIENCE, JwksSource.of(new JWKSet(weakJwk)), clock);
    // The library refuses to sign with so short a key; the JDK does not.
    String signingInput =
        Jwts.base64Url("{\"alg\":\"RS256\",\"kid\":\"weak\"}")
            + "."
            + Jwts.base64Url(claims().build().toString());
    Signature rs256 = Signature.getInstance("SHA256withRSA");
    rs256.initSign(weak.getPrivate());
    rs256.update(signingInput.getBytes(StandardCharsets.US_ASCII));
    String token =
        signingInput + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(rs256.sign());

    var e = assertThrows(InvalidTokenException.class, () -> withWeakKey.verify(token));

    assertEquals(Reason.UNSUPPORTED_ALGORITHM, e.reason());
  }

  @Test
  void tokenOfAnotherIssuerIsRefused() throws Exception {
    JWTClaimsSet body = claims().issuer("https://idp.test/realms/other").build();

    assertEquals(
        Reason.WRONG_ISSUER,
        refused(sign(rsaHeader().build(), body, new RSASSASigner(RSA))).reason());
  }

  @Test
  void tokenForAnotherAudienceIsRefused() throws Exception {
    JWTClaimsSet body = claims().audience(List.of("account", "billing")).build();

    assertEquals(
        Reason.WRONG_AUDIENCE,
        refused(sign(rsaHeader().build(), body, new RSASSASigner(RSA))).reason());
  }

  @Test
  void expiredTokenIsRefused() throws Exception {
    String token = sign(rsaHeader().build(), claims().build(), new RSASSASigner(RSA));
    clock.advance(Duration.ofMinutes(5).plusSeconds(61));

    assertEquals(Reason.EXPIRED, refused(token).reason());
  }

  @Test
  void tokenThatExpiredTenSecondsAgoIsRefused() throws Exception {
    String token = sign(rsaHeader().build(), claims().build(), new RSASSASigner(RSA));
    clock.advance(Duration.ofMinutes(5).plusSeconds(10));

    assertEquals(Reason.EXPIRED, refused(token).reason());
  }

  @Test
  void tokenNotValidBeforeALaterTimeIsRefused() throws Exception {
    JWTClaimsSet body = claims().notBeforeTime(Date.from(clock.instant().plusSeconds(120))).build();

    assertEquals(
        Reason.NOT_YET_VALID,
        refused(sign(rsaHeader().build(), body, new RSASSASigner(RSA))).reason());
  }

  @Test
  void tokenWithoutExpiryOrSubjectIsRefused() throws Exception {
    JWTClaimsSet noExpiry = claims().expirationTime(null).build();
    JWTClaimsSet noSubject = claims().subject(null).build();

    assertEquals(
        Reason.MISSING_CLAIM,
        refused(sign(rsaHeader().build(), noExpiry, new RSASSASigner(RSA))).reason());
    assertEquals(
        Reason.MISSING_CLAIM,
        refused(sign(rsaHeader().build(), noSubject, new RSASSASigner(RSA))).reason());
  }

  @Test
  void tamperedTokenIsRefused() throws Exception {
    String token = sign(rsaHeader().build(), claims().build(), new RSASSASigner(RSA));
    String payload = Jwts.decode(token.split("\\.")[1]).replace("user-42", "user-1");

    assertEquals(Reason.BAD_SIGNATURE, refused(Jwts.withPayload(token, payload)).reason());
    assertEquals(Reason.BAD_SIGNATURE, refused(Jwts.withAlteredSignature(token)).reason());
  }

  @Test
  void tokenSignedByAKeyOfUnknownIdIsRefused() throws Exception {
    RSAKey stranger = generateRsa("stranger");
    JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("stranger").build();

    assertEquals(
        Reason.UNKNOWN_KEY,
        refused(sign(header, claims().build(), new RSASSASigner(stranger))).reason());
  }

  @Test
  void tokenWithoutKidIsRefused() throws Exception {
    JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.RS256).build();

    assertEquals(
        Reason.UNKNOWN_KEY,
        refused(sign(header, claims().build(), new RSASSASigner(RSA))).reason());
  }

  @Test
  void keyEmbeddedInTheTokenIsNotTrusted() throws Exception {
    RSAKey attacker = generateRsa("rsa-1");
    JWSHeader header =
        new JWSHeader.Builder(JWSAlgorithm.RS256)
            .keyID("rsa-1")
            .jwk(attacker.toPublicJWK())
            .build();

    assertEquals(
        Reason.BAD_SIGNATURE,
        refused(sign(header, claims().build(), new RSASSASigner(attacker))).reason());
  }

  @Test
  void unexpectedTokenTypeIsRefused() throws Exception {
    JWSHeader header = rsaHeader().type(new JOSEObjectType("logout+jwt")).build();

    assertEquals(
        Reason.UNSUPPORTED_TYPE,
        refused(sign(header, claims().build(), new RSASSASigner(RSA))).reason());
  }

  @Test
  void unreachableProviderIsUnavailableNotUnauthorized() throws Exception {
    JwksSource down =
        keyId -> {
          throw new IdentityProviderUnavailableException("down");
        };
    var withProviderDown = new OidcTokenVerifier(ISSUER, AUDIENCE, down, clock);
    String token = sign(rsaHeader().build(), claims().build(), new RSASSASigner(RSA));

    var e =
        assertThrows(
            IdentityProviderUnavailableException.class, () -> withProviderDown.verify(token));

    assertEquals(503, e.status());
  }

  private InvalidTokenException refused(String token) {
    var e = assertThrows(InvalidTokenException.class, () -> verifier.verify(token));
    assertEquals(401, e.status());
    return e;
  }

  private JWTClaimsSet.Builder claims() {
    return new JWTClaimsSet.Builder()
        .issuer(ISSUER)
        .audience(AUDIENCE)
        .subject("user-42")
        .issueTime(Date.from(clock.instant()))
        .expirationTime(Date.from(clock.instant().plusSeconds(300)))
        .claim("email", "ada@example.test")
        .claim("email_verified", true);
  }

  private static JWSHeader.Builder rsaHeader() {
    return new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("rsa-1").type(JOSEObjectType.JWT);
  }

  private static String sign(JWSHeader header, JWTClaimsSet claims, JWSSigner signer) {
    return Jwts.sign(header, claims, signer);
  }

  private static RSAKey generateRsa(String keyId) {
    try {
      return new RSAKeyGenerator(2048).keyID(keyId).generate();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static ECKey generateEc(String keyId) {
    try {
      return new ECKeyGenerator(Curve.P_256).keyID(keyId).generate();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
