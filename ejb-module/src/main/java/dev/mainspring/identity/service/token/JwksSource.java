package dev.mainspring.identity.service.token;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import java.util.Optional;

/**
 * Where an {@link OidcTokenVerifier} finds the identity provider's public keys. {@link
 * HttpJwksSource} fetches and caches them from the provider's {@code jwks_uri}; {@link #of(JWKSet)}
 * serves a fixed set, for tests and for providers configured with static keys.
 */
@FunctionalInterface
public interface JwksSource {

  /**
   * The public key with this {@code kid}, or empty when the provider has none by that id.
   *
   * @throws IdentityProviderUnavailableException when the keys cannot be had at all
   */
  Optional<JWK> find(String keyId);

  /** A source of exactly the public halves of {@code keys}. */
  static JwksSource of(JWKSet keys) {
    JWKSet publicKeys = keys.toPublicJWKSet();
    return keyId -> Optional.ofNullable(publicKeys.getKeyByKeyId(keyId));
  }
}
