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
 * Thread-safe. Every bearer token's check reads the ring, thousands of times a second, while it
 * changes only at a rotation: readers take the current immutable list without a lock (a {@code
 * synchronized} lookup queued request threads behind a descheduled holder on a loaded machine, see
 * bench/README.md), and writers replace the list under the object's monitor.
 */
public final class SigningKeys {

  private volatile List<SigningKey> keys = List.of();

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
    List<SigningKey> next = new ArrayList<>(keys);
    next.add(key);
    keys = List.copyOf(next);
  }

  /** Removes the key with this id, so tokens it signed no longer verify. */
  public synchronized boolean remove(String keyId) {
    List<SigningKey> next = new ArrayList<>(keys);
    boolean removed = next.removeIf(k -> k.keyId().equals(keyId));
    keys = List.copyOf(next);
    return removed;
  }

  /**
   * The key that signs: the newest.
   *
   * @throws IllegalStateException when the ring is empty
   */
  public SigningKey current() {
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

  public Optional<SigningKey> find(String keyId) {
    return keys.stream().filter(k -> k.keyId().equals(keyId)).findFirst();
  }

  public List<SigningKey> all() {
    return keys;
  }

  /** The public keys as a JWK set JSON document, to serve at the JWKS endpoint. */
  public String jwks() {
    List<JWK> publicKeys = new ArrayList<>();
    for (SigningKey key : keys) {
      publicKeys.add(key.publicJwk());
    }
    return new JWKSet(publicKeys).toString(true);
  }
}
