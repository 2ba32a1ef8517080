package dev.mainspring.platform.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Ids are compared here as PostgreSQL compares uuid values: byte by byte, unsigned. {@link
 * UUID#compareTo} compares signed longs, which puts ids with the top bit set before all others.
 */
class IdsTest {

  private static final Comparator<UUID> UNSIGNED =
      Comparator.comparing(UUID::getMostSignificantBits, Long::compareUnsigned)
          .thenComparing(UUID::getLeastSignificantBits, Long::compareUnsigned);

  private static long millisOf(UUID id) {
    return id.getMostSignificantBits() >>> 16;
  }

  @Test
  void idIsVersion7() {
    assertEquals(7, Ids.newId().version());
  }

  @Test
  void idHasTheRfcVariant() {
    UUID id = Ids.newId();

    assertEquals(2, id.variant());
    assertEquals(0b10, id.getLeastSignificantBits() >>> 62);
  }

  @Test
  void idStartsWithTheMillisecondItWasMadeAt() {
    long before = System.currentTimeMillis();
    UUID id = Ids.newId();
    long after = System.currentTimeMillis();

    assertTrue(millisOf(id) >= before && millisOf(id) <= after, id::toString);
  }

  @Test
  void versionAndVariantSurviveAnyTimestamp() {
    UUID id = Ids.newId(0xFFFF_FFFF_FFFFL);

    assertEquals(7, id.version());
    assertEquals(2, id.variant());
    assertEquals(0xFFFF_FFFF_FFFFL, millisOf(id));
  }

  @Test
  void idsMadeInTheSameMillisecondDiffer() {
    assertNotEquals(Ids.newId(1_700_000_000_000L), Ids.newId(1_700_000_000_000L));
  }

  @Test
  void laterIdSortsAfterEarlierId() {
    UUID earlier = Ids.newId(1_700_000_000_000L);
    UUID later = Ids.newId(1_700_000_000_001L);

    assertTrue(UNSIGNED.compare(later, earlier) > 0);
    assertTrue(later.toString().compareTo(earlier.toString()) > 0);
  }

  @Test
  void idsSortInCreationOrderAcrossThe48BitClockWhereSignedCompareFails() {
    long[] millis = {
      0L, 1L, 1_700_000_000_000L, 0x7FFF_FFFF_FFFFL, 0x8000_0000_0000L, 0xFFFF_FFFF_FFFFL
    };
    List<UUID> inCreationOrder = new ArrayList<>();
    for (long m : millis) {
      inCreationOrder.add(Ids.newId(m));
    }

    List<UUID> byString =
        inCreationOrder.stream().sorted(Comparator.comparing(UUID::toString)).toList();
    List<UUID> byUnsigned = inCreationOrder.stream().sorted(UNSIGNED).toList();
    List<UUID> bySignedCompareTo = inCreationOrder.stream().sorted().toList();

    assertEquals(inCreationOrder, byString);
    assertEquals(inCreationOrder, byUnsigned);
    assertNotEquals(inCreationOrder, bySignedCompareTo, "UUID.compareTo is signed");
  }
}
