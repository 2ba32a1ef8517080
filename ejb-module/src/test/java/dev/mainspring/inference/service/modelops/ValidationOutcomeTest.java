package dev.mainspring.inference.service.modelops;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mainspring.inference.service.provider.ProviderProbe;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ValidationOutcomeTest {

  @Test
  void providerListingTheModelPasses() {
    ValidationOutcome outcome =
        ValidationOutcome.of(
            new ProviderProbe.Result(true, 12, List.of("a", "stub-model"), null),
            "local-vllm",
            "stub-model");
    assertTrue(outcome.success());
    assertTrue(outcome.detail().contains("local-vllm"), outcome.detail());
    assertTrue(outcome.detail().contains("lists stub-model"), outcome.detail());
  }

  @Test
  void providerWithoutAModelListPassesOnReachability() {
    ValidationOutcome outcome =
        ValidationOutcome.of(new ProviderProbe.Result(true, 3, List.of(), null), "p", "m");
    assertTrue(outcome.success());
    assertTrue(outcome.detail().contains("not checked by name"), outcome.detail());
  }

  @Test
  void providerNotListingTheModelFailsAndSaysWhatItLists() {
    List<String> many = IntStream.range(0, 25).mapToObj(i -> "model-" + i).toList();
    ValidationOutcome outcome =
        ValidationOutcome.of(new ProviderProbe.Result(true, 3, many, null), "p", "missing");
    assertFalse(outcome.success());
    assertTrue(outcome.detail().contains("does not list missing"), outcome.detail());
    assertTrue(outcome.detail().contains("model-19 and 5 more"), outcome.detail());
  }

  @Test
  void unreachableProviderFailsWithItsError() {
    ValidationOutcome outcome =
        ValidationOutcome.of(
            new ProviderProbe.Result(false, 1, List.of(), "connection refused"), "p", "m");
    assertFalse(outcome.success());
    assertTrue(outcome.detail().contains("not reachable: connection refused"), outcome.detail());
  }

  @Test
  void disabledProviderFails() {
    assertFalse(ValidationOutcome.disabled("p").success());
  }
}
