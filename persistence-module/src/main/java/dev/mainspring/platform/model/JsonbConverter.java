package dev.mainspring.platform.model;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/**
 * Stores JSON text in {@code jsonb} columns. Written as a string, which the pool's {@code
 * stringtype=unspecified} lets PostgreSQL type as {@code jsonb}; read back as whatever object the
 * driver gives ({@code PGobject}), whose string form is the JSON text.
 */
@Converter
public class JsonbConverter implements AttributeConverter<String, Object> {

  @Override
  public Object convertToDatabaseColumn(String json) {
    return json;
  }

  @Override
  public String convertToEntityAttribute(Object value) {
    return value == null ? null : value.toString();
  }
}
