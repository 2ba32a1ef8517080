package dev.mainspring.identity.service.token;

import dev.mainspring.identity.model.StoredSigningKey;
import dev.mainspring.identity.service.MasterKey;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Lock;
import jakarta.ejb.LockType;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Mainspring's own access tokens and the external OpenID Connect verifier. Signing keys live in
 * PostgreSQL, their private halves encrypted under {@code mainspring.master-key}; instances that
 * share the master key share the keys. Without a configured master key a random one is used and
 * tokens die with the process.
 */
@Startup
@Singleton
@DependsOn("SchemaMigrator")
@Lock(LockType.READ)
public class TokenService {

  private static final Logger LOG = Logger.getLogger(TokenService.class.getName());

  @PersistenceContext(unitName = "mainspring")
  EntityManager em;

  @Inject
  @ConfigProperty(name = "mainspring.master-key")
  Optional<String> configuredMasterKey;

  @Inject
  @ConfigProperty(name = "mainspring.auth.issuer", defaultValue = "mainspring")
  String issuer;

  @Inject
  @ConfigProperty(name = "mainspring.auth.audience", defaultValue = "mainspring")
  String audience;

  @Inject
  @ConfigProperty(name = "mainspring.auth.access-token-minutes", defaultValue = "15")
  long accessTokenMinutes;

  @Inject
  @ConfigProperty(name = "mainspring.oidc.issuer")
  Optional<String> oidcIssuer;

  @Inject
  @ConfigProperty(name = "mainspring.oidc.audience")
  Optional<String> oidcAudience;

  @Inject
  @ConfigProperty(name = "mainspring.oidc.jwks-url")
  Optional<String> oidcJwksUrl;

  private MasterKey masterKey;
  private SigningKeys keys;
  private AccessTokens tokens;
  private OidcTokenVerifier oidc;

  @PostConstruct
  void init() {
    masterKey =
        configuredMasterKey
            .filter(k -> !k.isBlank())
            .map(MasterKey::fromBase64)
            .orElseGet(
                () -> {
                  LOG.warning(
                      "mainspring.master-key is not set: using a random master key; access tokens and"
                          + " stored secrets will not survive a restart");
                  return MasterKey.random();
                });
    keys = new SigningKeys(List.of());
    loadKeys();
    if (keys.all().isEmpty()) {
      addNewKey();
    }
    tokens = new AccessTokens(keys, issuer, audience, Clock.systemUTC());
    if (oidcIssuer.isPresent() && oidcJwksUrl.isPresent()) {
      oidc =
          new OidcTokenVerifier(
              oidcIssuer.get(),
              oidcAudience.orElse(audience),
              new HttpJwksSource(URI.create(oidcJwksUrl.get())),
              Clock.systemUTC());
    }
  }

  private void loadKeys() {
    em.createQuery(
            "select k from StoredSigningKey k where k.retiredAt is null and k.masterKeyId = :mk",
            StoredSigningKey.class)
        .setParameter("mk", masterKey.id())
        .getResultList()
        .forEach(
            stored ->
                keys.add(
                    SigningKey.importPrivateJwk(
                        new String(
                            masterKey.decrypt(stored.getEncryptedPrivateJwk()),
                            StandardCharsets.UTF_8))));
  }

  /**
   * Makes a new signing key, which signs every token from now on; the older keys stay in the ring
   * (and in the JWKS) so tokens they signed verify until they expire. Instances sharing the master
   * key pick the new key up at their next start.
   *
   * @return the new key's id
   */
  @Lock(LockType.WRITE)
  public String rotate() {
    return addNewKey();
  }

  private String addNewKey() {
    SigningKey key = SigningKey.generate();
    em.persist(
        new StoredSigningKey(
            key.keyId(),
            key.publicJwkJson(),
            masterKey.encrypt(key.exportPrivateJwk().getBytes(StandardCharsets.UTF_8)),
            masterKey.id()));
    em.flush();
    keys.add(key);
    return key.keyId();
  }

  /** A signed access token for the user, valid for {@code mainspring.auth.access-token-minutes}. */
  public String issue(UUID userId, UUID orgId, List<String> roles) {
    return tokens.issue(
        new AccessTokenClaims(
            userId, orgId, roles, issuer, audience, Duration.ofMinutes(accessTokenMinutes)));
  }

  public long accessTokenSeconds() {
    return Duration.ofMinutes(accessTokenMinutes).toSeconds();
  }

  /** The token's claims; {@link InvalidTokenException} when it is not one of ours or is stale. */
  public AccessToken verify(String token) {
    return tokens.verify(token);
  }

  /** Whether {@code tokenIssuer} is the configured OpenID Connect issuer. */
  public boolean isOidcIssuer(String tokenIssuer) {
    return oidc != null && oidcIssuer.get().equals(tokenIssuer);
  }

  public Optional<OidcTokenVerifier> oidc() {
    return Optional.ofNullable(oidc);
  }

  public MasterKey masterKey() {
    return masterKey;
  }

  /** The public keys, as a JSON Web Key Set. */
  public String jwks() {
    return keys.jwks();
  }
}
