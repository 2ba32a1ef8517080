package dev.mainspring.inference.service.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Against {@link StubOpenAiServer}, a local server that speaks the OpenAI HTTP API. */
class OpenAiUpstreamTest {

  private static final String API_KEY = "sk-test-very-secret-0123456789";
  private static final String CHAT =
      "{\"model\":\"stub-model\",\"messages\":[{\"role\":\"user\",\"content\":\"say hello please\"}]";
  private static final String WHOLE = CHAT + ",\"stream\":false}";
  private static final String STREAMED = CHAT + ",\"stream\":true}";
  private static final String STREAMED_WITH_USAGE =
      CHAT + ",\"stream\":true,\"stream_options\":{\"include_usage\":true}}";
  private static final String WITH_TOOLS =
      CHAT
          + ",\"stream\":true,\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"search\","
          + "\"parameters\":{\"type\":\"object\",\"properties\":{\"q\":{\"type\":\"string\"}}}}}]}";

  private StubOpenAiServer stub;
  private final List<OpenAiUpstream> upstreams = new ArrayList<>();
  private final List<String> received = Collections.synchronizedList(new ArrayList<>());

  @BeforeEach
  void startStub() throws IOException {
    stub = StubOpenAiServer.start();
  }

  @AfterEach
  void stopStub() {
    upstreams.forEach(OpenAiUpstream::close);
    stub.close();
  }

  private OpenAiUpstream upstream(int maxRetries, Duration firstByteTimeout, Duration idle) {
    return upstream(stub.baseUrl(), maxRetries, firstByteTimeout, idle);
  }

  private OpenAiUpstream upstream(
      URI baseUrl, int maxRetries, Duration firstByteTimeout, Duration idle) {
    OpenAiUpstream upstream =
        new OpenAiUpstream(
            new UpstreamSettings(
                baseUrl,
                API_KEY,
                Duration.ofSeconds(2),
                firstByteTimeout,
                idle,
                maxRetries,
                Duration.ofMillis(10),
                Duration.ofSeconds(3)));
    upstreams.add(upstream);
    return upstream;
  }

  private OpenAiUpstream upstream() {
    return upstream(2, Duration.ofSeconds(5), Duration.ofSeconds(5));
  }

  @Test
  void wholeCompletionReturnsTheUpstreamBodyStatusAndUsage() {
    UpstreamResponse answer = upstream().chatCompletion(WHOLE);

    assertEquals(200, answer.status());
    assertTrue(answer.body().contains("\"content\":\"Hello, world!\""), answer.body());
    assertEquals(Optional.of(new TokenUsage(3, 4)), answer.usage());
    assertTrue(stub.requestBodies().get(0).equals(WHOLE), "the request went upstream as given");
  }

  @Test
  void streamedChunksArriveWhileTheUpstreamIsStillSending() throws InterruptedException {
    CountDownLatch firstSeen = new CountDownLatch(1);
    stub.holdAfterFirstChunk(firstSeen);
    AtomicLong firstReceivedNanos = new AtomicLong();

    try (ChatStream stream =
        upstream()
            .streamChatCompletion(
                STREAMED,
                payload -> {
                  if (payload.contains("Hello") && firstSeen.getCount() > 0) {
                    firstReceivedNanos.set(System.nanoTime());
                    firstSeen.countDown();
                  }
                })) {
      stream.await();
    }

    assertTrue(firstReceivedNanos.get() != 0, "the first content chunk was handed over");
    assertTrue(
        firstReceivedNanos.get() < stub.lastChunkSentNanos(),
        "the first chunk arrived before the stub sent the last one");
  }

  @Test
  void streamHandsOverEveryPayloadInOrderAndEndsAtDone() {
    StreamSummary summary;
    try (ChatStream stream = upstream().streamChatCompletion(STREAMED, received::add)) {
      summary = stream.await();
      assertTrue(stream.timeToFirstChunk().isPresent());
    }

    assertTrue(summary.done());
    assertEquals(stub.sentPayloads(), received);
    assertEquals(6, summary.chunks(), "a role chunk, four content chunks, a finish chunk");
    assertFalse(received.stream().anyMatch(payload -> payload.contains("[DONE]")));
    assertTrue(summary.timeToFirstChunk().isPresent());
    assertEquals(Optional.empty(), summary.usage(), "no usage was asked for");
  }

  @Test
  void caughtUpRunsWheneverTheReaderWouldWaitForTheUpstream() {
    stub.chunkDelay(Duration.ofMillis(40));
    List<Integer> receivedWhenCaughtUp = new ArrayList<>();

    try (ChatStream stream = upstream().streamChatCompletion(STREAMED, received::add)) {
      stream.await(() -> receivedWhenCaughtUp.add(received.size()));
    }

    assertEquals(stub.sentPayloads(), received);
    assertEquals(
        List.of(1, 2, 3, 4, 5, 6),
        receivedWhenCaughtUp,
        "once after each payload, as the next one was still on its way");
  }

  @Test
  void usageComesFromTheFinalChunk() {
    StreamSummary summary;
    try (ChatStream stream = upstream().streamChatCompletion(STREAMED_WITH_USAGE, received::add)) {
      summary = stream.await();
    }

    assertEquals(Optional.of(new TokenUsage(3, 4)), summary.usage());
    assertTrue(received.get(received.size() - 1).contains("\"prompt_tokens\":3"));
  }

  @Test
  void toolCallDeltasArePassedThroughUnchanged() {
    try (ChatStream stream = upstream().streamChatCompletion(WITH_TOOLS, received::add)) {
      stream.await();
    }

    assertEquals(stub.sentPayloads(), received);
    assertTrue(received.get(0).contains("\"id\":\"" + StubOpenAiServer.TOOL_CALL_ID + "\""));
    assertTrue(received.get(1).contains("\"tool_calls\":[{\"index\":0,\"function\""));
    assertTrue(received.get(received.size() - 1).contains("\"finish_reason\":\"tool_calls\""));
  }

  @Test
  void rateLimitedRequestIsRetriedAfterItsRetryAfter() {
    stub.failNext(StubOpenAiServer.rateLimited(1));

    UpstreamResponse answer = upstream().chatCompletion(WHOLE);

    assertEquals(200, answer.status());
    assertEquals(2, stub.requestCount());
    long gap = stub.requestNanos().get(1) - stub.requestNanos().get(0);
    assertTrue(gap >= TimeUnit.MILLISECONDS.toNanos(950), "retried after " + gap + " ns");
  }

  @Test
  void rateLimitOutlastingTheRetriesIsPassedOnWithItsRetryAfter() {
    stub.failNext(StubOpenAiServer.rateLimited(1), StubOpenAiServer.rateLimited(2));
    OpenAiUpstream upstream = upstream(1, Duration.ofSeconds(5), Duration.ofSeconds(5));

    UpstreamException failure =
        assertThrows(UpstreamException.class, () -> upstream.chatCompletion(WHOLE));

    assertEquals(429, failure.status());
    assertEquals("upstream_rate_limited", failure.code());
    assertEquals(Map.of("Retry-After", "2"), failure.headers());
    assertEquals(2, stub.requestCount());
  }

  @Test
  void retryAfterBeyondTheCapIsPassedOnWithoutWaiting() {
    stub.failNext(StubOpenAiServer.rateLimited(30));

    UpstreamException failure =
        assertThrows(UpstreamException.class, () -> upstream().chatCompletion(WHOLE));

    assertEquals(429, failure.status());
    assertEquals(Map.of("Retry-After", "30"), failure.headers());
    assertEquals(1, stub.requestCount());
  }

  @Test
  void unavailableUpstreamExhaustingTheRetriesIs503() {
    stub.failNext(
        StubOpenAiServer.status(503), StubOpenAiServer.status(503), StubOpenAiServer.status(503));

    UpstreamException failure =
        assertThrows(UpstreamException.class, () -> upstream().chatCompletion(WHOLE));

    assertEquals(503, failure.status());
    assertEquals("upstream_unavailable", failure.code());
    assertEquals(3, stub.requestCount(), "the first attempt and two retries");
  }

  @Test
  void streamIsRetriedWhileNoAnswerBegan() {
    stub.failNext(StubOpenAiServer.status(502));

    try (ChatStream stream = upstream().streamChatCompletion(STREAMED, received::add)) {
      assertTrue(stream.await().done());
    }

    assertEquals(2, stub.requestCount());
    assertEquals(stub.sentPayloads(), received);
  }

  @Test
  void serverErrorIs502AndNotRetried() {
    stub.failNext(StubOpenAiServer.status(500));

    UpstreamException failure =
        assertThrows(UpstreamException.class, () -> upstream().chatCompletion(WHOLE));

    assertEquals(502, failure.status());
    assertEquals("upstream_error", failure.code());
    assertEquals(1, stub.requestCount());
  }

  @Test
  void hangBeforeTheFirstByteIs504WithinTheFirstByteTimeout() {
    stub.failNext(StubOpenAiServer.hangBeforeFirstByte());
    OpenAiUpstream upstream = upstream(2, Duration.ofMillis(300), Duration.ofSeconds(5));
    long started = System.nanoTime();

    UpstreamException failure =
        assertThrows(
            UpstreamException.class, () -> upstream.streamChatCompletion(STREAMED, received::add));

    long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    assertEquals(504, failure.status());
    assertEquals("upstream_timeout", failure.code());
    assertTrue(tookMillis >= 300 && tookMillis < 2_000, "gave up after " + tookMillis + " ms");
    assertEquals(1, stub.requestCount(), "a request the upstream may be working on is not resent");
  }

  @Test
  void silenceBetweenChunksIs504() {
    stub.chunkDelay(Duration.ofSeconds(2));
    OpenAiUpstream upstream = upstream(2, Duration.ofSeconds(5), Duration.ofMillis(300));

    try (ChatStream stream = upstream.streamChatCompletion(STREAMED, received::add)) {
      UpstreamException failure = assertThrows(UpstreamException.class, stream::await);
      assertEquals(504, failure.status());
    }
  }

  @Test
  void disconnectMidStreamFailsAfterTheDeliveredChunksAndIsNotRetried() {
    stub.failNext(StubOpenAiServer.disconnectAfterChunks(3));

    try (ChatStream stream = upstream().streamChatCompletion(STREAMED, received::add)) {
      UpstreamException failure = assertThrows(UpstreamException.class, stream::await);
      assertEquals(502, failure.status());
      assertEquals("upstream_error", failure.code());
    }

    assertEquals(3, received.size());
    assertEquals(stub.sentPayloads(), received);
    assertEquals(1, stub.requestCount());
  }

  @Test
  void cancellingTheStreamClosesTheUpstreamConnection() throws Exception {
    List<String> pieces = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      pieces.add(" word" + i);
    }
    stub.answer(pieces);
    stub.chunkDelay(Duration.ofMillis(10));
    CountDownLatch twoChunks = new CountDownLatch(2);

    ChatStream stream =
        upstream()
            .streamChatCompletion(
                STREAMED,
                payload -> {
                  received.add(payload);
                  twoChunks.countDown();
                });
    CompletableFuture<StreamSummary> reading = CompletableFuture.supplyAsync(stream::await);
    assertTrue(twoChunks.await(5, TimeUnit.SECONDS));
    stream.cancel();

    assertTrue(stub.awaitClientGone(Duration.ofSeconds(5)), "the stub saw the connection closed");
    assertTrue(reading.get(5, TimeUnit.SECONDS).cancelled());
    int afterCancel = received.size();
    assertTrue(stub.sentPayloads().size() < 100, "the stub stopped long before the end");
    assertEquals(afterCancel, received.size(), "nothing is handed over after the cancel");
    stream.close();
  }

  @Test
  void firstByteTimeoutAppliesAgainOnAConnectionAStreamUsedBefore() {
    OpenAiUpstream upstream = upstream(0, Duration.ofMillis(300), Duration.ofSeconds(5));
    try (ChatStream stream = upstream.streamChatCompletion(STREAMED, received::add)) {
      assertTrue(stream.await().done());
    }
    stub.failNext(StubOpenAiServer.hangBeforeFirstByte());
    long started = System.nanoTime();

    UpstreamException failure =
        assertThrows(UpstreamException.class, () -> upstream.chatCompletion(WHOLE));

    long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    assertEquals(504, failure.status());
    assertTrue(tookMillis < 2_000, "gave up after " + tookMillis + " ms, not the idle timeout");
    assertEquals(1, stub.connectionCount(), "the second call reused the stream's connection");
  }

  @Test
  void closingTheClientLetsTheCallUnderWayFinish() {
    OpenAiUpstream upstream = upstream();
    stub.chunkDelay(Duration.ofMillis(50));
    try (ChatStream stream = upstream.streamChatCompletion(STREAMED, received::add)) {
      upstream.close();
      assertTrue(stream.await().done());
    }
    assertEquals(stub.sentPayloads(), received);
    UpstreamException refused =
        assertThrows(UpstreamException.class, () -> upstream.chatCompletion(WHOLE));
    assertEquals(503, refused.status());
  }

  @Test
  void consumerThatFailsCancelsTheStreamAndItsFailureIsRethrown() throws InterruptedException {
    stub.answer(Collections.nCopies(500, " word"));
    stub.chunkDelay(Duration.ofMillis(10));
    IllegalStateException downstreamGone = new IllegalStateException("the client went away");

    ChatStream stream =
        upstream()
            .streamChatCompletion(
                STREAMED,
                payload -> {
                  received.add(payload);
                  if (received.size() == 3) {
                    throw downstreamGone;
                  }
                });

    assertEquals(downstreamGone, assertThrows(IllegalStateException.class, stream::await));
    assertTrue(stub.awaitClientGone(Duration.ofSeconds(5)), "the stub saw the connection closed");
    assertEquals(3, received.size());
  }

  @Test
  void upstreamRefusingTheRequestIsReturnedOrThrownWithItsBody() {
    stub.failNext(StubOpenAiServer.status(400), StubOpenAiServer.status(400));

    UpstreamResponse answer = upstream().chatCompletion(WHOLE);
    UpstreamException failure =
        assertThrows(
            UpstreamException.class,
            () -> upstream().streamChatCompletion(STREAMED, received::add));

    assertEquals(400, answer.status());
    assertEquals(400, failure.status());
    assertEquals("upstream_rejected", failure.code());
    assertTrue(failure.upstreamBody().orElseThrow().contains("\"error\""));
    assertEquals(2, stub.requestCount(), "a 400 is not retried");
  }

  @Test
  void unreachableUpstreamIs503AfterTheRetries() throws IOException {
    URI closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/v1");
    }
    OpenAiUpstream upstream = upstream(closedPort, 2, Duration.ofSeconds(5), Duration.ofSeconds(5));

    UpstreamException failure = assertThrows(UpstreamException.class, upstream::models);

    assertEquals(503, failure.status());
    assertEquals("upstream_unavailable", failure.code());
  }

  @Test
  void modelsAndEmbeddingsAreFetched() {
    OpenAiUpstream upstream = upstream();

    UpstreamResponse models = upstream.models();
    UpstreamResponse embeddings =
        upstream.embeddings("{\"model\":\"stub-model\",\"input\":[\"one\",\"two words\"]}");

    assertTrue(models.body().contains("\"id\":\"" + StubOpenAiServer.MODEL + "\""));
    assertTrue(embeddings.body().contains(StubOpenAiServer.vector("two words").toString()));
    assertEquals(Optional.of(new TokenUsage(3, 0)), embeddings.usage());
  }

  @Test
  void apiKeyIsSentUpstreamButAbsentFromEveryFailure() throws IOException {
    OpenAiUpstream upstream = upstream(1, Duration.ofMillis(300), Duration.ofSeconds(5));
    upstream.chatCompletion(WHOLE);
    assertEquals("Bearer " + API_KEY, stub.authorizations().get(0));

    List<Supplier<Object>> failing = new ArrayList<>();
    failing.add(
        () -> {
          stub.failNext(StubOpenAiServer.status(503), StubOpenAiServer.status(503));
          return upstream.chatCompletion(WHOLE);
        });
    failing.add(
        () -> {
          stub.failNext(StubOpenAiServer.rateLimited(9), StubOpenAiServer.rateLimited(9));
          return upstream.chatCompletion(WHOLE);
        });
    failing.add(
        () -> {
          stub.failNext(StubOpenAiServer.hangBeforeFirstByte());
          return upstream.chatCompletion(WHOLE);
        });
    failing.add(
        () -> {
          stub.failNext(StubOpenAiServer.disconnectAfterChunks(1));
          return upstream.streamChatCompletion(STREAMED, received::add).await();
        });
    failing.add(
        () -> {
          stub.requireApiKey("sk-another-key");
          try {
            return upstream.chatCompletion(WHOLE);
          } finally {
            stub.requireApiKey(null);
          }
        });
    URI closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/v1");
    }
    OpenAiUpstream unreachable =
        upstream(closedPort, 0, Duration.ofSeconds(1), Duration.ofSeconds(1));
    failing.add(unreachable::models);

    for (Supplier<Object> call : failing) {
      UpstreamException failure = assertThrows(UpstreamException.class, call::get);
      assertFalse(failure.getMessage().contains(API_KEY), failure.getMessage());
      assertFalse(failure.toString().contains(API_KEY));
      assertFalse(failure.headers().toString().contains(API_KEY));
    }
    assertFalse(upstream.toString().contains(API_KEY));
    assertFalse(UpstreamSettings.of(stub.baseUrl(), API_KEY).toString().contains(API_KEY));
  }

  @Test
  void failureMessagesNameNeitherTheProviderNorAnExceptionWhichTheDetailKeeps() throws Exception {
    OpenAiUpstream upstream = upstream(0, Duration.ofSeconds(1), Duration.ofSeconds(1));
    URI closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/v1");
    }
    OpenAiUpstream unreachable =
        upstream(closedPort, 0, Duration.ofSeconds(1), Duration.ofSeconds(1));
    Map<String, Supplier<Object>> failing = new java.util.LinkedHashMap<>();
    failing.put("unreachable", unreachable::models);
    failing.put(
        "slow",
        () -> {
          stub.failNext(StubOpenAiServer.hangBeforeFirstByte());
          return upstream.chatCompletion(WHOLE);
        });
    failing.put(
        "failing",
        () -> {
          stub.failNext(StubOpenAiServer.status(500));
          return upstream.chatCompletion(WHOLE);
        });
    failing.put(
        "unavailable",
        () -> {
          stub.failNext(StubOpenAiServer.status(503));
          return upstream.streamChatCompletion(STREAMED, received::add);
        });

    failing.put(
        "broken mid-stream",
        () -> {
          stub.failNext(StubOpenAiServer.disconnectAfterChunks(2));
          try (ChatStream stream = upstream.streamChatCompletion(STREAMED, received::add)) {
            return stream.await();
          }
        });

    for (Map.Entry<String, Supplier<Object>> call : failing.entrySet()) {
      UpstreamException failure = assertThrows(UpstreamException.class, call.getValue()::get);
      String message = failure.getMessage();
      String where = call.getKey() + ": " + message;
      assertTrue(message.startsWith("the provider"), where);
      assertFalse(message.contains("127.0.0.1"), where);
      assertFalse(message.contains(":" + closedPort.getPort()), where);
      assertFalse(message.contains(":" + stub.baseUrl().getPort()), where);
      assertFalse(message.contains("Exception"), where);
      assertFalse(message.contains("java."), where);
      String detail = failure.detail().orElseThrow();
      assertTrue(detail.contains("127.0.0.1"), call.getKey() + ": " + detail);
      assertTrue(failure.toString().contains(detail), failure.toString());
    }
  }

  @Test
  void refusedDestinationIsNeverConnectedToNorRetried() {
    DestinationPolicy noPrivateNetworks = DestinationPolicy.of("", false, List.of());
    OpenAiUpstream upstream =
        new OpenAiUpstream(
            new UpstreamSettings(
                stub.baseUrl(),
                API_KEY,
                Duration.ofSeconds(2),
                Duration.ofSeconds(2),
                Duration.ofSeconds(2),
                3,
                Duration.ofSeconds(1),
                Duration.ofSeconds(3)),
            noPrivateNetworks);
    upstreams.add(upstream);

    long started = System.nanoTime();
    UpstreamException refused = assertThrows(UpstreamException.class, upstream::models);

    assertEquals("upstream_unavailable", refused.code());
    assertEquals("the provider could not be reached", refused.getMessage());
    assertTrue(refused.detail().orElseThrow().contains("cannot connect"), refused.toString());
    assertTrue(refused.getCause() instanceof DestinationPolicy.DestinationRefusedException);
    assertEquals(0, stub.requestCount());
    assertTrue(Duration.ofNanos(System.nanoTime() - started).toMillis() < 900, "it was retried");
  }

  @Test
  void allowedDestinationIsCalledAsWithoutRules() {
    OpenAiUpstream upstream =
        new OpenAiUpstream(UpstreamSettings.of(stub.baseUrl(), API_KEY), DestinationPolicy.DEFAULT);
    upstreams.add(upstream);

    assertEquals(200, upstream.models().status());
  }
}
