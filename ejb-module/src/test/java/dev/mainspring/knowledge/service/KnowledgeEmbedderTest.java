package dev.mainspring.knowledge.service;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.mainspring.inference.service.upstream.UpstreamException;
import java.util.List;
import org.junit.jupiter.api.Test;

class KnowledgeEmbedderTest {

  @Test
  void vectorsAreTakenInTheOrderOfTheirIndexNotOfTheAnswer() {
    List<float[]> vectors =
        KnowledgeEmbedder.vectors(
            "{\"data\":[{\"index\":1,\"embedding\":[3,4]},{\"index\":0,\"embedding\":[1,2]}]}", 2);
    assertArrayEquals(new float[] {1, 2}, vectors.get(0));
    assertArrayEquals(new float[] {3, 4}, vectors.get(1));
  }

  @Test
  void anAnswerThatIsNoListOfVectorsIsTheProvidersFault() {
    for (String answer :
        List.of(
            "{}",
            "{\"data\":[{\"index\":0,\"embedding\":[1]}]}",
            "{\"data\":[{\"index\":0,\"embedding\":[1,2]},{\"index\":1,\"embedding\":[1]}]}",
            "{\"data\":[{\"index\":5,\"embedding\":[1]},{\"index\":1,\"embedding\":[1]}]}",
            "{\"data\":[{\"index\":0,\"embedding\":[\"x\"]},{\"index\":1,\"embedding\":[1]}]}")) {
      UpstreamException e =
          assertThrows(UpstreamException.class, () -> KnowledgeEmbedder.vectors(answer, 2), answer);
      assertEquals(502, e.status());
    }
  }
}
