package dev.mainspring.knowledge.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.mainspring.platform.error.InvalidRequestException;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class VectorizationTest {

  private static final UUID PROVIDER = UUID.randomUUID();
  private static final UUID MODEL = UUID.randomUUID();

  @Test
  void platformEmbeddingsNamesAProviderAndAModel() {
    Vectorization v = new Vectorization("vanessa_embeddings", PROVIDER, MODEL);
    assertEquals(v, Vectorization.check(v));
    assertInvalid(new Vectorization("vanessa_embeddings", PROVIDER, null));
    assertInvalid(new Vectorization("vanessa_embeddings", null, MODEL));
  }

  @Test
  void selfProvidedNamesNeither() {
    Vectorization v = new Vectorization("self_provided", null, null);
    assertEquals(v, Vectorization.check(v));
    assertInvalid(new Vectorization("self_provided", PROVIDER, null));
    assertInvalid(new Vectorization("self_provided", null, MODEL));
  }

  @Test
  void aModeIsRequiredAndMustBeKnown() {
    assertInvalid(null);
    assertInvalid(new Vectorization(null, PROVIDER, MODEL));
    assertInvalid(new Vectorization("native_module", PROVIDER, MODEL));
  }

  private static void assertInvalid(Vectorization v) {
    InvalidRequestException e =
        assertThrows(InvalidRequestException.class, () -> Vectorization.check(v));
    assertEquals("invalid_vectorization", e.code());
  }
}
