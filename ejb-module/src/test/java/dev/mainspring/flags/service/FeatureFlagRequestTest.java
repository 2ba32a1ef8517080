package dev.mainspring.flags.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.mainspring.platform.error.InvalidRequestException;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import org.junit.jupiter.api.Test;

class FeatureFlagRequestTest {

  private static JsonObject json(String text) {
    return Json.createReader(new StringReader(text)).readObject();
  }

  private static String refusal(String body) {
    return assertThrows(InvalidRequestException.class, () -> FeatureFlagRequest.of(json(body)))
        .code();
  }

  @Test
  void onlyJsonBooleansSetAFlag() {
    assertEquals(
        new FeatureFlagRequest(true, "beta"),
        FeatureFlagRequest.of(json("{\"enabled\":true,\"description\":\"beta\"}")));
    assertEquals(
        new FeatureFlagRequest(false, null), FeatureFlagRequest.of(json("{\"enabled\":false}")));
    assertEquals("invalid_enabled", refusal("{\"enabled\":\"yes\"}"));
    assertEquals("invalid_enabled", refusal("{\"enabled\":1}"));
    assertEquals("invalid_enabled", refusal("{\"enabled\":null}"));
    assertEquals("invalid_enabled", refusal("{}"));
  }

  @Test
  void aDescriptionIsAStringOrNothing() {
    assertNull(
        FeatureFlagRequest.of(json("{\"enabled\":true,\"description\":null}")).description());
    assertEquals("invalid_description", refusal("{\"enabled\":true,\"description\":5}"));
    assertNull(FeatureFlagRequest.of(null));
  }
}
