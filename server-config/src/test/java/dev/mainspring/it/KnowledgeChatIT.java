package dev.mainspring.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mainspring.inference.service.upstream.StubOpenAiServer;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An agent answers from a knowledge base bound to the active deployment: the model (a loopback
 * stub) calls {@code knowledge_search}, the run searches the bound knowledge base (built-in
 * embeddings and vector store, and keywords) and the model is told the passages with what to cite.
 * Puts the seeded local-default deployment back in charge when done.
 */
class KnowledgeChatIT extends ApiTest {

  private static final String KBS = "v1/context/knowledge-bases";

  private static StubOpenAiServer stub;
  private static Http admin;
  private static String knowledgeBase;
  private static String unbound;
  private static Accounts.Account owner;

  @AfterAll
  static void restore() throws Exception {
    if (stub != null) {
      stub.close();
      ModelPlatform.reactivateLocalDefault();
      admin.delete(KBS + "/" + knowledgeBase);
      admin.delete(KBS + "/" + unbound);
    }
  }

  @BeforeEach
  void platform() throws Exception {
    if (stub != null) {
      stub.clearScript();
      stub.converse(true);
      stub.answer(List.of("The code is 7-4-1 [1]."));
      return;
    }
    admin = Accounts.superadmin(anonymous);
    String tag = UUID.randomUUID().toString().substring(0, 8);
    JsonObject embeddings =
        http.get("v1/context/vectorization-options")
            .json()
            .getJsonArray("embeddings_targets")
            .getJsonObject(0);
    String embeddingsProvider = embeddings.getString("provider_id");
    String embeddingsModel = embeddings.getJsonArray("resources").getJsonObject(0).getString("id");
    String store = builtinStore();
    knowledgeBase = knowledgeBase("handbook-" + tag, store, embeddingsProvider, embeddingsModel);
    unbound = knowledgeBase("elsewhere-" + tag, store, embeddingsProvider, embeddingsModel);
    document(
        knowledgeBase,
        "Apollo handbook",
        "handbook/apollo.md",
        "The launch code of project Apollo is 7-4-1. Only the flight director may use it.");
    document(
        knowledgeBase,
        "Canteen",
        "handbook/canteen.md",
        "The canteen serves soup on Mondays and pasta on Fridays.");
    document(unbound, "Secret", null, "The launch code of project Apollo is 9-9-9.");

    stub = StubOpenAiServer.start();
    stub.converse(true);
    stub.answer(List.of("The code is 7-4-1 [1]."));
    String provider = ModelPlatform.provider(admin, "stub-kc-" + tag, stub.baseUrl(), null, "{}");
    String chat = ModelPlatform.activeChatModel(admin, "kc-chat-" + tag, provider);
    ModelPlatform.activeDeployment(
        admin,
        "kc-" + tag,
        ModelPlatform.binding("llm_inference", provider, chat),
        ModelPlatform.binding("embeddings", embeddingsProvider, embeddingsModel),
        "{\"capability\":\"vector_store\",\"provider_id\":\""
            + store
            + "\",\"resources\":[\""
            + knowledgeBase
            + "\"]}");
    Thread.sleep(300);
    owner = Accounts.withOrganization(anonymous, "kc-owner");
  }

  @Test
  void anAgentAnswersFromTheBoundKnowledgeBaseWithWhatToCite() throws Exception {
    Http client = owner.http();
    String agent = agent(client);
    stub.callNext(
        new StubOpenAiServer.ScriptedCall(
            "call_k1", "knowledge_search", "{\"query\":\"What is the Apollo launch code?\"}"));
    JsonObject run = run(client, agent, "What is the Apollo launch code?");
    assertEquals("completed", run.getString("status"), run.toString());

    String toldTheModel = stub.requestBodies().get(stub.requestBodies().size() - 1);
    assertTrue(toldTheModel.contains("7-4-1"), toldTheModel);
    assertTrue(toldTheModel.contains("Apollo handbook"), toldTheModel);
    assertTrue(toldTheModel.contains("handbook/apollo.md"), toldTheModel);
    assertTrue(toldTheModel.contains("[1]"), toldTheModel);
    assertFalse(toldTheModel.contains("9-9-9"), "an unbound knowledge base is not searched");
    if (toldTheModel.contains("canteen")) {
      assertTrue(
          toldTheModel.indexOf("7-4-1") < toldTheModel.indexOf("canteen"),
          "the passage that answers comes first: " + toldTheModel);
    }
  }

  @Test
  void aKnowledgeBaseThatIsNotBoundCannotBeNamed() throws Exception {
    Http client = owner.http();
    String agent = agent(client);
    stub.callNext(
        new StubOpenAiServer.ScriptedCall(
            "call_k2",
            "knowledge_search",
            Json.createObjectBuilder()
                .add("query", "launch code")
                .add("knowledge_base_id", unbound)
                .build()
                .toString()));
    JsonObject run = run(client, agent, "Look elsewhere");
    assertEquals("completed", run.getString("status"), run.toString());
    String toldTheModel = stub.requestBodies().get(stub.requestBodies().size() - 1);
    assertTrue(toldTheModel.contains("is not bound here"), toldTheModel);
    assertFalse(toldTheModel.contains("9-9-9"), toldTheModel);
  }

  @Test
  void aKnowledgePlaygroundSessionAnswersWithKnowledgeChatFromItsOwnBase() throws Exception {
    Http client = owner.http();
    JsonObject options = client.get("v1/playgrounds/options").json();
    String bases = options.getJsonArray("knowledge_bases").toString();
    assertTrue(bases.contains(knowledgeBase), bases);
    assertFalse(bases.contains(unbound), bases);
    PlatformIT.assertProblem(
        client.post(
            "v1/playgrounds/sessions",
            "{\"playground_kind\":\"knowledge\",\"knowledge_binding\":{\"knowledge_base_id\":\""
                + unbound
                + "\"}}"),
        409,
        "knowledge_base_not_bound");
    Http.Reply made =
        client.post(
            "v1/playgrounds/sessions",
            "{\"playground_kind\":\"knowledge\",\"knowledge_binding\":{\"knowledge_base_id\":\""
                + knowledgeBase
                + "\"}}");
    assertEquals(201, made.status(), made.toString());
    assertEquals("agent.knowledge_chat", made.json().getString("assistant_ref"));

    // the model names another base; the session's binding decides where the search looks
    stub.callNext(
        new StubOpenAiServer.ScriptedCall(
            "call_k3",
            "knowledge_search",
            Json.createObjectBuilder()
                .add("query", "Apollo launch code")
                .add("knowledge_base_id", unbound)
                .build()
                .toString()));
    Http.Reply answered =
        client.post(
            "v1/playgrounds/sessions/" + made.json().getString("id") + "/messages",
            "{\"content\":\"What is the Apollo launch code?\"}");
    assertEquals(200, answered.status(), answered.toString());
    assertEquals(
        "The code is 7-4-1 [1].", answered.json().getJsonObject("message").getString("content"));
    String toldTheModel = stub.requestBodies().get(stub.requestBodies().size() - 1);
    assertTrue(toldTheModel.contains("7-4-1"), toldTheModel);
    assertTrue(toldTheModel.contains("Apollo handbook"), toldTheModel);
    assertFalse(toldTheModel.contains("9-9-9"), toldTheModel);
    // (the search ran: a tool the agent was not offered would have been refused, not run)
  }

  private static String agent(Http client) {
    Http.Reply made =
        client.post(
            "api/agents",
            "{\"name\":\"Librarian\",\"instructions\":\"Answer from the knowledge base and cite.\","
                + "\"tools\":[\"knowledge_search\"],\"tools_needing_approval\":[],"
                + "\"step_limit\":4}");
    assertEquals(201, made.status(), made.toString());
    return made.json().getString("agent_id");
  }

  private static JsonObject run(Http client, String agent, String prompt) throws Exception {
    Http.Reply thread = client.post("api/threads", "{\"title\":\"kb chat\"}");
    assertEquals(201, thread.status(), thread.toString());
    Http.Reply started =
        client.post(
            "api/thread/" + thread.json().getString("thread_id") + "/agent/start",
            Json.createObjectBuilder()
                .add("prompt", prompt)
                .add("agent_id", agent)
                .build()
                .toString());
    assertEquals(200, started.status(), started.toString());
    String runId = started.json().getString("agent_run_id");
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    JsonObject run = null;
    while (System.nanoTime() < deadline) {
      run = client.get("api/agent-run/" + runId).json();
      String status = run.getString("status");
      if (status.equals("completed") || status.equals("failed")) {
        return run;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("run " + runId + " did not end: " + run);
  }

  private String builtinStore() {
    return admin.get("v1/platform/providers").json().getJsonArray("providers").stream()
        .map(JsonObject.class::cast)
        .filter(p -> "builtin-vector-store".equals(p.getString("slug")))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no seeded builtin-vector-store provider"))
        .getString("id");
  }

  private static String knowledgeBase(String slug, String store, String provider, String model) {
    Http.Reply created =
        admin.post(
            KBS,
            Json.createObjectBuilder()
                .add("slug", slug)
                .add("display_name", slug)
                .add("provider_id", store)
                .add(
                    "chunking",
                    Json.createObjectBuilder()
                        .add("strategy", "fixed_length")
                        .add("chunk_length", 64)
                        .add("chunk_overlap", 8))
                .add(
                    "vectorization",
                    Json.createObjectBuilder()
                        .add("mode", "vanessa_embeddings")
                        .add("embeddings_provider_id", provider)
                        .add("embeddings_resource_id", model))
                .build()
                .toString());
    assertEquals(201, created.status(), created.toString());
    return created.json().getString("id");
  }

  private static void document(String kb, String title, String path, String text) {
    var body = Json.createObjectBuilder().add("title", title).add("text", text);
    if (path != null) {
      body.add("source_path", path);
    }
    Http.Reply created = admin.post(KBS + "/" + kb + "/documents", body.build().toString());
    assertEquals(201, created.status(), created.toString());
  }
}
