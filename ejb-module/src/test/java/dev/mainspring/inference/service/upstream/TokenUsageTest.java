package dev.mainspring.inference.service.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class TokenUsageTest {

  @Test
  void usageIsReadFromACompletionBody() {
    assertEquals(
        Optional.of(new TokenUsage(12, 5)),
        TokenUsage.of(
            "{\"id\":\"x\",\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":5,"
                + "\"total_tokens\":17}}"));
  }

  @Test
  void cachedPromptTokensAreReadFromThePromptDetails() {
    assertEquals(
        Optional.of(new TokenUsage(2_006, 300, 1_920)),
        TokenUsage.of(
            "{\"usage\":{\"prompt_tokens\":2006,\"completion_tokens\":300,\"total_tokens\":2306,"
                + "\"prompt_tokens_details\":{\"cached_tokens\":1920,\"audio_tokens\":0},"
                + "\"completion_tokens_details\":{\"reasoning_tokens\":0}}}"));
    assertEquals(
        Optional.of(new TokenUsage(7, 1, 0)),
        TokenUsage.of(
            "{\"usage\":{\"prompt_tokens\":7,\"completion_tokens\":1,"
                + "\"prompt_tokens_details\":null}}"),
        "no details: nothing cached");
  }

  @Test
  void cachedTokensAreNeverMoreThanThePrompt() {
    assertEquals(
        Optional.of(new TokenUsage(5, 1, 5)),
        TokenUsage.of(
            "{\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":1,"
                + "\"prompt_tokens_details\":{\"cached_tokens\":64}}}"));
    assertEquals(
        Optional.empty(),
        TokenUsage.of(
            "{\"usage\":{\"prompt_tokens\":5,\"prompt_tokens_details\":{\"cached_tokens\":-1}}}"));
  }

  @Test
  void chunkWithNullUsageHasNone() {
    assertEquals(Optional.empty(), TokenUsage.of("{\"choices\":[],\"usage\":null}"));
  }

  @Test
  void embeddingUsageWithoutCompletionTokensCountsZero() {
    assertEquals(
        Optional.of(new TokenUsage(4, 0)),
        TokenUsage.of("{\"usage\":{\"prompt_tokens\":4,\"total_tokens\":4}}"));
  }

  @Test
  void textThatIsNoJsonObjectHasNoUsage() {
    assertEquals(Optional.empty(), TokenUsage.of("\"usage\" is not json"));
    assertEquals(Optional.empty(), TokenUsage.of("[\"usage\"]"));
  }

  @Test
  void onlyAnObjectAfterTheUsageNameIsWorthParsing() {
    assertTrue(TokenUsage.carriesUsage("{\"usage\":{\"prompt_tokens\":1}}"));
    assertTrue(TokenUsage.carriesUsage("{\"usage\" :\n { }}"));
    assertTrue(TokenUsage.carriesUsage("{\"note\":\"usage\",\"usage\":{}}"));
    assertFalse(TokenUsage.carriesUsage("{\"usage\":null}"));
    assertFalse(TokenUsage.carriesUsage("{\"content\":\"\\\"usage\\\" here\"}"));
    assertFalse(TokenUsage.carriesUsage(null));
    assertEquals(
        Optional.of(new TokenUsage(9, 3)),
        TokenUsage.of(
            "{\"choices\":[],\"usage\" : {\"prompt_tokens\":9,\"completion_tokens\":3}}"));
  }

  @Test
  void countsTooLargeOrNegativeAreNoUsage() {
    assertEquals(
        Optional.empty(), TokenUsage.of("{\"usage\":{\"prompt_tokens\":99999999999999999999}}"));
    assertEquals(Optional.empty(), TokenUsage.of("{\"usage\":{\"prompt_tokens\":-1}}"));
  }
}
