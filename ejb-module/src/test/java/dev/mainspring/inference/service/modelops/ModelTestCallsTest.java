package dev.mainspring.inference.service.modelops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mainspring.inference.service.upstream.OpenAiUpstream;
import dev.mainspring.inference.service.upstream.StubOpenAiServer;
import dev.mainspring.inference.service.upstream.UpstreamSettings;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.ServerSocket;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ModelTestCallsTest {

  @Test
  void chatTestSendsAShortCompletionAndKeepsTheFirstChoice() throws Exception {
    try (StubOpenAiServer stub = StubOpenAiServer.start();
        OpenAiUpstream upstream = new OpenAiUpstream(UpstreamSettings.of(stub.baseUrl(), null))) {
      stub.answer(List.of("Hello", " there"));

      ModelTestCalls.Answer answer =
          ModelTestCalls.run(upstream, "llm_inference", "stub-model", "Say hello.");

      assertEquals("Hello there", answer.output());
      assertNull(answer.error());
      JsonObject sent =
          Json.createReader(new StringReader(stub.requestBodies().get(0))).readObject();
      assertEquals("stub-model", sent.getString("model"));
      assertEquals(64, sent.getInt("max_tokens"));
      assertEquals(
          "Say hello.", sent.getJsonArray("messages").getJsonObject(0).getString("content"));
    }
  }

  @Test
  void embeddingsTestReportsTheDimensions() throws Exception {
    try (StubOpenAiServer stub = StubOpenAiServer.start();
        OpenAiUpstream upstream = new OpenAiUpstream(UpstreamSettings.of(stub.baseUrl(), null))) {
      ModelTestCalls.Answer answer = ModelTestCalls.run(upstream, "embeddings", "e", "text");
      assertEquals(StubOpenAiServer.EMBEDDING_DIMENSIONS + " dimensions", answer.output());
    }
  }

  @Test
  void failingProviderBecomesTheError() throws Exception {
    try (StubOpenAiServer stub = StubOpenAiServer.start();
        OpenAiUpstream upstream =
            new OpenAiUpstream(UpstreamSettings.of(stub.baseUrl(), "sk-secret"))) {
      stub.failNext(StubOpenAiServer.status(500));
      ModelTestCalls.Answer answer = ModelTestCalls.run(upstream, "llm_inference", "m", "hi");
      assertNull(answer.output());
      assertEquals("the provider answered HTTP 500", answer.error());
      assertTrue(answer.detail().contains(stub.baseUrl().toString()), answer.detail());
      assertFalse(answer.detail().contains("sk-secret"), answer.detail());
    }
  }

  @Test
  void unreachableProviderIsAPlainErrorWhoseDetailNamesIt() throws Exception {
    URI closed;
    try (ServerSocket socket = new ServerSocket(0)) {
      closed = URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/v1");
    }
    try (OpenAiUpstream upstream = new OpenAiUpstream(UpstreamSettings.of(closed, null))) {
      ModelTestCalls.Answer answer = ModelTestCalls.run(upstream, "llm_inference", "m", "hi");

      assertEquals("the provider could not be reached", answer.error());
      assertTrue(answer.detail().contains(closed.toString()), answer.detail());
      assertTrue(answer.detail().contains("ConnectException"), answer.detail());
    }
  }

  @Test
  void answersOfTheWrongShapeHaveNoOutput() {
    assertEquals(Optional.empty(), ModelTestCalls.chatOutput(""));
    assertEquals(Optional.empty(), ModelTestCalls.chatOutput("[1]"));
    assertEquals(Optional.empty(), ModelTestCalls.chatOutput("{\"choices\":[]}"));
    assertEquals(
        Optional.empty(),
        ModelTestCalls.chatOutput("{\"choices\":[{\"message\":{\"content\":null}}]}"));
    assertEquals(Optional.empty(), ModelTestCalls.embeddingsOutput("{\"data\":[{}]}"));
  }
}
