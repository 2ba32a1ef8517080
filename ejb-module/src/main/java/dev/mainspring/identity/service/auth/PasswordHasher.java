package dev.mainspring.identity.service.auth;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Hashes passwords with PBKDF2-HMAC-SHA256 from the JDK, at OWASP's recommended 600,000 iterations
 * (Password Storage Cheat Sheet, 2023), a 16-byte random salt and a 32-byte result. The encoding
 * carries everything needed to check a password later, so the iteration count can rise without
 * invalidating stored hashes:
 *
 * <pre>pbkdf2-sha256$600000$&lt;base64 salt&gt;$&lt;base64 hash&gt;</pre>
 *
 * <p>On a successful login, rehash when the stored hash is weaker than today's:
 *
 * <pre>{@code
 * if (hasher.matches(password, user.passwordHash())) {
 *   if (hasher.needsRehash(user.passwordHash())) {
 *     user.changePasswordHash(hasher.hash(password));
 *   }
 * }
 * }</pre>
 *
 * <p>Thread-safe. Passwords are {@code char[]} so a caller can wipe them; this class does not.
 */
public final class PasswordHasher {

  /** OWASP's recommendation for PBKDF2-HMAC-SHA256 (2023). */
  public static final int DEFAULT_ITERATIONS = 600_000;

  static final String SCHEME = "pbkdf2-sha256";
  static final int SALT_BYTES = 16;
  static final int HASH_BYTES = 32;

  // A stored count above this is taken as corrupt rather than spending minutes of CPU on it.
  private static final int MAX_ITERATIONS = 100_000_000;
  private static final String ALGORITHM = "PBKDF2WithHmacSHA256";

  private final int iterations;
  private final SecureRandom random = new SecureRandom();

  /** A hasher at {@link #DEFAULT_ITERATIONS}. */
  public PasswordHasher() {
    this(DEFAULT_ITERATIONS);
  }

  /** A hasher at another iteration count: lower only in tests, higher when OWASP says so. */
  public PasswordHasher(int iterations) {
    if (iterations < 1 || iterations > MAX_ITERATIONS) {
      throw new IllegalArgumentException("iterations must be from 1 to " + MAX_ITERATIONS);
    }
    this.iterations = iterations;
  }

  public int iterations() {
    return iterations;
  }

  /** The encoded hash of {@code password} with a fresh salt. */
  public String hash(char[] password) {
    if (password == null) {
      throw new IllegalArgumentException("password is null");
    }
    byte[] salt = new byte[SALT_BYTES];
    random.nextBytes(salt);
    byte[] hash = pbkdf2(password, salt, iterations, HASH_BYTES);
    Base64.Encoder base64 = Base64.getEncoder();
    return SCHEME
        + "$"
        + iterations
        + "$"
        + base64.encodeToString(salt)
        + "$"
        + base64.encodeToString(hash);
  }

  /**
   * Whether {@code password} is the one {@code encoded} was made from. False, never an exception,
   * for a null password and for an encoding this class did not make. The hashes are compared in
   * constant time.
   */
  public boolean matches(char[] password, String encoded) {
    if (password == null) {
      return false;
    }
    Encoded stored = Encoded.parse(encoded);
    if (stored == null) {
      return false;
    }
    byte[] actual = pbkdf2(password, stored.salt(), stored.iterations(), stored.hash().length);
    return MessageDigest.isEqual(actual, stored.hash());
  }

  /**
   * Whether {@code encoded} should be replaced by a fresh hash: it was made with fewer iterations
   * than this hasher uses, or it is not an encoding this class can check at all.
   */
  public boolean needsRehash(String encoded) {
    Encoded stored = Encoded.parse(encoded);
    return stored == null || stored.iterations() < iterations;
  }

  private static byte[] pbkdf2(char[] password, byte[] salt, int iterations, int bytes) {
    PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, bytes * 8);
    try {
      return SecretKeyFactory.getInstance(ALGORITHM).generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(ALGORITHM + " is part of every JDK", e);
    } finally {
      spec.clearPassword();
    }
  }

  // Only ever read, never compared: the array components need no equals.
  private record Encoded(int iterations, byte[] salt, byte[] hash) {

    /** The parts of a well-formed encoding, or null. */
    static Encoded parse(String encoded) {
      if (encoded == null) {
        return null;
      }
      String[] parts = encoded.split("\\$", -1);
      if (parts.length != 4 || !SCHEME.equals(parts[0]) || !parts[1].matches("[1-9][0-9]{0,8}")) {
        return null;
      }
      int iterations = Integer.parseInt(parts[1]);
      if (iterations > MAX_ITERATIONS) {
        return null;
      }
      try {
        byte[] salt = Base64.getDecoder().decode(parts[2]);
        byte[] hash = Base64.getDecoder().decode(parts[3]);
        if (salt.length == 0 || hash.length < 16 || hash.length > 64) {
          return null;
        }
        return new Encoded(iterations, salt, hash);
      } catch (IllegalArgumentException e) {
        return null;
      }
    }
  }
}
