package dev.mainspring.inference.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlatformSeedsTest {

  @Test
  void advertisedIdsThatFitTheKeyRuleAreTheirOwnKeys() {
    assertEquals(
        Map.of("meta-llama/Llama-3.1-8B-Instruct", "meta-llama/Llama-3.1-8B-Instruct"),
        PlatformSeeds.modelKeys(List.of("meta-llama/Llama-3.1-8B-Instruct")));
  }

  @Test
  void otherIdsAreMadeToFitAndKeepTheirNameAtTheProvider() {
    Map<String, String> keys =
        PlatformSeeds.modelKeys(List.of("/models/qwen 2.5.gguf", "ok:7b", "", "___"));

    assertEquals(List.of("models/qwen-2.5.gguf", "ok:7b"), List.copyOf(keys.keySet()));
    assertEquals("/models/qwen 2.5.gguf", keys.get("models/qwen-2.5.gguf"));
  }

  @Test
  void tooLongIdsAreSkippedAndTheFirstIdWinsASharedKey() {
    Map<String, String> keys =
        PlatformSeeds.modelKeys(List.of("a".repeat(201), "model one", "model-one"));

    assertEquals(Map.of("model-one", "model one"), keys);
  }
}
