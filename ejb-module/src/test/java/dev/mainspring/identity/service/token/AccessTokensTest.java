package dev.mainspring.identity.service.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.mainspring.identity.service.token.InvalidTokenException.Reason;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class AccessTokensTest {

  private static final String ISSUER = "https://mainspring.test";
  private static final String AUDIENCE = "mainspring-api";
  private static final Duration LIFETIME = Duration.ofMinutes(15);

  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
  private final SigningKey key = SigningKey.generate(clock);
  private final SigningKeys ring = SigningKeys.of(key);
  private final AccessTokens tokens = new AccessTokens(ring, ISSUER, AUDIENCE, clock);

  private final UUID userId = UUID.randomUUID();
  private final UUID organizationId = UUID.randomUUID();

  private AccessTokenClaims claims() {
    return new AccessTokenClaims(
        userId, organizationId, List.of("member", "admin"), ISSUER, AUDIENCE, LIFETIME);
  }

  private static InvalidTokenException refused(AccessTokens tokens, String token) {
    return assertThrows(InvalidTokenException.class, () -> tokens.verify(token));
  }

  @Test
  void issuedTokenVerifiesToTheClaimsItWasIssuedWith() {
    String token = tokens.issue(claims());

    AccessToken verified = tokens.verify(token);

    assertEquals(claims(), verified.claims());
    assertEquals(clock.instant(), verified.issuedAt());
    assertEquals(clock.instant().plus(LIFETIME), verified.expiresAt());
    assertFalse(verified.id().isBlank());
  }

  @Test
  void tokenCarriesKidTypeAndStandardClaims() throws Exception {
    SignedJWT jwt = SignedJWT.parse(tokens.issue(claims()));

    assertEquals(JWSAlgorithm.ES256, jwt.getHeader().getAlgorithm());
    assertEquals(key.keyId(), jwt.getHeader().getKeyID());
    assertEquals(JOSEObjectType.JWT, jwt.getHeader().getType());
    JWTClaimsSet body = jwt.getJWTClaimsSet();
    assertEquals(ISSUER, body.getIssuer());
    assertEquals(List.of(AUDIENCE), body.getAudience());
    assertEquals(userId.toString(), body.getSubject());
    assertEquals(organizationId.toString(), body.getStringClaim("org_id"));
    assertEquals(List.of("member", "admin"), body.getStringListClaim("roles"));
    assertEquals(Date.from(clock.instant()), body.getIssueTime());
    assertEquals(Date.from(clock.instant().plus(LIFETIME)), body.getExpirationTime());
    assertNotNull(body.getJWTID());
  }

  @Test
  void everyTokenHasItsOwnId() {
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < 20; i++) {
      ids.add(tokens.verify(tokens.issue(claims())).id());
    }

    assertEquals(20, ids.size());
  }

  @Test
  void tokenOfAUserInNoOrganizationVerifies() {
    var noOrganization = new AccessTokenClaims(userId, null, List.of(), ISSUER, AUDIENCE, LIFETIME);

    AccessToken verified = tokens.verify(tokens.issue(noOrganization));

    assertNull(verified.claims().organizationId());
    assertEquals(List.of(), verified.claims().roles());
  }

  @Test
  void tamperedPayloadIsRefused() {
    String token = tokens.issue(claims());
    String payload = Jwts.decode(token.split("\\.")[1]);
    String escalated = payload.replace("\"member\"", "\"owner\"");
    assertNotEquals(payload, escalated);

    var e = refused(tokens, Jwts.withPayload(token, escalated));

    assertEquals(Reason.BAD_SIGNATURE, e.reason());
    assertEquals(401, e.status());
    assertEquals("invalid_token", e.code());
  }

  @Test
  void tamperedSignatureIsRefused() {
    String token = tokens.issue(claims());

    var e = refused(tokens, Jwts.withAlteredSignature(token));

    assertEquals(Reason.BAD_SIGNATURE, e.reason());
  }

  @Test
  void tokenSignedByAKeyNotInTheRingIsRefused() {
    var stranger =
        new AccessTokens(SigningKeys.of(SigningKey.generate(clock)), ISSUER, AUDIENCE, clock);

    var e = refused(tokens, stranger.issue(claims()));

    assertEquals(Reason.UNKNOWN_KEY, e.reason());
  }

  @Test
  void tokenSignedByAnotherKeyUnderAKnownKidIsRefused() {
    SigningKey stranger = SigningKey.generate(clock);
    JWSHeader header =
        new JWSHeader.Builder(JWSAlgorithm.ES256)
            .keyID(key.keyId())
            .type(JOSEObjectType.JWT)
            .build();
    String forged = Jwts.sign(header, standardClaims().build(), stranger.signer());

    var e = refused(tokens, forged);

    assertEquals(Reason.BAD_SIGNATURE, e.reason());
  }

  @Test
  void tokenIsAcceptedUntilItExpiresGiveOrTakeFiveSeconds() {
    String token = tokens.issue(claims());

    clock.advance(LIFETIME.plusSeconds(4));
    tokens.verify(token);
    clock.advance(Duration.ofSeconds(2));
    var e = refused(tokens, token);

    assertEquals(Reason.EXPIRED, e.reason());
  }

  @Test
  void aTokenVerifiedBeforeIsRefusedOnceItsKeyLeftTheRing() {
    String token = tokens.issue(claims());
    tokens.verify(token);
    tokens.verify(token);

    ring.add(SigningKey.generate(clock));
    ring.remove(key.keyId());

    assertEquals(Reason.UNKNOWN_KEY, refused(tokens, token).reason());
  }

  @Test
  void tokenThatExpiredTenSecondsAgoIsRefused() {
    String token = tokens.issue(claims());

    clock.advance(LIFETIME.plusSeconds(10));

    assertEquals(Reason.EXPIRED, refused(tokens, token).reason());
  }

  @Test
  void tokenIssuedMoreThanAMinuteInTheFutureIsNotYetValid() {
    MutableClock ahead = new MutableClock(clock.instant().plusSeconds(90));
    var issuerAhead = new AccessTokens(ring, ISSUER, AUDIENCE, ahead);

    var e = refused(tokens, issuerAhead.issue(claims()));

    assertEquals(Reason.NOT_YET_VALID, e.reason());
  }

  @Test
  void tokenWhoseNotBeforeIsInTheFutureIsNotYetValid() {
    JWTClaimsSet body =
        standardClaims().notBeforeTime(Date.from(clock.instant().plusSeconds(120))).build();

    var e = refused(tokens, Jwts.sign(ourHeader(), body, key.signer()));

    assertEquals(Reason.NOT_YET_VALID, e.reason());
  }

  @Test
  void tokenOfAnotherIssuerIsRefused() {
    var other =
        new AccessTokenClaims(
            userId, organizationId, List.of(), "https://evil.test", AUDIENCE, LIFETIME);

    var e = refused(tokens, tokens.issue(other));

    assertEquals(Reason.WRONG_ISSUER, e.reason());
  }

  @Test
  void tokenForAnotherAudienceIsRefused() {
    var other =
        new AccessTokenClaims(userId, organizationId, List.of(), ISSUER, "billing-api", LIFETIME);

    var e = refused(tokens, tokens.issue(other));

    assertEquals(Reason.WRONG_AUDIENCE, e.reason());
  }

  @Test
  void unsignedTokenIsRefused() {
    String token =
        Jwts.unsigned(
            "{\"alg\":\"none\",\"typ\":\"JWT\",\"kid\":\"" + key.keyId() + "\"}",
            standardClaims().build().toString());

    assertEquals(Reason.UNSUPPORTED_ALGORITHM, refused(tokens, token).reason());
  }

  @ParameterizedTest
  @ValueSource(strings = {"None", "NONE", "nOnE", ""})
  void unsignedTokenWithNoneSpelledOtherwiseIsRefused(String none) {
    String token =
        Jwts.unsigned(
            "{\"alg\":\"" + none + "\",\"typ\":\"JWT\",\"kid\":\"" + key.keyId() + "\"}",
            standardClaims().build().toString());

    assertEquals(401, refused(tokens, token).status());
  }

  @Test
  void hmacTokenKeyedWithOurPublicKeyIsRefused() throws Exception {
    byte[] publicKeyBytes = key.publicJwk().toECPublicKey().getEncoded();
    JWSHeader header =
        new JWSHeader.Builder(JWSAlgorithm.HS256)
            .keyID(key.keyId())
            .type(JOSEObjectType.JWT)
            .build();
    String forged = Jwts.sign(header, standardClaims().build(), new MACSigner(publicKeyBytes));
    assertTrue(SignedJWT.parse(forged).verify(new MACVerifier(publicKeyBytes)), "a real forgery");

    var e = refused(tokens, forged);

    assertEquals(Reason.UNSUPPORTED_ALGORITHM, e.reason());
  }

  @Test
  void tokenWithoutJwtTypeIsRefused() {
    JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.keyId()).build();

    var e = refused(tokens, Jwts.sign(header, standardClaims().build(), key.signer()));

    assertEquals(Reason.UNSUPPORTED_TYPE, e.reason());
  }

  @Test
  void tokenWithoutExpiryIsRefused() {
    JWTClaimsSet body =
        new JWTClaimsSet.Builder(standardClaims().build()).expirationTime(null).build();

    var e = refused(tokens, Jwts.sign(ourHeader(), body, key.signer()));

    assertEquals(Reason.MISSING_CLAIM, e.reason());
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"abc", "a.b.c", "a.b", "...."})
  void somethingThatIsNoSignedJwtIsMalformed(String token) {
    assertEquals(Reason.MALFORMED, refused(tokens, token).reason());
  }

  @Test
  void oversizedTokenIsRefusedUnparsed() {
    assertEquals(Reason.MALFORMED, refused(tokens, "a".repeat(20_000)).reason());
  }

  @Test
  void rotatedOutKeyVerifiesUntilItIsRemoved() {
    String oldToken = tokens.issue(claims());
    clock.advance(Duration.ofMinutes(1));
    SigningKey newKey = SigningKey.generate(clock);

    ring.add(newKey);
    String newToken = tokens.issue(claims());

    assertEquals(newKey.keyId(), header(newToken).getKeyID());
    assertEquals(key.keyId(), header(oldToken).getKeyID());
    tokens.verify(oldToken);
    tokens.verify(newToken);

    assertTrue(ring.remove(key.keyId()));

    assertEquals(Reason.UNKNOWN_KEY, refused(tokens, oldToken).reason());
    tokens.verify(newToken);
  }

  @Test
  void newestKeySignsWhateverTheOrderTheyWereAddedIn() {
    SigningKey older = SigningKey.generate(new MutableClock(Instant.parse("2025-01-01T00:00:00Z")));
    SigningKey newer = SigningKey.generate(new MutableClock(Instant.parse("2025-06-01T00:00:00Z")));

    assertEquals(newer, SigningKeys.of(newer, older).current());
    assertEquals(newer, SigningKeys.of(older, newer).current());
  }

  @Test
  void emptyRingCannotSign() {
    var empty = new AccessTokens(SigningKeys.of(), ISSUER, AUDIENCE, clock);

    assertThrows(IllegalStateException.class, () -> empty.issue(claims()));
  }

  @Test
  void ringRefusesASecondKeyWithTheSameKid() {
    SigningKey copy = SigningKey.importPrivateJwk(key.exportPrivateJwk());

    assertThrows(IllegalArgumentException.class, () -> ring.add(copy));
  }

  @Test
  void jwksHasEveryPublicKeyAndNoPrivatePart() throws Exception {
    SigningKey second = SigningKey.generate(clock);
    ring.add(second);

    String jwks = ring.jwks();

    var set = JWKSet.parse(jwks);
    assertEquals(2, set.getKeys().size());
    for (var jwk : set.getKeys()) {
      assertFalse(jwk.isPrivate(), jwk::toString);
      assertFalse(jwk.toJSONObject().containsKey("d"), jwk::toString);
      assertEquals("EC", jwk.getKeyType().getValue());
      assertEquals("ES256", jwk.getAlgorithm().getName());
      assertEquals("sig", jwk.getKeyUse().identifier());
    }
    assertNotNull(set.getKeyByKeyId(key.keyId()));
    assertNotNull(set.getKeyByKeyId(second.keyId()));
    assertFalse(jwks.contains("\"d\""), jwks);
    assertFalse(jwks.contains(ECKey.parse(key.exportPrivateJwk()).getD().toString()), jwks);
  }

  @Test
  void exportedKeyImportsAsTheSameKey() throws Exception {
    String exported = key.exportPrivateJwk();

    SigningKey imported = SigningKey.importPrivateJwk(exported);

    assertTrue(ECKey.parse(exported).isPrivate(), "the export holds the private part");
    assertEquals(key.keyId(), imported.keyId());
    assertEquals(key.createdAt(), imported.createdAt());
    var withImported = new AccessTokens(SigningKeys.of(imported), ISSUER, AUDIENCE, clock);
    withImported.verify(tokens.issue(claims()));
    tokens.verify(withImported.issue(claims()));
  }

  @Test
  void keyWithoutPrivatePartOrOfAnotherKindCannotBeImported() throws Exception {
    String publicOnly = key.publicJwk().toJSONString();
    String rsa = new RSAKeyGenerator(2048).keyID("r").generate().toJSONString();

    assertThrows(IllegalArgumentException.class, () -> SigningKey.importPrivateJwk(publicOnly));
    assertThrows(IllegalArgumentException.class, () -> SigningKey.importPrivateJwk(rsa));
    assertThrows(IllegalArgumentException.class, () -> SigningKey.importPrivateJwk("{}"));
    assertThrows(IllegalArgumentException.class, () -> SigningKey.importPrivateJwk("not json"));
  }

  @Test
  void keyShowsNoPrivatePartWhenPrinted() throws Exception {
    String d = ECKey.parse(key.exportPrivateJwk()).getD().toString();

    assertFalse(key.toString().contains(d), key::toString);
    assertTrue(key.toString().contains(key.keyId()));
  }

  @Test
  void claimsNeedAUserIssuerAudienceAndPositiveLifetime() {
    assertThrows(
        NullPointerException.class,
        () -> new AccessTokenClaims(null, null, List.of(), ISSUER, AUDIENCE, LIFETIME));
    assertThrows(
        IllegalArgumentException.class,
        () -> new AccessTokenClaims(userId, null, List.of(), " ", AUDIENCE, LIFETIME));
    assertThrows(
        IllegalArgumentException.class,
        () -> new AccessTokenClaims(userId, null, List.of(), ISSUER, "", LIFETIME));
    assertThrows(
        IllegalArgumentException.class,
        () -> new AccessTokenClaims(userId, null, List.of(), ISSUER, AUDIENCE, Duration.ZERO));
  }

  private JWTClaimsSet.Builder standardClaims() {
    return new JWTClaimsSet.Builder()
        .issuer(ISSUER)
        .audience(AUDIENCE)
        .subject(userId.toString())
        .issueTime(Date.from(clock.instant()))
        .expirationTime(Date.from(clock.instant().plus(LIFETIME)))
        .jwtID(UUID.randomUUID().toString())
        .claim("roles", List.of("owner"));
  }

  private JWSHeader ourHeader() {
    return new JWSHeader.Builder(JWSAlgorithm.ES256)
        .keyID(key.keyId())
        .type(JOSEObjectType.JWT)
        .build();
  }

  private static JWSHeader header(String token) {
    try {
      return SignedJWT.parse(token).getHeader();
    } catch (ParseException e) {
      throw new AssertionError(e);
    }
  }
}
