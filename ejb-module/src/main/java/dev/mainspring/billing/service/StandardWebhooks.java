package dev.mainspring.billing.service;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The Standard Webhooks signature scheme (standardwebhooks.com), which Polar uses: headers {@code
 * webhook-id}, {@code webhook-timestamp} (unix seconds) and {@code webhook-signature}, a
 * space-separated list of {@code v1,<base64 HMAC-SHA256>} over {@code id.timestamp.body}. A secret
 * written {@code whsec_<base64>} is the scheme's own encoding of the key; any other secret (as
 * Polar shows them) is the key's UTF-8 bytes, as Polar's own libraries use it.
 */
public final class StandardWebhooks {

  /** How far a delivery's timestamp may be from now, either way: the scheme's recommendation. */
  public static final long TOLERANCE_SECONDS = 300;

  private StandardWebhooks() {}

  /**
   * Verifies a delivery; answers nothing and throws 400 {@code invalid_signature} when it does not
   * verify.
   */
  public static void verify(
      String secret,
      String id,
      String timestamp,
      String signatures,
      String payload,
      long nowSeconds) {
    if (id == null || id.isBlank() || timestamp == null || signatures == null) {
      throw PaymentProviderException.invalidSignature(
          "the webhook-id, webhook-timestamp and webhook-signature headers are required");
    }
    long at;
    try {
      at = Long.parseLong(timestamp.trim());
    } catch (NumberFormatException e) {
      throw PaymentProviderException.invalidSignature("webhook-timestamp is not a number");
    }
    if (Math.abs(nowSeconds - at) > TOLERANCE_SECONDS) {
      throw PaymentProviderException.invalidSignature(
          "webhook-timestamp is more than " + TOLERANCE_SECONDS + " s from now");
    }
    byte[] expected = sign(key(secret), id + "." + at + "." + payload);
    for (String candidate : signatures.trim().split(" +")) {
      int comma = candidate.indexOf(',');
      if (comma < 0 || !"v1".equals(candidate.substring(0, comma))) {
        continue;
      }
      byte[] given;
      try {
        given = Base64.getDecoder().decode(candidate.substring(comma + 1));
      } catch (IllegalArgumentException e) {
        continue;
      }
      if (MessageDigest.isEqual(expected, given)) {
        return;
      }
    }
    throw PaymentProviderException.invalidSignature("the webhook-signature does not verify");
  }

  /** The signature header value of {@code payload} (what a sender computes). */
  public static String signature(String secret, String id, long timestamp, String payload) {
    return "v1,"
        + Base64.getEncoder()
            .encodeToString(sign(key(secret), id + "." + timestamp + "." + payload));
  }

  static byte[] key(String secret) {
    if (secret.startsWith("whsec_")) {
      return Base64.getDecoder().decode(secret.substring("whsec_".length()));
    }
    return secret.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] sign(byte[] key, String content) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(content.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
    }
  }
}
