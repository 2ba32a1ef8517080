package dev.mainspring.inference.service.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class ReadinessTest {

  private static final Capability LLM = Capability.of(Capability.LLM_INFERENCE);
  private static final Capability VECTORS = Capability.of("vector_store");

  @Test
  void modelBindingIsReadyWithAnEnabledProviderResourcesAndADefault() {
    assertEquals(Readiness.READY, Readiness.ofBinding(LLM, true, 2, true));
  }

  @Test
  void modelBindingWithoutResourcesOrDefaultIsIncomplete() {
    assertEquals(Readiness.INCOMPLETE, Readiness.ofBinding(LLM, true, 0, false));
    assertEquals(Readiness.INCOMPLETE, Readiness.ofBinding(LLM, true, 1, false));
  }

  @Test
  void disabledProviderMakesAnyBindingIncomplete() {
    assertEquals(Readiness.INCOMPLETE, Readiness.ofBinding(LLM, false, 1, true));
    assertEquals(Readiness.INCOMPLETE, Readiness.ofBinding(VECTORS, false, 0, false));
  }

  @Test
  void bindingWithoutModelsNeedsOnlyAnEnabledProvider() {
    assertEquals(Readiness.READY, Readiness.ofBinding(VECTORS, true, 0, false));
  }

  @Test
  void deploymentIsReadyWhenBothRequiredCapabilitiesAreBoundAndEveryBindingIsReady() {
    Readiness.Summary summary =
        Readiness.ofDeployment(
            List.of(
                new Readiness.Bound("llm_inference", Readiness.READY),
                new Readiness.Bound("embeddings", Readiness.READY),
                new Readiness.Bound("vector_store", Readiness.READY)));

    assertEquals(new Readiness.Summary(Readiness.READY, List.of()), summary);
  }

  @Test
  void deploymentNamesTheRequiredCapabilitiesItLacks() {
    Readiness.Summary summary =
        Readiness.ofDeployment(List.of(new Readiness.Bound("embeddings", Readiness.READY)));

    assertEquals(new Readiness.Summary(Readiness.INCOMPLETE, List.of("llm_inference")), summary);
  }

  @Test
  void oneIncompleteBindingMakesTheDeploymentIncomplete() {
    Readiness.Summary summary =
        Readiness.ofDeployment(
            List.of(
                new Readiness.Bound("llm_inference", Readiness.INCOMPLETE),
                new Readiness.Bound("embeddings", Readiness.READY)));

    assertEquals(new Readiness.Summary(Readiness.INCOMPLETE, List.of()), summary);
  }
}
