package dev.mainspring.it;

import static dev.mainspring.it.PlatformIT.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.errors.NotFoundException;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionFunctionTool;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import com.openai.models.models.Model;
import dev.mainspring.inference.service.upstream.StubOpenAiServer;
import jakarta.json.JsonObject;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The OpenAI-compatible gateway end to end: a superadmin saves a credential, configures a provider
 * (the protocol-faithful stub upstream on loopback), registers, validates and activates a model,
 * binds it with the built-in embeddings model into a deployment profile and activates it; then the
 * official OpenAI Java SDK, with a Mainspring API key, lists models, chats, streams, calls tools
 * and embeds, and every call is metered.
 */
class GatewayIT extends ApiTest {

  private static final String SECRET = "sk-stub-" + UUID.randomUUID();
  private static final String CHAT_MODEL = "chat-" + UUID.randomUUID().toString().substring(0, 8);
  private static final String EMBEDDING_MODEL = "all-minilm-l6-v2";

  private static StubOpenAiServer stub;
  private static String apiKey;
  private static String apiKeyId;
  private static String modelId;
  private static String providerId;
  private static String credentialId;
  private static String deploymentId;
  private static String embeddingsBinding;

  private Http superadmin() {
    return Accounts.superadmin(anonymous);
  }

  @BeforeEach
  void platform() throws Exception {
    if (stub != null) {
      stub.answer(List.of("Hello", ",", " world", "!"));
      stub.chunkDelay(Duration.ZERO);
      stub.reportUsage(true);
      return;
    }
    stub = StubOpenAiServer.start();
    stub.requireApiKey(SECRET);
    Http admin = superadmin();
    JsonObject credential =
        ModelPlatform.created(
            admin.post(
                "v1/modelops/credentials",
                "{\"name\":\"stub " + UUID.randomUUID() + "\",\"secret\":\"" + SECRET + "\"}"));
    credentialId = credential.getString("id");
    String ref = credential.getString("ref");
    providerId =
        ModelPlatform.provider(
            admin,
            "stub-" + CHAT_MODEL,
            stub.baseUrl(),
            ref,
            "{\"max_concurrency\":500,\"idle_timeout_ms\":5000}");
    modelId = ModelPlatform.activeChatModel(admin, CHAT_MODEL, providerId);

    JsonObject builtinProvider =
        ModelPlatform.ok(admin.get("v1/platform/providers")).getJsonArray("providers").stream()
            .map(JsonObject.class::cast)
            .filter(p -> "builtin-embeddings".equals(p.getString("slug")))
            .findFirst()
            .orElseThrow();
    String builtinModel =
        ModelPlatform.ok(admin.get("v1/modelops/models")).getJsonArray("models").stream()
            .map(JsonObject.class::cast)
            .filter(m -> EMBEDDING_MODEL.equals(m.getString("model_id")))
            .findFirst()
            .orElseThrow()
            .getString("id");
    embeddingsBinding =
        ModelPlatform.binding("embeddings", builtinProvider.getString("id"), builtinModel);
    deploymentId =
        ModelPlatform.activeDeployment(
            admin,
            "gw-" + CHAT_MODEL,
            ModelPlatform.binding("llm_inference", providerId, modelId),
            embeddingsBinding);

    JsonObject key =
        ModelPlatform.created(http.post("api-keys", "{\"name\":\"sdk\",\"scopes\":[\"*\"]}"));
    apiKey = key.getString("secret");
    apiKeyId = key.getString("id");
  }

  @AfterAll
  static void restore() throws Exception {
    if (stub != null) {
      stub.close();
    }
    ModelPlatform.reactivateLocalDefault();
  }

  private OpenAIClient sdk(String key) {
    return OpenAIOkHttpClient.builder()
        .apiKey(key)
        .baseUrl(base.toString() + "v1")
        .maxRetries(0)
        .timeout(Duration.ofSeconds(30))
        .build();
  }

  @Test
  void openAiSdkListsChatsStreamsAndEmbedsUnmodified() throws Exception {
    OpenAIClient client = sdk(apiKey);
    List<String> models = client.models().list().data().stream().map(Model::id).toList();
    assertTrue(models.contains(CHAT_MODEL), models.toString());
    assertTrue(models.contains(EMBEDDING_MODEL), models.toString());
    assertEquals(CHAT_MODEL, client.models().retrieve(CHAT_MODEL).id());

    ChatCompletionCreateParams params =
        ChatCompletionCreateParams.builder().model(CHAT_MODEL).addUserMessage("Say hi").build();
    ChatCompletion answer = client.chat().completions().create(params);
    assertEquals("Hello, world!", answer.choices().get(0).message().content().orElseThrow());
    assertEquals(4, answer.usage().orElseThrow().completionTokens());

    StringBuilder streamed = new StringBuilder();
    int chunks = 0;
    try (StreamResponse<ChatCompletionChunk> stream =
        client.chat().completions().createStreaming(params)) {
      for (ChatCompletionChunk chunk : (Iterable<ChatCompletionChunk>) stream.stream()::iterator) {
        chunks++;
        chunk.choices().forEach(c -> c.delta().content().ifPresent(streamed::append));
      }
    }
    assertEquals("Hello, world!", streamed.toString());
    assertTrue(chunks >= 5, "one chunk per piece, plus role and finish: " + chunks);

    CreateEmbeddingResponse embedded =
        client
            .embeddings()
            .create(
                EmbeddingCreateParams.builder()
                    .model(EMBEDDING_MODEL)
                    .input("A man is playing a guitar.")
                    .build());
    List<Float> vector = embedded.data().get(0).embedding();
    assertEquals(384, vector.size());
    double norm = Math.sqrt(vector.stream().mapToDouble(f -> f * f).sum());
    assertEquals(1.0, norm, 1e-3);

    List<String[]> metered = ModelPlatform.awaitUsage(apiKeyId, 3);
    assertTrue(metered.size() >= 3, "chat, stream and embeddings are metered: " + metered.size());
  }

  @Test
  void toolCallRoundTripThroughTheSdk() {
    OpenAIClient client = sdk(apiKey);
    ChatCompletionFunctionTool tool =
        ChatCompletionFunctionTool.builder()
            .function(
                FunctionDefinition.builder()
                    .name("search")
                    .parameters(
                        FunctionParameters.builder()
                            .putAdditionalProperty("type", JsonValue.from("object"))
                            .build())
                    .build())
            .build();
    ChatCompletionCreateParams ask =
        ChatCompletionCreateParams.builder()
            .model(CHAT_MODEL)
            .addUserMessage("Find stub")
            .addTool(tool)
            .build();
    ChatCompletion answer = client.chat().completions().create(ask);
    ChatCompletionMessageFunctionToolCall call =
        answer.choices().get(0).message().toolCalls().orElseThrow().get(0).asFunction();
    assertEquals("search", call.function().name());
    assertEquals("{\"q\": \"stub\"}", call.function().arguments());

    StringBuilder arguments = new StringBuilder();
    try (StreamResponse<ChatCompletionChunk> stream =
        client.chat().completions().createStreaming(ask)) {
      stream.stream()
          .forEach(
              chunk ->
                  chunk
                      .choices()
                      .forEach(
                          c ->
                              c.delta().toolCalls().stream()
                                  .flatMap(List::stream)
                                  .forEach(
                                      t ->
                                          t.function()
                                              .flatMap(f -> f.arguments())
                                              .ifPresent(arguments::append))));
    }
    assertEquals("{\"q\": \"stub\"}", arguments.toString());

    ChatCompletion followUp =
        client
            .chat()
            .completions()
            .create(
                ask.toBuilder()
                    .addMessage(answer.choices().get(0).message())
                    .addMessage(
                        ChatCompletionToolMessageParam.builder()
                            .toolCallId(call.id())
                            .content("stub results")
                            .build())
                    .tools(List.of())
                    .build());
    assertEquals("Hello, world!", followUp.choices().get(0).message().content().orElseThrow());
    String sent = stub.requestBodies().get(stub.requestBodies().size() - 1);
    assertTrue(sent.contains(call.id()) && sent.contains("stub results"), sent);
  }

  @Test
  void streamIsRelayedChunkByChunkAndEndsWithDone() throws Exception {
    stub.chunkDelay(Duration.ofMillis(150));
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(base + "v1/chat/completions"))
            .header("Authorization", "Bearer " + apiKey)
            .header("Content-Type", "application/json")
            .POST(
                BodyPublishers.ofString(
                    "{\"model\":\""
                        + CHAT_MODEL
                        + "\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
            .build();
    HttpResponse<InputStream> response =
        HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofInputStream());
    assertEquals(200, response.statusCode());
    assertTrue(
        response.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
    List<Long> arrivals = new ArrayList<>();
    StringBuilder wire = new StringBuilder();
    try (InputStream in = response.body()) {
      byte[] buffer = new byte[8192];
      int read;
      while ((read = in.read(buffer)) > 0) {
        arrivals.add(System.nanoTime());
        wire.append(new String(buffer, 0, read, StandardCharsets.UTF_8));
      }
    }
    String text = wire.toString();
    assertTrue(text.startsWith("data: {"), text);
    assertTrue(text.endsWith("data: [DONE]\n\n"), text);
    assertFalse(text.contains("\"usage\":{"), "the client did not ask for usage: " + text);
    assertTrue(
        Duration.ofNanos(arrivals.get(arrivals.size() - 1) - arrivals.get(0)).toMillis() >= 400,
        "chunks arrived as the upstream sent them, not at once: " + arrivals.size() + " reads");
  }

  /**
   * A request whose body the edge read in the background (the JDK client's h2c upgrade request
   * always is) may then take longer than the body deadline: the deadline covers the body, not the
   * answer. It once ran into the servlet container's async timeout, which answered 500.
   */
  @Test
  void aStreamOutlastingTheBodyDeadlineIsRelayedWhole() throws Exception {
    stub.answer(List.of("one", " two", " three", " four", " five", " six", " seven", " eight"));
    stub.chunkDelay(Duration.ofMillis(900)); // eight pieces: past the ITs' 5 s body deadline
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(base + "v1/chat/completions"))
            .header("Authorization", "Bearer " + apiKey)
            .header("Content-Type", "application/json")
            .POST(
                BodyPublishers.ofString(
                    "{\"model\":\""
                        + CHAT_MODEL
                        + "\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
            .build();
    long started = System.nanoTime();
    HttpResponse<String> response =
        HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode(), response.body());
    assertTrue(response.body().endsWith("data: [DONE]\n\n"), response.body());
    assertTrue(response.body().contains(" eight"), response.body());
    assertTrue(
        Duration.ofNanos(System.nanoTime() - started).toMillis() > 5000,
        "the answer took longer than the body deadline");
  }

  @Test
  void meteringIsExactUnderFiftyConcurrentStreamsWithDisconnects() throws Exception {
    JsonObject key =
        ModelPlatform.created(http.post("api-keys", "{\"name\":\"load\",\"scopes\":[\"*\"]}"));
    String secret = key.getString("secret");
    stub.answer(List.of("one", " two", " three", " four", " five", " six", " seven", " eight"));
    stub.chunkDelay(Duration.ofMillis(100));
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    ExecutorService pool = Executors.newFixedThreadPool(50);
    List<Future<Boolean>> results = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      boolean leave = i % 5 == 0;
      Callable<Boolean> stream =
          () -> {
            HttpRequest request =
                HttpRequest.newBuilder(URI.create(base + "v1/chat/completions"))
                    .header("Authorization", "Bearer " + secret)
                    .header("Content-Type", "application/json")
                    .POST(
                        BodyPublishers.ofString(
                            "{\"model\":\""
                                + CHAT_MODEL
                                + "\",\"stream\":true,"
                                + "\"messages\":[{\"role\":\"user\",\"content\":\"count to eight\"}]}"))
                    .build();
            if (leave) {
              leaveMidStream(secret);
              return false;
            }
            HttpResponse<InputStream> response =
                client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = response.body()) {
              String all = new String(in.readAllBytes(), StandardCharsets.UTF_8);
              return all.endsWith("data: [DONE]\n\n");
            }
          };
      results.add(pool.submit(stream));
    }
    int completed = 0;
    for (Future<Boolean> result : results) {
      if (result.get()) {
        completed++;
      }
    }
    pool.shutdown();
    assertEquals(40, completed);

    List<String[]> rows = ModelPlatform.awaitUsage(key.getString("id"), 50);
    assertEquals(50, rows.size(), "one usage record per call, no more, no less");
    List<String[]> done = rows.stream().filter(r -> r[0].equals("success")).toList();
    List<String[]> left = rows.stream().filter(r -> r[0].equals("client_disconnected")).toList();
    assertEquals(40, done.size(), rows.stream().map(r -> r[0]).collect(Collectors.joining(",")));
    assertEquals(10, left.size());
    for (String[] row : done) {
      assertEquals("3", row[1], "prompt tokens as the upstream counted them");
      assertEquals("8", row[2], "completion tokens as the upstream counted them");
      assertEquals("f", row[3], "reported, not estimated");
    }
    assertTrue(stub.awaitClientGone(Duration.ofSeconds(5)), "the upstream call was cancelled");
    for (String[] row : left) {
      assertEquals("t", row[3], "the upstream never reported usage for an abandoned stream");
      assertTrue(Integer.parseInt(row[2]) < 8, "only what was generated before the cancel");
    }
  }

  @Test
  void usageIsCountedWhenTheUpstreamReportsNone() throws Exception {
    stub.reportUsage(false);
    JsonObject key =
        ModelPlatform.created(http.post("api-keys", "{\"name\":\"count\",\"scopes\":[\"*\"]}"));
    Http client = anonymous.withHeader("Authorization", "Bearer " + key.getString("secret"));
    Http.Reply answer =
        client.post(
            "v1/chat/completions",
            "{\"model\":\""
                + CHAT_MODEL
                + "\",\"stream\":true,\"stream_options\":{\"include_usage\":true},"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Say hi\"}]}");
    assertEquals(200, answer.status());
    List<String[]> rows = ModelPlatform.awaitUsage(key.getString("id"), 1);
    assertEquals("success", rows.get(0)[0]);
    assertEquals("t", rows.get(0)[3], "estimated");
    assertTrue(Integer.parseInt(rows.get(0)[1]) > 0);
    assertEquals("4", rows.get(0)[2], "\"Hello, world!\" is 4 tokens of cl100k_base");

    Http.Reply whole =
        client.post(
            "v1/chat/completions",
            "{\"model\":\""
                + CHAT_MODEL
                + "\",\"messages\":[{\"role\":\"user\",\"content\":\"Say hi\"}]}");
    assertEquals(200, whole.status(), whole.toString());
    rows = ModelPlatform.awaitUsage(key.getString("id"), 2);
    assertEquals(2, rows.size());
    assertEquals("t", rows.get(1)[3], "a whole answer without usage is estimated too");
    assertEquals("4", rows.get(1)[2], "its message's text counted as the stream's was");
  }

  @Test
  void usageTheDatabaseRefusedForAWhileIsWrittenOnceItAcceptsAgain() throws Exception {
    JsonObject key =
        ModelPlatform.created(http.post("api-keys", "{\"name\":\"refused\",\"scopes\":[\"*\"]}"));
    Http client = anonymous.withHeader("Authorization", "Bearer " + key.getString("secret"));
    String grant = "grant insert on usage_records to " + System.getenv("DB_USER");
    try (Connection owner = TestDatabase.connect();
        Statement sql = owner.createStatement()) {
      sql.execute("revoke insert on usage_records from " + System.getenv("DB_USER"));
      try {
        for (int i = 0; i < 3; i++) {
          Http.Reply answer =
              client.post(
                  "v1/chat/completions",
                  "{\"model\":\""
                      + CHAT_MODEL
                      + "\",\"messages\":[{\"role\":\"user\",\"content\":\"call "
                      + i
                      + "\"}]}");
          assertEquals(200, answer.status(), "the client is not kept waiting: " + answer);
        }
        Thread.sleep(1000);
        assertEquals(0, ModelPlatform.usageOfKey(key.getString("id")).size(), "refused so far");
      } finally {
        sql.execute(grant);
      }
    }
    List<String[]> rows = ModelPlatform.awaitUsage(key.getString("id"), 3);
    assertEquals(3, rows.size(), "every call is metered once the database accepts again");
    Thread.sleep(1000);
    assertEquals(3, ModelPlatform.usageOfKey(key.getString("id")).size(), "and none twice");
  }

  @Test
  void errorsComeInOpenAiShape() {
    Http client = anonymous.withHeader("Authorization", "Bearer " + apiKey);
    Http.Reply unknown =
        client.post(
            "v1/chat/completions",
            "{\"model\":\"no-such-model\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");
    assertEquals(404, unknown.status());
    assertEquals("model_not_found", unknown.json().getJsonObject("error").getString("code"));
    assertEquals("not_found_error", unknown.json().getJsonObject("error").getString("type"));

    Http.Reply broken = client.post("v1/chat/completions", "{\"model\":");
    assertEquals(400, broken.status());
    assertEquals("invalid_json", broken.json().getJsonObject("error").getString("code"));

    Http.Reply empty =
        client.post("v1/chat/completions", "{\"model\":\"" + CHAT_MODEL + "\",\"messages\":[]}");
    assertEquals(400, empty.status());
    assertEquals("invalid_request_error", empty.json().getJsonObject("error").getString("type"));

    stub.failNext(StubOpenAiServer.rateLimited(30));
    Http.Reply limited =
        client.post(
            "v1/chat/completions",
            "{\"model\":\""
                + CHAT_MODEL
                + "\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");
    assertEquals(429, limited.status());
    assertEquals("30", limited.header("Retry-After"));
    assertEquals("rate_limit_error", limited.json().getJsonObject("error").getString("type"));

    stub.failNext(StubOpenAiServer.status(500));
    Http.Reply failed =
        client.post(
            "v1/chat/completions",
            "{\"model\":\""
                + CHAT_MODEL
                + "\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");
    assertEquals(502, failed.status());
    assertFalse(failed.text().contains(SECRET));

    Http.Reply anonymousCall = anonymous.get("v1/models");
    assertEquals(401, anonymousCall.status());
    assertEquals(
        "authentication_error", anonymousCall.json().getJsonObject("error").getString("type"));

    Http.Reply badOrganization = client.withHeader("X-Org-Id", "not-a-uuid").get("v1/models");
    assertEquals(400, badOrganization.status());
    JsonObject refusedByAuthentication = badOrganization.json().getJsonObject("error");
    assertEquals("invalid_org_id", refusedByAuthentication.getString("code"));
    assertEquals("invalid_request_error", refusedByAuthentication.getString("type"));

    Http.Reply otherOrganization =
        client.withHeader("X-Org-Id", UUID.randomUUID().toString()).get("v1/models");
    assertEquals(403, otherOrganization.status());
    assertEquals(
        "permission_error", otherOrganization.json().getJsonObject("error").getString("type"));

    Http.Reply wrongMethod = client.get("v1/chat/completions");
    assertEquals(405, wrongMethod.status());
    assertTrue(wrongMethod.header("Content-Type").startsWith("application/json"));
    assertEquals(
        "invalid_request_error", wrongMethod.json().getJsonObject("error").getString("type"));

    Http.Reply unknownPath = client.post("v1/chat/completions/extra", "{}");
    assertEquals(404, unknownPath.status());
    assertTrue(unknownPath.header("Content-Type").startsWith("application/problem+json"));

    assertThrows(
        NotFoundException.class,
        () -> sdk(apiKey).models().retrieve("no-such-model"),
        "the SDK understands our 404");
  }

  @Test
  void credentialsNeverLeaveTheServer() {
    Http admin = superadmin();
    for (String path :
        List.of(
            "v1/platform/providers",
            "v1/platform/providers/" + providerId,
            "v1/modelops/credentials",
            "v1/platform/deployments/" + deploymentId,
            "v1/runtime/profile")) {
      Http.Reply reply = admin.get(path);
      assertEquals(200, reply.status(), path);
      assertFalse(reply.text().contains(SECRET), path + " shows the secret");
    }
    assertProblem(
        admin.delete("v1/modelops/credentials/" + credentialId), 409, "credential_in_use");
    String authorization = stub.authorizations().get(stub.authorizations().size() - 1);
    assertEquals("Bearer " + SECRET, authorization, "the provider got the decrypted key");
  }

  @Test
  void sharingDecidesWhoMayUseAModel() {
    Http admin = superadmin();
    Accounts.Account other = Accounts.withOrganization(anonymous, "gateway-other");
    try {
      Http.Reply restricted =
          admin.send(
              "PUT",
              "v1/modelops/sharing",
              BodyPublishers.ofString(
                  "{\"model_id\":\""
                      + modelId
                      + "\",\"scope\":\"restricted\",\"grants\":[{\"organization_id\":\""
                      + other.orgId()
                      + "\",\"roles\":[\"admin\"]}]}"),
              "Content-Type",
              "application/json");
      assertEquals(200, restricted.status(), restricted.toString());
      awaitSnapshot();
      Http mine = anonymous.withHeader("Authorization", "Bearer " + apiKey);
      Http.Reply refused =
          mine.post(
              "v1/chat/completions",
              "{\"model\":\""
                  + CHAT_MODEL
                  + "\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");
      assertEquals(404, refused.status());
      assertFalse(mine.get("v1/models").text().contains(CHAT_MODEL));
      assertFalse(http.get("api/models/available").text().contains(CHAT_MODEL));

      Http.Reply theirs =
          other
              .http()
              .post(
                  "v1/chat/completions",
                  "{\"model\":\""
                      + CHAT_MODEL
                      + "\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");
      assertEquals(200, theirs.status(), theirs.toString());

      // A member's key follows the member's role at once, though verified keys are remembered.
      Accounts.Account member = Accounts.registered(anonymous, "gateway-member");
      String memberPath = "api/orgs/" + other.orgId() + "/members/" + member.userId();
      assertEquals(
          201,
          other
              .http()
              .post(
                  "api/orgs/" + other.orgId() + "/members",
                  "{\"email\":\"" + member.email() + "\",\"role\":\"member\"}")
              .status());
      String memberKey =
          member
              .http()
              .withHeader("X-Org-Id", other.orgId())
              .post("api-keys", "{\"name\":\"member key\",\"scopes\":[\"*\"]}")
              .json()
              .getString("secret");
      Http asMember = anonymous.withHeader("Authorization", "Bearer " + memberKey);
      assertFalse(asMember.get("v1/models").text().contains(CHAT_MODEL), "members are not granted");
      assertEquals(200, other.http().patch(memberPath, "{\"role\":\"admin\"}").status());
      assertTrue(
          asMember.get("v1/models").text().contains(CHAT_MODEL), "promoted: granted at once");
      assertEquals(200, other.http().patch(memberPath, "{\"role\":\"member\"}").status());
      assertFalse(
          asMember.get("v1/models").text().contains(CHAT_MODEL), "demoted: refused at once");
    } finally {
      admin.send(
          "PUT",
          "v1/modelops/sharing",
          BodyPublishers.ofString("{\"model_id\":\"" + modelId + "\",\"scope\":\"everyone\"}"),
          "Content-Type",
          "application/json");
      awaitSnapshot();
    }
  }

  @Test
  void userSettingsChooseTheDefaultModelAndAreValidated() {
    JsonObject available = ModelPlatform.ok(http.get("api/models/available"));
    assertTrue(available.getInt("total_models") >= 2);
    assertTrue(
        available.toString().contains("\"id\":\"" + CHAT_MODEL + "\""), available.toString());

    assertProblem(
        http.send(
            "PUT",
            "api/settings/models",
            BodyPublishers.ofString("{\"default_model\":\"no-such-model\"}"),
            "Content-Type",
            "application/json"),
        400,
        "model_not_available");
    assertEquals(
        400,
        http.send(
                "PUT",
                "api/settings/models",
                BodyPublishers.ofString("{\"temperature\":7}"),
                "Content-Type",
                "application/json")
            .status());
    JsonObject saved =
        ModelPlatform.ok(
            http.send(
                "PUT",
                "api/settings/models",
                BodyPublishers.ofString(
                    "{\"default_model\":\"" + CHAT_MODEL + "\",\"temperature\":0.2}"),
                "Content-Type",
                "application/json"));
    assertEquals(CHAT_MODEL, saved.getString("default_model"));
    assertEquals(
        CHAT_MODEL, ModelPlatform.ok(http.get("api/settings/models")).getString("default_model"));

    Http.Reply answer =
        http.post("v1/chat/completions", "{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");
    assertEquals(200, answer.status(), answer.toString());
    String sent = stub.requestBodies().get(stub.requestBodies().size() - 1);
    assertTrue(sent.contains("\"model\":\"stub-model\""), sent);
    assertTrue(sent.contains("\"temperature\":0.2"), sent);
  }

  @Test
  void directInferenceAndGenerateAnswerInMainspringShape() {
    JsonObject inference =
        ModelPlatform.ok(
            http.post(
                "v1/models/inference",
                "{\"model\":\""
                    + CHAT_MODEL
                    + "\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}"));
    assertEquals("Hello, world!", inference.getString("output"));
    assertEquals(CHAT_MODEL, inference.getString("model"));
    JsonObject generated =
        ModelPlatform.ok(
            http.post("v1/models/generate", "{\"model\":\"" + CHAT_MODEL + "\",\"prompt\":\"x\"}"));
    assertEquals("Hello, world!", generated.getString("output"));
    assertEquals("stop", generated.getString("finish_reason"));
    assertProblem(http.post("v1/models/generate", "{\"prompt\":\"\"}"), 400, "invalid_prompt");
  }

  @Test
  void modelsNamedInferenceAndGenerateAreReadLikeAnyOther() {
    Http admin = superadmin();
    String inference = ModelPlatform.activeChatModel(admin, "inference", providerId);
    String generate = ModelPlatform.activeChatModel(admin, "generate", providerId);
    ModelPlatform.activeDeployment(
        admin,
        "gw-names-" + CHAT_MODEL,
        "{\"capability\":\"llm_inference\",\"provider_id\":\""
            + providerId
            + "\",\"resources\":[\""
            + String.join("\",\"", modelId, inference, generate)
            + "\"],\"default_resource_id\":\""
            + modelId
            + "\"}",
        embeddingsBinding);
    try {
      OpenAIClient client = sdk(apiKey);
      assertEquals("inference", client.models().retrieve("inference").id());
      assertEquals("generate", client.models().retrieve("generate").id());
      JsonObject answered =
          ModelPlatform.ok(
              http.post("v1/models/inference", "{\"model\":\"inference\",\"prompt\":\"x\"}"));
      assertEquals("inference", answered.getString("model"));
      assertEquals("Hello, world!", answered.getString("output"));
    } finally {
      ModelPlatform.ok(admin.post("v1/platform/deployments/" + deploymentId + "/activate", "{}"));
    }
  }

  @Test
  void invalidEmbeddingRequestsDoNotOpenTheProvidersBreaker() {
    Http client = anonymous.withHeader("Authorization", "Bearer " + apiKey);
    for (int i = 0; i < 8; i++) {
      Http.Reply refused =
          client.post(
              "v1/embeddings",
              "{\"model\":\"" + EMBEDDING_MODEL + "\",\"input\":\"x\",\"encoding_format\":1}");
      assertEquals(400, refused.status(), refused.toString());
    }
    Http.Reply embedded =
        client.post("v1/embeddings", "{\"model\":\"" + EMBEDDING_MODEL + "\",\"input\":\"x\"}");
    assertEquals(200, embedded.status(), embedded.toString());
  }

  /**
   * Starts a stream over a plain socket, reads until the first chunk arrived, then resets the
   * connection, as a browser tab that is closed does.
   */
  private void leaveMidStream(String secret) throws Exception {
    String body =
        "{\"model\":\""
            + CHAT_MODEL
            + "\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"count to eight\"}]}";
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    try (Socket socket = new Socket(base.getHost(), base.getPort())) {
      socket.setSoLinger(true, 0);
      socket
          .getOutputStream()
          .write(
              ("POST "
                      + base.getPath()
                      + "v1/chat/completions HTTP/1.1\r\nHost: "
                      + base.getHost()
                      + "\r\nAuthorization: Bearer "
                      + secret
                      + "\r\nContent-Type: application/json\r\nContent-Length: "
                      + bytes.length
                      + "\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().write(bytes);
      socket.getOutputStream().flush();
      InputStream in = socket.getInputStream();
      StringBuilder seen = new StringBuilder();
      byte[] buffer = new byte[1024];
      while (!seen.toString().contains("data: {")) {
        int read = in.read(buffer);
        if (read < 0) {
          break;
        }
        seen.append(new String(buffer, 0, read, StandardCharsets.US_ASCII));
      }
    } // SO_LINGER 0: the close resets the connection
  }

  /** Sharing changes reach the gateway's snapshot at once on this instance; allow a moment. */
  private static void awaitSnapshot() {
    try {
      Thread.sleep(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
