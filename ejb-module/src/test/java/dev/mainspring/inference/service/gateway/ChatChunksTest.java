package dev.mainspring.inference.service.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mainspring.inference.service.upstream.OpenAiUpstream;
import dev.mainspring.inference.service.upstream.StubOpenAiServer;
import dev.mainspring.inference.service.upstream.UpstreamException;
import dev.mainspring.inference.service.upstream.UpstreamSettings;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A streamed answer's end-of-life accounting, against a real loopback provider: what the caller is
 * handed, and that the call is metered exactly once with the right outcome and tokens whichever way
 * it ends.
 */
class ChatChunksTest {

  private static final String MESSAGES =
      "\"messages\":[{\"role\":\"user\",\"content\":\"say hello please\"}]";
  private static final String UPSTREAM =
      "{\"model\":\"stub-model\","
          + MESSAGES
          + ",\"stream\":true,\"stream_options\":{\"include_usage\":true}}";

  private record Ended(CallOutcome outcome, Duration timeToFirstToken) {}

  private final List<Ended> ends = Collections.synchronizedList(new ArrayList<>());
  private final TokenCounter counter = new TokenCounter();
  private StubOpenAiServer stub;
  private OpenAiUpstream upstream;

  @BeforeEach
  void start() throws IOException {
    stub = StubOpenAiServer.start();
    stub.answer(List.of("Hello", " there", " friend"));
    upstream =
        new OpenAiUpstream(
            new UpstreamSettings(
                stub.baseUrl(),
                "sk-test",
                Duration.ofSeconds(2),
                Duration.ofSeconds(5),
                Duration.ofMillis(700),
                0,
                Duration.ofMillis(10),
                Duration.ofSeconds(3)));
  }

  @AfterEach
  void stop() {
    upstream.close();
    stub.close();
  }

  private ChatChunks chunks(boolean clientAskedForUsage) {
    String asked =
        "{\"model\":\"chat\","
            + MESSAGES
            + ",\"stream\":true"
            + (clientAskedForUsage ? ",\"stream_options\":{\"include_usage\":true}}" : "}");
    return new ChatChunks(
        upstream.streamChatCompletion(UPSTREAM),
        ChatRequest.parse(asked),
        "chat",
        counter,
        (outcome, ttft) -> ends.add(new Ended(outcome, ttft)));
  }

  private static List<String> drain(ChatChunks chunks) {
    List<String> payloads = new ArrayList<>();
    for (Optional<ChatChunk> chunk = chunks.next(); chunk.isPresent(); chunk = chunks.next()) {
      payloads.add(chunk.get().json());
    }
    return payloads;
  }

  @Test
  void aWholeStreamIsHandedOverAndMeteredOnceAsSuccessWithTheProvidersUsage() {
    List<String> payloads;
    try (ChatChunks chunks = chunks(false)) {
      payloads = drain(chunks);
      assertTrue(ends.isEmpty(), "metered only when closed");
    }
    assertEquals(5, payloads.size(), "role, three pieces, finish; not the usage chunk");
    assertTrue(payloads.stream().noneMatch(p -> p.contains("\"choices\":[]")));
    assertEquals(1, ends.size());
    CallOutcome outcome = ends.get(0).outcome();
    assertEquals("success", outcome.outcome());
    assertEquals(200, outcome.httpStatus());
    assertFalse(outcome.estimated());
    assertEquals(3, outcome.promptTokens(), "the stub counts the prompt's words");
    assertEquals(3, outcome.completionTokens());
    assertNotNull(ends.get(0).timeToFirstToken());
  }

  @Test
  void theProvidersCachedPromptTokensAreMeteredAsPartOfThePrompt() {
    stub.cachePrompt(2);
    try (ChatChunks chunks = chunks(false)) {
      drain(chunks);
      assertEquals(new TokenCount(3, 3, 2, false), chunks.tokens());
    }
    CallOutcome outcome = ends.get(0).outcome();
    assertEquals(3, outcome.promptTokens());
    assertEquals(2, outcome.cachedTokens());
  }

  @Test
  void theUsageChunkIsHandedOverWhenTheClientAskedForIt() {
    List<String> payloads;
    try (ChatChunks chunks = chunks(true)) {
      payloads = drain(chunks);
    }
    assertEquals(6, payloads.size());
    assertTrue(payloads.get(5).contains("\"usage\":{"));
  }

  @Test
  void withoutTheProvidersUsageTheTokensAreCountedAndMarkedEstimated() {
    stub.reportUsage(false);
    try (ChatChunks chunks = chunks(true)) {
      assertEquals(5, drain(chunks).size());
      TokenCount tokens = chunks.tokens();
      assertTrue(tokens.estimated());
      assertEquals(counter.count("Hello there friend"), tokens.completionTokens());
    }
    CallOutcome outcome = ends.get(0).outcome();
    assertEquals("success", outcome.outcome());
    assertTrue(outcome.estimated());
    assertEquals(counter.count("Hello there friend"), outcome.completionTokens());
    assertTrue(outcome.promptTokens() > 0);
  }

  @Test
  void closedBeforeTheEndTheCallIsMeteredAsTheClientsLeaveWithWhatWasGenerated() {
    try (ChatChunks chunks = chunks(false)) {
      chunks.next(); // role
      chunks.next(); // "Hello"
    }
    assertEquals(1, ends.size());
    CallOutcome outcome = ends.get(0).outcome();
    assertEquals("client_disconnected", outcome.outcome());
    assertFalse(outcome.providerFailed());
    assertFalse(outcome.providerAnswered());
    assertTrue(outcome.estimated());
    assertEquals(counter.count("Hello"), outcome.completionTokens());
  }

  @Test
  void aStreamTheProviderBreaksIsMeteredOnceAsItsFailure() {
    stub.failNext(StubOpenAiServer.disconnectAfterChunks(2));
    ChatChunks chunks = chunks(false);
    assertThrows(UpstreamException.class, () -> drain(chunks));
    assertEquals(1, ends.size(), "metered when the failure is thrown");
    chunks.close();
    assertEquals(1, ends.size(), "closing afterwards meters nothing more");
    CallOutcome outcome = ends.get(0).outcome();
    assertTrue(outcome.providerFailed());
    assertTrue(outcome.httpStatus() >= 500);
    assertEquals(counter.count("Hello"), outcome.completionTokens());
  }

  @Test
  void aCancelledStreamEndsAtOnceAndIsNotASuccess() {
    stub.chunkDelay(Duration.ofMillis(100));
    try (ChatChunks chunks = chunks(false)) {
      chunks.next();
      chunks.cancel();
      assertTrue(chunks.next().isEmpty());
    }
    assertEquals(1, ends.size());
    assertEquals("client_disconnected", ends.get(0).outcome().outcome());
  }

  @Test
  void closingTwiceMetersOnce() {
    ChatChunks chunks = chunks(false);
    drain(chunks);
    chunks.close();
    chunks.close();
    assertEquals(1, ends.size());
  }
}
