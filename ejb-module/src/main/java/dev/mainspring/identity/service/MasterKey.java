package dev.mainspring.identity.service;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts secrets kept in the database (AES-256-GCM, random 12-byte nonce stored in front of the
 * ciphertext). Its {@link #id()} is stored beside each secret, so a rotated master key can tell
 * which secrets it can read.
 */
public final class MasterKey {

  private static final SecureRandom RANDOM = new SecureRandom();

  private final SecretKeySpec key;
  private final String id;

  private MasterKey(byte[] keyBytes) {
    if (keyBytes.length != 32) {
      throw new IllegalArgumentException("the master key must be 32 bytes (base64 of 32 bytes)");
    }
    this.key = new SecretKeySpec(keyBytes, "AES");
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(keyBytes);
      this.id = HexFormat.of().formatHex(digest, 0, 8);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The key from its base64 form (32 bytes). */
  public static MasterKey fromBase64(String base64) {
    return new MasterKey(Base64.getDecoder().decode(base64.strip()));
  }

  /** A new random key, for servers started without one (secrets then die with the process). */
  public static MasterKey random() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return new MasterKey(bytes);
  }

  /** A short public fingerprint of the key. */
  public String id() {
    return id;
  }

  public byte[] encrypt(byte[] plaintext) {
    try {
      byte[] nonce = new byte[12];
      RANDOM.nextBytes(nonce);
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
      byte[] sealed = cipher.doFinal(plaintext);
      return ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("encryption failed", e);
    }
  }

  public byte[] decrypt(byte[] stored) {
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, stored, 0, 12));
      return cipher.doFinal(stored, 12, stored.length - 12);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("decryption failed: wrong master key or damaged data", e);
    }
  }
}
