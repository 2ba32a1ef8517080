package dev.mainspring.agent.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.mainspring.platform.error.MainspringException;
import dev.mainspring.platform.model.IntegrityViolation;
import dev.mainspring.platform.model.IntegrityViolation.Kind;
import org.junit.jupiter.api.Test;

class AgentRepositoryTest {

  @Test
  void twoRevisionsTakingTheSameNumberAreAConcurrentModification() {
    MainspringException answer =
        new AgentRepository()
            .translate(new IntegrityViolation(Kind.DUPLICATE, AgentRepository.VERSION_KEY), null);

    assertEquals(409, answer.status());
    assertEquals("concurrent_modification", answer.code());
  }

  @Test
  void otherViolationsGetTheGenericAnswer() {
    assertNull(
        new AgentRepository()
            .translate(new IntegrityViolation(Kind.MISSING_REFERENCE, "agents_org_id_fkey"), null));
  }
}
