package dev.mainspring.platform.model;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;

/** Column values of native query rows, whichever Java type the driver chose for them. */
public final class Rows {

  private Rows() {}

  public static UUID uuid(Object value) {
    if (value == null) {
      return null;
    }
    return value instanceof UUID id ? id : UUID.fromString(value.toString());
  }

  public static Instant instant(Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof Timestamp timestamp) {
      return timestamp.toInstant();
    }
    if (value instanceof OffsetDateTime offset) {
      return offset.toInstant();
    }
    if (value instanceof Instant instant) {
      return instant;
    }
    return OffsetDateTime.parse(value.toString()).toInstant();
  }

  public static long number(Object value) {
    return value == null ? 0 : ((Number) value).longValue();
  }

  public static Long nullableNumber(Object value) {
    return value == null ? null : ((Number) value).longValue();
  }

  public static Integer nullableInt(Object value) {
    return value == null ? null : ((Number) value).intValue();
  }

  public static String text(Object value) {
    return value == null ? null : value.toString();
  }

  /** A number as text for a {@code cast(? as bigint)}, so a null keeps a type the driver knows. */
  public static String param(Number value) {
    return value == null ? null : value.toString();
  }

  public static String param(UUID id) {
    return id == null ? null : id.toString();
  }
}
