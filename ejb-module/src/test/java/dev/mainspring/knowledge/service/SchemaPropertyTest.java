package dev.mainspring.knowledge.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.mainspring.platform.error.InvalidRequestException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SchemaPropertyTest {

  @Test
  void propertiesSurviveTheStoredForm() {
    List<SchemaProperty> properties =
        List.of(new SchemaProperty("title", "text"), new SchemaProperty("year", "int"));
    assertEquals(properties, SchemaProperty.fromJson(SchemaProperty.toJson(properties)));
    assertEquals(
        "[{\"name\":\"title\",\"data_type\":\"text\"},{\"name\":\"year\",\"data_type\":\"int\"}]",
        SchemaProperty.toJson(properties));
  }

  @Test
  void aSchemaHasAtLeastOneAndAtMost64Properties() {
    assertInvalid(List.of());
    assertInvalid(null);
    List<SchemaProperty> many = new ArrayList<>();
    for (int i = 0; i < 65; i++) {
      many.add(new SchemaProperty("p" + i, "text"));
    }
    assertInvalid(many);
    assertEquals(64, SchemaProperty.check(many.subList(0, 64)).size());
  }

  @Test
  void namesAreLowerCaseIdentifiersDistinctAndNotReserved() {
    assertInvalid(List.of(new SchemaProperty("Title", "text")));
    assertInvalid(List.of(new SchemaProperty("1st", "text")));
    assertInvalid(List.of(new SchemaProperty("a-b", "text")));
    assertInvalid(List.of(new SchemaProperty(null, "text")));
    assertInvalid(List.of(new SchemaProperty("text", "text")));
    assertInvalid(List.of(new SchemaProperty("a", "text"), new SchemaProperty("a", "int")));
  }

  @Test
  void dataTypesAreFromTheKnownSet() {
    assertInvalid(List.of(new SchemaProperty("a", "blob")));
    assertInvalid(List.of(new SchemaProperty("a", null)));
    for (String type : SchemaProperty.DATA_TYPES) {
      assertEquals(1, SchemaProperty.check(List.of(new SchemaProperty("a", type))).size());
    }
  }

  private static void assertInvalid(List<SchemaProperty> properties) {
    InvalidRequestException e =
        assertThrows(InvalidRequestException.class, () -> SchemaProperty.check(properties));
    assertEquals("invalid_schema", e.code());
  }
}
