package dev.mainspring.platform.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.stream.JsonParser;
import org.junit.jupiter.api.Test;

class JsonsTest {

  private static String nested(int depth) {
    return "[".repeat(depth) + "]".repeat(depth);
  }

  private static JsonObject read(String json) {
    try (JsonReader reader = Jsons.reader(json)) {
      return reader.readObject();
    }
  }

  @Test
  void jsonNestedDeeperThanTheLimitIsAJsonError() {
    String tooDeep = "{\"a\":" + nested(Jsons.MAX_DEPTH + 1) + "}";

    assertThrows(JsonException.class, () -> read(tooDeep));
    assertThrows(
        JsonException.class,
        () -> {
          try (JsonParser parser = Jsons.parser(tooDeep)) {
            while (parser.hasNext()) {
              parser.next();
            }
          }
        });
  }

  @Test
  void jsonNestedUpToTheLimitIsRead() {
    assertEquals(1, read("{\"a\":" + nested(Jsons.MAX_DEPTH - 1) + "}").size());
  }

  @Test
  void numberLongerThanTheLimitIsAJsonError() {
    String tooLong = "{\"n\":" + "9".repeat(Jsons.MAX_NUMBER_LENGTH + 100) + "}";

    assertThrows(JsonException.class, () -> read(tooLong));
    assertThrows(
        JsonException.class,
        () -> {
          try (JsonParser parser = Jsons.parser(tooLong)) {
            parser.next();
            parser.next();
            parser.next();
            parser.getBigDecimal();
          }
        });
  }

  @Test
  void longNumberWithinTheLimitIsRead() {
    String digits = "9".repeat(Jsons.MAX_NUMBER_LENGTH - 1);

    assertEquals(digits, read("{\"n\":" + digits + "}").getJsonNumber("n").toString());
  }

  @Test
  void malformedJsonStaysAJsonError() {
    assertThrows(JsonException.class, () -> read("{\"a\":"));
  }
}
