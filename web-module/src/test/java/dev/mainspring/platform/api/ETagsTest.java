package dev.mainspring.platform.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.mainspring.platform.error.PreconditionFailedException;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.ext.RuntimeDelegate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class ETagsTest {

  @Test
  void quotedTagNamesItsVersion() {
    assertEquals(3L, ETags.expectedVersion("\"3\""));
  }

  @Test
  void weakTagNamesItsVersion() {
    assertEquals(12L, ETags.expectedVersion("W/\"12\""));
  }

  @Test
  void surroundingWhitespaceIsIgnored() {
    assertEquals(7L, ETags.expectedVersion("  \"7\" "));
  }

  @Test
  void tagThisApiSentIsReadBackAsItsVersion() {
    String header =
        RuntimeDelegate.getInstance().createHeaderDelegate(EntityTag.class).toString(ETags.of(41));

    assertEquals(41L, ETags.expectedVersion(header));
  }

  @ParameterizedTest
  @NullSource
  @ValueSource(strings = {"", "   ", "*", " * "})
  void absentHeaderOrStarNamesNoVersion(String ifMatch) {
    assertNull(ETags.expectedVersion(ifMatch));
  }

  @ParameterizedTest
  @ValueSource(strings = {"\"abc\"", "W/\"\"", "\"", "\"3\", \"4\"", "\"99999999999999999999\""})
  void tagThisApiCannotHaveSentFailsThePrecondition(String ifMatch) {
    var e = assertThrows(PreconditionFailedException.class, () -> ETags.expectedVersion(ifMatch));

    assertEquals("precondition_failed", e.code());
    assertEquals(412, e.status());
  }
}
