package dev.mainspring.platform.api;

import static dev.mainspring.platform.api.ProblemResponses.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import jakarta.json.JsonObject;
import jakarta.persistence.OptimisticLockException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(WithinRequest.class)
class OptimisticLockMapperTest {

  private final OptimisticLockMapper mapper = new OptimisticLockMapper();

  @Test
  void lostUpdateAnswers409ConcurrentModification() {
    JsonObject json =
        assertProblem(
            mapper.toResponse(new OptimisticLockException("row changed")),
            409,
            "concurrent_modification");

    assertEquals("Conflict", json.getString("title"));
  }

  @Test
  void bodyTellsTheClientToReadAgainWithoutThePersistenceMessage() {
    String persistenceDetail = "Project[id=42] version 3 was updated or deleted";

    JsonObject json =
        assertProblem(
            mapper.toResponse(new OptimisticLockException(persistenceDetail)),
            409,
            "concurrent_modification");

    assertEquals(
        "the resource was changed by another request; read it again", json.getString("detail"));
    assertFalse(json.toString().contains(persistenceDetail), json::toString);
  }
}
