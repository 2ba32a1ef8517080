package dev.mainspring.inference.service.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.mainspring.platform.error.InvalidRequestException;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class EmbeddingInputsTest {

  @Test
  void acceptsAStringOrAnArrayOfStrings() {
    assertEquals(List.of("a"), EmbeddingInputs.of(Json.createValue("a")));
    assertEquals(
        List.of("a", "b"), EmbeddingInputs.of(Json.createArrayBuilder().add("a").add("b").build()));
  }

  @Test
  void refusesTokenArraysEmptyTextsAndOtherShapes() {
    assertThrows(
        InvalidRequestException.class,
        () -> EmbeddingInputs.of(Json.createArrayBuilder().add(1).add(2).build()));
    assertThrows(InvalidRequestException.class, () -> EmbeddingInputs.of(Json.createValue("")));
    assertThrows(
        InvalidRequestException.class, () -> EmbeddingInputs.of(Json.createArrayBuilder().build()));
    assertThrows(InvalidRequestException.class, () -> EmbeddingInputs.of(null));
  }

  @Test
  void answersFloatsOrLittleEndianBase64() {
    float[] vector = {0.5f, -1.25f};
    JsonObject floats = parse(EmbeddingInputs.answer("m", List.of(vector), 7, false));
    assertEquals(
        -1.25,
        floats
            .getJsonArray("data")
            .getJsonObject(0)
            .getJsonArray("embedding")
            .getJsonNumber(1)
            .doubleValue());
    assertEquals(7, floats.getJsonObject("usage").getInt("prompt_tokens"));
    assertEquals("m", floats.getString("model"));

    JsonObject encoded = parse(EmbeddingInputs.answer("m", List.of(vector), 7, true));
    byte[] bytes =
        Base64.getDecoder()
            .decode(encoded.getJsonArray("data").getJsonObject(0).getString("embedding"));
    ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    assertEquals(0.5f, buffer.getFloat());
    assertEquals(-1.25f, buffer.getFloat());
  }

  private static JsonObject parse(String json) {
    return Json.createReader(new StringReader(json)).readObject();
  }
}
