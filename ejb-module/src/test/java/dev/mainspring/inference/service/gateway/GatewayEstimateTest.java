package dev.mainspring.inference.service.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.mainspring.inference.model.gateway.UserModelSettings;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The completion-token bound a call's credit hold is estimated with. */
class GatewayEstimateTest {

  private static ChatRequest request(String options) {
    return ChatRequest.parse(
        "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]" + options + "}");
  }

  private static Optional<UserModelSettings> userDefault(Integer maxTokens) {
    UserModelSettings settings = new UserModelSettings(UUID.randomUUID());
    settings.set(null, null, null, maxTokens);
    return Optional.of(settings);
  }

  @Test
  void maxCompletionTokensWinsOverMaxTokens() {
    assertEquals(
        50L,
        Gateway.maxTokens(
            request(",\"max_tokens\":900,\"max_completion_tokens\":50"), Optional.empty()));
    assertEquals(900L, Gateway.maxTokens(request(",\"max_tokens\":900"), Optional.empty()));
  }

  @Test
  void theRequestWinsOverTheUsersDefaultWhichWinsOverNothing() {
    assertEquals(7L, Gateway.maxTokens(request(",\"max_tokens\":7"), userDefault(300)));
    assertEquals(300L, Gateway.maxTokens(request(""), userDefault(300)));
    assertNull(Gateway.maxTokens(request(""), userDefault(null)));
    assertNull(Gateway.maxTokens(request(""), Optional.empty()));
  }

  @Test
  void aBoundThatIsNotAPositiveNumberIsIgnored() {
    assertNull(Gateway.maxTokens(request(",\"max_tokens\":0"), Optional.empty()));
    assertNull(Gateway.maxTokens(request(",\"max_tokens\":\"many\""), Optional.empty()));
  }
}
