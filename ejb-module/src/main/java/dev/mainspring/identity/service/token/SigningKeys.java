package dev.mainspring.identity.service.token;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The ring of keys Mainspring signs its access tokens with. The newest key (latest {@link
 * SigningKey#createdAt()}, the last added on a tie) signs; every key in the ring verifies. Rotation
 * is therefore: add a new key, which signs from then on, and remove the old one once the tokens it
 * signed have expired. Until then they still verify.
 *
 * <pre>{@code
 * keys.add(SigningKey.generate());       // new tokens are signed with it
 * // ... one token lifetime later:
 * keys.remove(oldKeyId);                 // tokens it signed are refused from now on
 * }</pre>
 *
 * Thread-safe.
 */
public final class SigningKeys {

  private final List<SigningKey> keys = new ArrayList<>();

  public SigningKeys(Collection<SigningKey> keys) {
    keys.forEach(this::add);
  }

  public static SigningKeys of(SigningKey... keys) {
    return new SigningKeys(List.of(keys));
  }

  /**
   * Adds a key to the ring; it signs from now on if it is the newest.
   *
   * @throws IllegalArgumentException when the ring already holds a key with the same id
   */
  public synchronized void add(SigningKey key) {
    if (find(key.keyId()).isPresent()) {
      throw new IllegalArgumentException("the ring already holds key " + key.keyId());
    }
    keys.add(key);
  }

  /** Removes the key with this id, so tokens it signed no longer verify. */
  public synchronized boolean remove(String keyId) {
    return keys.removeIf(k -> k.keyId().equals(keyId));
  }

  /**
   * The key that signs: the newest.
   *
   * @throws IllegalStateException when the ring is empty
   */
  public synchronized SigningKey current() {
    SigningKey newest = null;
    for (SigningKey key : keys) {
      if (newest == null || !key.createdAt().isBefore(newest.createdAt())) {
        newest = key;
      }
    }
    if (newest == null) {
      throw new IllegalStateException("no signing key in the ring");
    }
    return newest;
  }

  public synchronized Optional<SigningKey> find(String keyId) {
    return keys.stream().filter(k -> k.keyId().equals(keyId)).findFirst();
  }

  public synchronized List<SigningKey> all() {
    return List.copyOf(keys);
  }

  /** The public keys as a JWK set JSON document, to serve at the JWKS endpoint. */
  public synchronized String jwks() {
    List<JWK> publicKeys = new ArrayList<>();
    for (SigningKey key : keys) {
      publicKeys.add(key.publicJwk());
    }
    return new JWKSet(publicKeys).toString(true);
  }
}
