package dev.mainspring.knowledge.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.mainspring.platform.error.InvalidRequestException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ChunkingTest {

  @Test
  void noChunkingMeansTheDefaultFixedLengthWindows() {
    assertEquals(new Chunking("fixed_length", 250, 25), Chunking.check(null));
  }

  @Test
  void aMissingOverlapIsZero() {
    assertEquals(
        new Chunking("fixed_length", 100, 0),
        Chunking.check(new Chunking("fixed_length", 100, null)));
  }

  @ParameterizedTest
  @CsvSource({"16,0", "16,15", "512,64", "8192,8191"})
  void lengthsWithinBoundsAndSmallerOverlapsPass(int length, int overlap) {
    Chunking chunking = new Chunking("fixed_length", length, overlap);
    assertEquals(chunking, Chunking.check(chunking));
  }

  @ParameterizedTest
  @CsvSource({"15,0", "8193,0", "0,0", "-1,0", "100,100", "100,101", "100,-1"})
  void lengthsOutOfBoundsAndOverlapsNotSmallerThanTheLengthAreRefused(int length, int overlap) {
    assertInvalid(new Chunking("fixed_length", length, overlap));
  }

  @Test
  void onlyFixedLengthIsAStrategy() {
    assertInvalid(new Chunking("semantic", 100, 10));
    assertInvalid(new Chunking(null, 100, 10));
  }

  @Test
  void aLengthIsRequired() {
    assertInvalid(new Chunking("fixed_length", null, 10));
  }

  private static void assertInvalid(Chunking chunking) {
    InvalidRequestException e =
        assertThrows(InvalidRequestException.class, () -> Chunking.check(chunking));
    assertEquals("invalid_chunking", e.code());
  }
}
