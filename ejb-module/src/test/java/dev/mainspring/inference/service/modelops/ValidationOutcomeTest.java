package dev.mainspring.inference.service.modelops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mainspring.inference.service.provider.ProviderError;
import dev.mainspring.inference.service.provider.ProviderProbe;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ValidationOutcomeTest {

  @Test
  void providerListingTheModelPasses() {
    ValidationOutcome outcome =
        ValidationOutcome.of(
            new ProviderProbe.Result(true, 12L, List.of("a", "stub-model"), null),
            "local-vllm",
            "stub-model");
    assertTrue(outcome.success());
    assertTrue(outcome.detail().contains("local-vllm"), outcome.detail());
    assertTrue(outcome.detail().contains("lists stub-model"), outcome.detail());
  }

  @Test
  void providerWithoutAModelListPassesOnReachability() {
    ValidationOutcome outcome =
        ValidationOutcome.of(new ProviderProbe.Result(true, 3L, List.of(), null), "p", "m");
    assertTrue(outcome.success());
    assertTrue(outcome.detail().contains("not checked by name"), outcome.detail());
  }

  @Test
  void providerNotListingTheModelFailsAndSaysWhatItLists() {
    List<String> many = IntStream.range(0, 25).mapToObj(i -> "model-" + i).toList();
    ValidationOutcome outcome =
        ValidationOutcome.of(new ProviderProbe.Result(true, 3L, many, null), "p", "missing");
    assertFalse(outcome.success());
    assertTrue(outcome.detail().contains("does not list missing"), outcome.detail());
    assertTrue(outcome.detail().contains("model-19 and 5 more"), outcome.detail());
  }

  @Test
  void unreachableProviderFailsWithItsError() {
    ValidationOutcome outcome =
        ValidationOutcome.of(ProviderProbe.Result.failed(ProviderError.unreachable()), "p", "m");
    assertFalse(outcome.success());
    assertEquals(
        "provider p failed the check (provider_unreachable): the provider could not be reached",
        outcome.detail());
  }

  @Test
  void disabledProviderFails() {
    ValidationOutcome outcome = ValidationOutcome.disabled("p");
    assertFalse(outcome.success());
    assertTrue(outcome.detail().contains("(provider_disabled)"), outcome.detail());
  }
}
