package dev.mainspring.platform.model;

import java.security.SecureRandom;
import java.util.UUID;

/**
 * Makes the ids of every Mainspring row: UUID version 7 (RFC 9562), a 48-bit Unix millisecond
 * timestamp followed by random bits. Ids made later sort after ids made earlier (to the
 * millisecond), so an index on the id is also an index on creation order and cursor pagination can
 * walk it without a second column.
 */
public final class Ids {

  private static final SecureRandom RANDOM = new SecureRandom();

  private Ids() {}

  /** A new UUIDv7 for the current time. */
  public static UUID newId() {
    return newId(System.currentTimeMillis());
  }

  static UUID newId(long epochMillis) {
    long randA = RANDOM.nextInt(1 << 12);
    long msb = (epochMillis << 16) | (0x7L << 12) | randA;
    long lsb = (RANDOM.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
    return new UUID(msb, lsb);
  }
}
