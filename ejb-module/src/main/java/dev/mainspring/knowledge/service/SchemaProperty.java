package dev.mainspring.knowledge.service;

import dev.mainspring.platform.error.InvalidRequestException;
import dev.mainspring.platform.service.Jsons;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One metadata property of a knowledge base's documents: a name and a data type. {@link #check}
 * holds the rules of a schema (400 {@code invalid_schema}); {@link #toJson} and {@link #fromJson}
 * are the stored form, a JSON array.
 */
public record SchemaProperty(String name, String dataType) {

  /** The data types every vector-store family can filter on. */
  public static final Set<String> DATA_TYPES =
      Set.of("text", "text_array", "int", "number", "boolean", "date");

  /** Names the chunk records use themselves; a metadata property may not shadow them. */
  public static final Set<String> RESERVED =
      Set.of("id", "text", "vector", "document_id", "chunk_index", "knowledge_base_id");

  public static final int MAX_PROPERTIES = 64;

  private static final Pattern NAME = Pattern.compile("^[a-z][a-z0-9_]{0,62}$");

  /** The properties, checked: at least one, at most 64, distinct lower-case names, known types. */
  public static List<SchemaProperty> check(List<SchemaProperty> properties) {
    if (properties == null || properties.isEmpty()) {
      throw invalid("properties must list at least one property");
    }
    if (properties.size() > MAX_PROPERTIES) {
      throw invalid("properties may list at most " + MAX_PROPERTIES + " properties");
    }
    Set<String> seen = new HashSet<>();
    for (SchemaProperty p : properties) {
      if (p == null || p.name() == null || !NAME.matcher(p.name()).matches()) {
        throw invalid(
            "a property name is 1 to 63 characters: a lower-case letter, then letters, digits or _");
      }
      if (RESERVED.contains(p.name())) {
        throw invalid("the property name " + p.name() + " is reserved");
      }
      if (!seen.add(p.name())) {
        throw invalid("the property " + p.name() + " is listed twice");
      }
      if (p.dataType() == null || !DATA_TYPES.contains(p.dataType())) {
        throw invalid(
            "the data_type of " + p.name() + " must be one of " + String.join(", ", sorted()));
      }
    }
    return List.copyOf(properties);
  }

  public static String toJson(List<SchemaProperty> properties) {
    JsonArrayBuilder array = Jsons.array();
    for (SchemaProperty p : properties) {
      array.add(Jsons.object().add("name", p.name()).add("data_type", p.dataType()));
    }
    return array.build().toString();
  }

  public static List<SchemaProperty> fromJson(String json) {
    JsonArray array;
    try (JsonReader reader = Jsons.reader(json)) {
      array = reader.readArray();
    }
    List<SchemaProperty> properties = new ArrayList<>(array.size());
    for (JsonObject o : array.getValuesAs(JsonObject.class)) {
      properties.add(new SchemaProperty(o.getString("name"), o.getString("data_type")));
    }
    return properties;
  }

  private static List<String> sorted() {
    return DATA_TYPES.stream().sorted().toList();
  }

  private static InvalidRequestException invalid(String message) {
    return new InvalidRequestException("invalid_schema", message);
  }
}
