package dev.mainspring.identity.service.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class PasswordHasherTest {

  // Fast enough for many tests; the default count is exercised once, below.
  private final PasswordHasher hasher = new PasswordHasher(1_000);

  @Test
  void defaultHasherUsesOwaspIterationCount() {
    PasswordHasher owasp = new PasswordHasher();

    String encoded = owasp.hash("correct horse battery staple".toCharArray());

    String[] parts = encoded.split("\\$");
    assertEquals(4, parts.length, encoded);
    assertEquals("pbkdf2-sha256", parts[0]);
    assertEquals("600000", parts[1]);
    assertEquals(16, Base64.getDecoder().decode(parts[2]).length);
    assertEquals(32, Base64.getDecoder().decode(parts[3]).length);
    assertTrue(owasp.matches("correct horse battery staple".toCharArray(), encoded));
    assertFalse(owasp.needsRehash(encoded));
  }

  @Test
  void rightPasswordMatches() {
    String encoded = hasher.hash("s3cret!".toCharArray());

    assertTrue(hasher.matches("s3cret!".toCharArray(), encoded));
  }

  @Test
  void wrongPasswordDoesNotMatch() {
    String encoded = hasher.hash("s3cret!".toCharArray());

    assertFalse(hasher.matches("s3cret?".toCharArray(), encoded));
    assertFalse(hasher.matches("".toCharArray(), encoded));
    assertFalse(hasher.matches(null, encoded));
  }

  @Test
  void passwordsBeyondAsciiRoundTrip() {
    char[] password = "pässwörd ✓ 密码".toCharArray();

    String encoded = hasher.hash(password);

    assertTrue(hasher.matches("pässwörd ✓ 密码".toCharArray(), encoded));
    assertFalse(hasher.matches("passwort ✓ 密码".toCharArray(), encoded));
  }

  @Test
  void samePasswordHashesDifferentlyEachTime() {
    String first = hasher.hash("same".toCharArray());
    String second = hasher.hash("same".toCharArray());

    assertNotEquals(first, second);
    assertTrue(hasher.matches("same".toCharArray(), first));
    assertTrue(hasher.matches("same".toCharArray(), second));
  }

  @Test
  void alteredHashDoesNotMatch() {
    String encoded = hasher.hash("s3cret!".toCharArray());
    String[] parts = encoded.split("\\$");
    byte[] hash = Base64.getDecoder().decode(parts[3]);
    hash[0] ^= 1;
    String altered =
        parts[0] + "$" + parts[1] + "$" + parts[2] + "$" + Base64.getEncoder().encodeToString(hash);

    assertFalse(hasher.matches("s3cret!".toCharArray(), altered));
  }

  @Test
  void hashMadeWithOtherIterationsStillMatches() {
    String encoded = new PasswordHasher(2_000).hash("s3cret!".toCharArray());

    assertTrue(hasher.matches("s3cret!".toCharArray(), encoded));
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(
      strings = {
        "garbage",
        "pbkdf2-sha256$",
        "pbkdf2-sha256$1000$$",
        "pbkdf2-sha256$1000$c2FsdA==",
        "pbkdf2-sha256$0$c2FsdHNhbHRzYWx0c2FsdA==$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g=",
        "pbkdf2-sha256$-5$c2FsdHNhbHRzYWx0c2FsdA==$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g=",
        "pbkdf2-sha256$abc$c2FsdHNhbHRzYWx0c2FsdA==$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g=",
        "pbkdf2-sha256$999999999$c2FsdHNhbHRzYWx0c2FsdA==$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGg=",
        "pbkdf2-sha256$99999999999$c2FsdHNhbHRzYWx0c2FsdA==$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaA=",
        "pbkdf2-sha256$1000$!!not base64!!$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g=",
        "pbkdf2-sha256$1000$c2FsdHNhbHRzYWx0c2FsdA==$aGFzaA==",
        "pbkdf2-sha256$1000$$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g=",
        "pbkdf2-sha1$1000$c2FsdHNhbHRzYWx0c2FsdA==$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g=",
        "pbkdf2-sha256$1000$c2FsdHNhbHRzYWx0c2FsdA==$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g=$x",
        "$2a$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW"
      })
  void malformedEncodingNeverMatchesAndNeverThrows(String encoded) {
    assertFalse(hasher.matches("anything".toCharArray(), encoded));
    assertTrue(hasher.needsRehash(encoded));
  }

  @Test
  void hashWithFewerIterationsThanNowNeedsRehash() {
    String weak = new PasswordHasher(500).hash("pw".toCharArray());
    String strong = new PasswordHasher(5_000).hash("pw".toCharArray());

    assertTrue(hasher.needsRehash(weak));
    assertFalse(hasher.needsRehash(hasher.hash("pw".toCharArray())));
    assertFalse(hasher.needsRehash(strong));
  }

  @Test
  void iterationCountOutOfRangeIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> new PasswordHasher(0));
    assertThrows(IllegalArgumentException.class, () -> new PasswordHasher(-1));
  }

  @Test
  void nullPasswordCannotBeHashed() {
    assertThrows(IllegalArgumentException.class, () -> hasher.hash(null));
  }
}
