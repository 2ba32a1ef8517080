package dev.mainspring.platform.model;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** The one clock of entities: UTC instants at the microsecond precision PostgreSQL keeps. */
public final class Timestamps {

  private Timestamps() {}

  /** Now, truncated to microseconds so a row read back equals the entity that was written. */
  public static Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.MICROS);
  }
}
