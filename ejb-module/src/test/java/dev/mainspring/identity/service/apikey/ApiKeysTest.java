package dev.mainspring.identity.service.apikey;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class ApiKeysTest {

  @Test
  void generatedKeyHasTheDocumentedShape() throws Exception {
    GeneratedApiKey key = ApiKeys.generate();

    assertTrue(key.secret().matches("msk_[0-9A-Za-z]{8}_[0-9A-Za-z]{43}"), key.secret());
    assertEquals(key.secret().substring(4, 12), key.prefix());
    byte[] sha256 =
        MessageDigest.getInstance("SHA-256")
            .digest(key.secret().getBytes(StandardCharsets.US_ASCII));
    assertEquals(HexFormat.of().formatHex(sha256), key.hash());
  }

  @Test
  void presentedKeyParsesToItsPrefixAndStoredHash() {
    GeneratedApiKey key = ApiKeys.generate();

    PresentedApiKey presented = ApiKeys.parse(key.secret()).orElseThrow();

    assertEquals(key.prefix(), presented.prefix());
    assertTrue(ApiKeys.hashesMatch(key.hash(), presented.hash()));
    assertTrue(ApiKeys.looksLikeApiKey(key.secret()));
  }

  @Test
  void keyWithOneCharacterChangedHasAnotherHash() {
    GeneratedApiKey key = ApiKeys.generate();
    char last = key.secret().charAt(key.secret().length() - 1);
    String altered =
        key.secret().substring(0, key.secret().length() - 1) + (last == 'a' ? 'b' : 'a');

    PresentedApiKey presented = ApiKeys.parse(altered).orElseThrow();

    assertEquals(key.prefix(), presented.prefix());
    assertFalse(ApiKeys.hashesMatch(key.hash(), presented.hash()));
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(
      strings = {
        "msk_",
        "msk__",
        "msk_abc_def",
        "garbage",
        "Bearer msk_AbCdEfGh_0123456789abcdefghijklmnopqrstuvwxyzABCDEFG",
        " msk_AbCdEfGh_0123456789abcdefghijklmnopqrstuvwxyzABCDEFG",
        "msk_AbCdEfGh_0123456789abcdefghijklmnopqrstuvwxyzABCDEFG ",
        "MSK_AbCdEfGh_0123456789abcdefghijklmnopqrstuvwxyzABCDEFG",
        "sk_live_AbCdEfGh_0123456789abcdefghijklmnopqrstuvwxyzABCDE",
        "msk_AbCdEfG_h0123456789abcdefghijklmnopqrstuvwxyzABCDEFG",
        "msk_AbCdEfGh_0123456789abcdefghijklmnopqrstuvwxyzABCDEF",
        "msk_AbCdEfGh_0123456789abcdefghijklmnopqrstuvwxyzABCDEFGH",
        "msk_AbCd-fGh_0123456789abcdefghijklmnopqrstuvwxyzABCDEFG",
        "msk_AbCdEfGh_0123456789abcdefghijklmnopqrstuvwxyzABCD_FG",
        "msk_AbCdEfGh_0123456789abcdéfghijklmnopqrstuvwxyzABCDEFG",
        "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl"
      })
  void anythingNotShapedLikeAKeyParsesToNothing(String candidate) {
    assertTrue(ApiKeys.parse(candidate).isEmpty());
    assertFalse(ApiKeys.looksLikeApiKey(candidate));
  }

  @Test
  void wellShapedStringIsAKeyCandidate() {
    String candidate = "msk_AbCdEfGh_0123456789abcdefghijklmnopqrstuvwxyzABCDEFG";

    assertTrue(ApiKeys.looksLikeApiKey(candidate));
    assertEquals("AbCdEfGh", ApiKeys.parse(candidate).orElseThrow().prefix());
  }

  @Test
  void thousandGeneratedKeysAreAllDifferent() {
    Set<String> secrets = new HashSet<>();
    Set<String> prefixes = new HashSet<>();
    Set<String> hashes = new HashSet<>();
    Set<Character> characters = new HashSet<>();
    for (int i = 0; i < 1_000; i++) {
      GeneratedApiKey key = ApiKeys.generate();
      secrets.add(key.secret());
      prefixes.add(key.prefix());
      hashes.add(key.hash());
      key.secret().substring(13).chars().forEach(c -> characters.add((char) c));
    }

    assertEquals(1_000, secrets.size());
    assertEquals(1_000, prefixes.size());
    assertEquals(1_000, hashes.size());
    assertEquals(62, characters.size(), "the random part uses the whole base62 alphabet");
  }

  @Test
  void hashesMatchOnlyWhenEqual() {
    String hash = ApiKeys.generate().hash();

    assertTrue(ApiKeys.hashesMatch(hash, new String(hash)));
    assertFalse(ApiKeys.hashesMatch(hash, ApiKeys.generate().hash()));
    assertFalse(ApiKeys.hashesMatch(hash, hash.substring(1)));
    assertFalse(ApiKeys.hashesMatch(hash, null));
    assertFalse(ApiKeys.hashesMatch(null, null));
  }

  @Test
  void printedKeyDoesNotShowTheSecret() {
    GeneratedApiKey key = ApiKeys.generate();

    assertFalse(key.toString().contains(key.secret()), key::toString);
    assertFalse(key.toString().contains(key.secret().substring(13)), key::toString);
    assertTrue(key.toString().contains(key.prefix()));
  }
}
