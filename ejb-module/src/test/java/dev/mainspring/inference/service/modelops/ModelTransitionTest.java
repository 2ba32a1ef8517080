package dev.mainspring.inference.service.modelops;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mainspring.platform.error.ConflictException;
import org.junit.jupiter.api.Test;

class ModelTransitionTest {

  @Test
  void lifecycleRunsFromDraftThroughActiveToUnregisteredAndBack() {
    String status = "draft";
    status = ModelTransition.REGISTER.from(status);
    assertEquals("registered", status);
    status = ModelTransition.ACTIVATE.from(status);
    assertEquals("active", status);
    status = ModelTransition.DEACTIVATE.from(status);
    assertEquals("inactive", status);
    assertEquals("active", ModelTransition.ACTIVATE.from(status));
    status = ModelTransition.UNREGISTER.from(status);
    assertEquals("unregistered", status);
    assertEquals("registered", ModelTransition.REGISTER.from(status));
    assertEquals("unregistered", ModelTransition.UNREGISTER.from("registered"));
  }

  @Test
  void refusedMoveNamesBothStatuses() {
    ConflictException refused =
        assertThrows(ConflictException.class, () -> ModelTransition.ACTIVATE.from("draft"));
    assertEquals("invalid_model_transition", refused.code());
    assertEquals(409, refused.status());
    assertTrue(refused.getMessage().contains("from draft to active"), refused.getMessage());
    assertThrows(ConflictException.class, () -> ModelTransition.REGISTER.from("active"));
    assertThrows(ConflictException.class, () -> ModelTransition.DEACTIVATE.from("inactive"));
    assertThrows(ConflictException.class, () -> ModelTransition.UNREGISTER.from("active"));
    assertThrows(ConflictException.class, () -> ModelTransition.UNREGISTER.from("draft"));
  }

  @Test
  void onlyDraftAndUnregisteredModelsMayBeDeleted() {
    assertDoesNotThrow(() -> ModelTransition.checkDeletable("draft"));
    assertDoesNotThrow(() -> ModelTransition.checkDeletable("unregistered"));
    for (String status : new String[] {"registered", "active", "inactive"}) {
      ConflictException refused =
          assertThrows(ConflictException.class, () -> ModelTransition.checkDeletable(status));
      assertEquals("invalid_model_transition", refused.code());
    }
  }

  @Test
  void draftIsNotValidated() {
    assertThrows(ConflictException.class, () -> ModelTransition.checkValidatable("draft"));
    assertDoesNotThrow(() -> ModelTransition.checkValidatable("unregistered"));
    assertDoesNotThrow(() -> ModelTransition.checkValidatable("active"));
  }
}
