package dev.mainspring.identity.service.apikey;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Makes and recognises API keys: {@code msk_<prefix>_<secret>}, where the prefix is 8 base62
 * characters that identify the key (shown in lists, used to find its row) and the secret part is 43
 * random base62 characters (256 bits). The whole key is shown to its owner once; only the prefix
 * and the SHA-256 hash of the whole key are stored.
 *
 * <p>A fast, unsalted hash is right here, unlike for passwords: a key is 256 random bits, not a
 * human choice, so there is no dictionary to try and nothing a slow hash or a salt would protect
 * against, while every request with a key pays for the hash.
 *
 * <pre>{@code
 * GeneratedApiKey key = ApiKeys.generate();   // show key.secret() once, store prefix and hash
 * ApiKeys.parse(header).filter(presented ->
 *     ApiKeys.hashesMatch(presented.hash(), storedHashFor(presented.prefix())));
 * }</pre>
 *
 * The {@code msk_} start lets secret scanners and the bearer-token filter tell keys from JWTs.
 */
public final class ApiKeys {

  public static final String KEY_START = "msk_";
  static final int PREFIX_LENGTH = 8;
  static final int SECRET_LENGTH = 43;

  private static final String BASE62 =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  private static final Pattern SHAPE =
      Pattern.compile(
          KEY_START + "([0-9A-Za-z]{" + PREFIX_LENGTH + "})_[0-9A-Za-z]{" + SECRET_LENGTH + "}");
  private static final SecureRandom RANDOM = new SecureRandom();

  private ApiKeys() {}

  /** A new key. Its secret is in no other place: hand it to the owner and forget it. */
  public static GeneratedApiKey generate() {
    String prefix = randomBase62(PREFIX_LENGTH);
    String secret = KEY_START + prefix + "_" + randomBase62(SECRET_LENGTH);
    return new GeneratedApiKey(secret, prefix, hash(secret));
  }

  /** The prefix and hash of a string shaped like a key, or empty for anything else. */
  public static Optional<PresentedApiKey> parse(String candidate) {
    if (candidate == null || candidate.length() != shapeLength()) {
      return Optional.empty();
    }
    var match = SHAPE.matcher(candidate);
    if (!match.matches()) {
      return Optional.empty();
    }
    return Optional.of(new PresentedApiKey(match.group(1), hash(candidate)));
  }

  /** Whether {@code candidate} is shaped like a key (and not, say, a JWT). */
  public static boolean looksLikeApiKey(String candidate) {
    return candidate != null
        && candidate.length() == shapeLength()
        && SHAPE.matcher(candidate).matches();
  }

  /**
   * Whether two hex hashes are equal, compared in time that does not depend on where they differ.
   */
  public static boolean hashesMatch(String a, String b) {
    if (a == null || b == null) {
      return false;
    }
    return MessageDigest.isEqual(
        a.getBytes(StandardCharsets.US_ASCII), b.getBytes(StandardCharsets.US_ASCII));
  }

  /** The lower-case hex SHA-256 of the whole key, as stored. */
  static String hash(String secret) {
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(sha256.digest(secret.getBytes(StandardCharsets.US_ASCII)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  private static int shapeLength() {
    return KEY_START.length() + PREFIX_LENGTH + 1 + SECRET_LENGTH;
  }

  private static String randomBase62(int length) {
    StringBuilder s = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      s.append(BASE62.charAt(RANDOM.nextInt(BASE62.length())));
    }
    return s.toString();
  }
}
