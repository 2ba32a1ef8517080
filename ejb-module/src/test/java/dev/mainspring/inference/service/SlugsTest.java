package dev.mainspring.inference.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SlugsTest {

  private static final Pattern SLUG = Pattern.compile(Slugs.PATTERN);

  @ParameterizedTest
  @ValueSource(strings = {"a", "local-default", "0-vllm-2", "a123456789012345678901234567890"})
  void lowerCaseLettersDigitsAndDashesAreSlugs(String slug) {
    assertTrue(SLUG.matcher(slug).matches());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "-local", "Local", "local_default", "local default", "ä"})
  void otherTextIsNot(String slug) {
    assertFalse(SLUG.matcher(slug).matches());
  }

  @ParameterizedTest
  @ValueSource(ints = {64, 65})
  void slugsAreAtMost64Characters(int length) {
    assertEquals(length <= 64, SLUG.matcher("a".repeat(length)).matches());
  }
}
