package dev.mainspring.platform.model;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import java.util.UUID;

/**
 * Stores non-id {@link UUID} attributes (references such as {@code project_id}) through their
 * string form. EclipseLink 4.0's own UUID conversion fails on a null column value
 * (NullPointerException on {@code jdbcValue.toString()}); with this converter a null reference
 * reads as null. The pool's {@code stringtype=unspecified} lets PostgreSQL type the string as
 * {@code uuid}. Ids are not converted (JPA applies no converter to an id), and need none: they are
 * never null.
 */
@Converter
public class UuidConverter implements AttributeConverter<UUID, Object> {

  @Override
  public Object convertToDatabaseColumn(UUID uuid) {
    return uuid == null ? null : uuid.toString();
  }

  @Override
  public UUID convertToEntityAttribute(Object value) {
    if (value == null || value instanceof UUID) {
      return (UUID) value;
    }
    return UUID.fromString(value.toString());
  }
}
