package dev.mainspring.inference.service.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.mainspring.billing.service.ByokKeyTester;
import org.junit.jupiter.api.Test;

/** Where a user's key is tested, and what an answer means. */
class OpenAiKeyTesterTest {

  @Test
  void openRouterKeysAreTestedOnKeyAndOthersOnModels() {
    assertEquals("/key", OpenAiKeyTester.testPath("https://openrouter.ai/api/v1"));
    assertEquals("/models", OpenAiKeyTester.testPath("https://api.example.test/v1"));
  }

  @Test
  void unauthorizedAndForbiddenMeanTheKeyIsRejected() {
    for (int status : new int[] {401, 403}) {
      ByokKeyTester.Outcome outcome = OpenAiKeyTester.refused(status, 12);
      assertFalse(outcome.ok());
      assertEquals("key_rejected", outcome.code());
    }
    ByokKeyTester.Outcome other = OpenAiKeyTester.refused(404, 12);
    assertEquals("provider_http_error", other.code());
    assertEquals("the provider answered HTTP 404", other.message());
  }
}
