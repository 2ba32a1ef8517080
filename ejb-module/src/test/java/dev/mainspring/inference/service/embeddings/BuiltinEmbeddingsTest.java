package dev.mainspring.inference.service.embeddings;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The built-in model run for real, from the files on the classpath: no network is involved. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BuiltinEmbeddingsTest {

  private final BuiltinEmbeddings embeddings = new BuiltinEmbeddings();

  @AfterAll
  void close() {
    embeddings.close();
  }

  @Test
  void nameAndSize() {
    assertEquals("all-minilm-l6-v2", embeddings.modelName());
    assertEquals(384, embeddings.dimensions());
  }

  @Test
  void everyTextGetsAUnitVectorOfTheModelsSize() {
    List<float[]> vectors = embeddings.embed(List.of("Hello, world!", "", "x".repeat(5000)));
    assertEquals(3, vectors.size());
    for (float[] vector : vectors) {
      assertEquals(384, vector.length);
      assertEquals(1.0, norm(vector), 1e-5);
    }
    assertEquals(List.of(), embeddings.embed(List.of()));
  }

  @Test
  void theSameTextGivesTheSameVector() {
    String text = "Deterministic output, please.";
    assertArrayEquals(
        embeddings.embed(List.of(text)).get(0), embeddings.embed(List.of(text)).get(0), 1e-6f);
  }

  @Test
  void aTextsVectorDoesNotDependOnTheOtherTextsOfTheRequest() {
    List<String> texts =
        List.of(
            "Short.",
            "A somewhat longer sentence, so that the others would need padding in a batch.",
            "Medium length text here.",
            "word ".repeat(400));
    List<float[]> together = embeddings.embed(texts);
    for (int i = 0; i < texts.size(); i++) {
      assertArrayEquals(embeddings.embed(List.of(texts.get(i))).get(0), together.get(i), 1e-5f);
    }
  }

  @Test
  void vectorsAreThoseAnotherImplementationOfTheModelComputes() {
    // transformers.js, run on the same model and tokenizer files, with mean pooling and
    // normalisation, gives these first components for this sentence.
    float[] vector = embeddings.embed(List.of("A man is playing a guitar.")).get(0);
    assertArrayEquals(
        new float[] {0.020218f, -0.001933f, -0.023987f, -0.056336f, -0.163216f, -0.001675f},
        Arrays.copyOf(vector, 6),
        1e-5f);
  }

  @Test
  void aTextIsCloserToItsParaphraseThanToAnUnrelatedText() {
    assertCloser(
        "A man is playing a guitar.",
        "Someone is playing an instrument.",
        "The stock market fell sharply today.");
    assertCloser(
        "How do I reset my password?",
        "I forgot my login and need to change it.",
        "The recipe calls for two cups of flour.");
  }

  @Test
  void tokensAreCountedWithoutClsSepAndWithoutTheCut() {
    assertEquals(4, embeddings.countTokens("Hello, world!"));
    assertEquals(400, embeddings.countTokens("word ".repeat(400)));
    assertEquals(0, embeddings.countTokens(""));
  }

  private void assertCloser(String text, String paraphrase, String unrelated) {
    List<float[]> v = embeddings.embed(List.of(text, paraphrase, unrelated));
    double near = dot(v.get(0), v.get(1));
    double far = dot(v.get(0), v.get(2));
    assertTrue(near > far + 0.3, () -> "cosine " + near + " vs " + far + " for " + text);
  }

  private static double dot(float[] a, float[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += (double) a[i] * b[i];
    }
    return sum;
  }

  private static double norm(float[] vector) {
    return Math.sqrt(dot(vector, vector));
  }
}
