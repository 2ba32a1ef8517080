package dev.mainspring.it;

import static dev.mainspring.it.PlatformIT.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mainspring.inference.service.upstream.StubOpenAiServer;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 15's REST surfaces of document A: the non-streamed chat (a message in, the agent's answer
 * out, in one request), pins and wishlists (saved messages, agents and prompts), whose items are
 * their user's own.
 */
class ChatSurfacesIT extends ApiTest {

  private static StubOpenAiServer stub;
  private static Accounts.Account owner;

  @AfterAll
  static void restore() throws Exception {
    if (stub != null) {
      stub.close();
      ModelPlatform.reactivateLocalDefault();
    }
  }

  @BeforeEach
  void platform() throws Exception {
    if (stub != null) {
      ModelPlatform.resetStub(stub);
      return;
    }
    stub = ModelPlatform.stubChatDeployment(Accounts.superadmin(anonymous), "chat", 50);
    owner = Accounts.withOrganization(anonymous, "chat-owner");
  }

  private static String thread(Http client) {
    Http.Reply made = client.post("api/threads", "{\"title\":\"surfaces\"}");
    assertEquals(201, made.status(), made.toString());
    return made.json().getString("thread_id");
  }

  @Test
  void restChatAnswersWithTheAgentsMessageInOneRequest() throws Exception {
    Http client = owner.http();
    Http.Reply first = client.post("api/chat", "{\"prompt\":\"Say hello\"}");
    assertEquals(200, first.status(), first.toString());
    JsonObject answer = first.json();
    assertEquals("Hello, world!", answer.getString("content"));
    assertEquals("completed", answer.getJsonObject("run").getString("status"));
    assertEquals("assistant", answer.getJsonObject("message").getString("role"));
    String threadId = answer.getString("thread_id");
    assertNotNull(answer.getString("project_id"));

    Http.Reply again =
        client.post("api/chat", "{\"prompt\":\"Once more\",\"thread_id\":\"" + threadId + "\"}");
    assertEquals(200, again.status(), again.toString());
    assertEquals(threadId, again.json().getString("thread_id"));
    assertNotEquals(
        answer.getJsonObject("run").getString("id"),
        again.json().getJsonObject("run").getString("id"));
    String messages = client.get("api/threads/" + threadId + "/messages").json().toString();
    assertTrue(messages.contains("Once more"), messages);

    // a run longer than the wait: 202 with the run as it is and where to follow it
    List<String> slow = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      slow.add("w" + i + " ");
    }
    stub.answer(slow);
    stub.chunkDelay(Duration.ofMillis(500));
    Http.Reply pending = client.post("api/chat", "{\"prompt\":\"slowly\",\"timeout_seconds\":1}");
    assertEquals(202, pending.status(), pending.toString());
    String runId = pending.json().getJsonObject("run").getString("id");
    assertTrue(pending.header("Location").endsWith("api/agent-run/" + runId));
    client.post("api/agent-run/" + runId + "/stop", "");

    assertProblem(client.post("api/chat", "{}"), 400, "prompt_required");
    assertProblem(
        client.post("api/chat", "{\"prompt\":\"x\",\"timeout_seconds\":0}"),
        400,
        "invalid_timeout_seconds");
    assertProblem(
        client.post("api/chat", "{\"prompt\":\"x\",\"thread_id\":5}"), 400, "invalid_thread_id");
    Accounts.Account stranger = Accounts.withOrganization(anonymous, "chat-stranger");
    assertProblem(
        stranger.http().post("api/chat", "{\"prompt\":\"x\",\"thread_id\":\"" + threadId + "\"}"),
        404,
        "thread_not_found");
    assertProblem(anonymous.post("api/chat", "{\"prompt\":\"x\"}"), 401, "unauthenticated");
  }

  @Test
  void pinsAreTheirUsersOwnAndTwoRacingPinsMakeOne() throws Exception {
    Http client = owner.http();
    String threadId = thread(client);
    assertEquals(201, client.put("api/pins/" + threadId, "").status());
    Http.Reply twice = client.put("api/pins/" + threadId, "");
    assertEquals(200, twice.status(), "pinning again changes nothing");

    String raced = thread(client);
    CompletableFuture<Http.Reply> a =
        CompletableFuture.supplyAsync(() -> client.put("api/pins/" + raced, ""));
    CompletableFuture<Http.Reply> b =
        CompletableFuture.supplyAsync(() -> client.put("api/pins/" + raced, ""));
    List<Integer> statuses = List.of(a.get().status(), b.get().status());
    assertTrue(statuses.contains(201) && statuses.contains(200), statuses.toString());

    JsonObject pins = client.get("api/pins").json();
    assertEquals(2, pins.getJsonArray("pins").size(), pins.toString());
    assertEquals(
        raced, pins.getJsonArray("pins").getJsonObject(0).getString("thread_id"), "newest first");
    assertEquals(
        "surfaces",
        pins.getJsonArray("pins").getJsonObject(0).getJsonObject("thread").getString("title"));
    JsonObject paged = client.get("api/pins?limit=1").json();
    assertEquals(1, paged.getJsonArray("pins").size());
    JsonObject rest =
        client.get("api/pins?limit=1&cursor=" + paged.getString("next_cursor")).json();
    assertEquals(threadId, rest.getJsonArray("pins").getJsonObject(0).getString("thread_id"));

    // another member of the organization sees none of them and cannot unpin them
    Accounts.Account colleague = Accounts.registered(anonymous, "chat-colleague");
    assertEquals(
        201,
        client
            .post(
                "api/orgs/" + owner.orgId() + "/members",
                "{\"email\":\"" + colleague.email() + "\",\"role\":\"member\"}")
            .status());
    Http theirs = colleague.http().withHeader("X-Org-Id", owner.orgId());
    assertEquals(0, theirs.get("api/pins").json().getJsonArray("pins").size());
    assertProblem(theirs.delete("api/pins/" + threadId), 404, "pin_not_found");
    // another organization cannot pin the thread at all
    Accounts.Account stranger = Accounts.withOrganization(anonymous, "chat-pin-stranger");
    assertProblem(stranger.http().put("api/pins/" + threadId, ""), 404, "thread_not_found");

    assertEquals(204, client.delete("api/pins/" + threadId).status());
    assertProblem(client.delete("api/pins/" + threadId), 404, "pin_not_found");
  }

  @Test
  void theWishlistKeepsMessagesAgentsAndPromptsWithETags() throws Exception {
    Http client = owner.http();
    String threadId = thread(client);
    String messageId =
        client
            .post("api/threads/" + threadId + "/messages", "{\"content\":\"keep this\"}")
            .json()
            .getString("message_id");
    Http.Reply message =
        client.post(
            "api/wishlist",
            "{\"kind\":\"message\",\"thread_id\":\""
                + threadId
                + "\",\"message_id\":\""
                + messageId
                + "\",\"note\":\"good one\"}");
    assertEquals(201, message.status(), message.toString());
    assertNotNull(message.header("ETag"));
    assertTrue(message.header("Location").endsWith(message.json().getString("id")));
    assertProblem(
        client.post(
            "api/wishlist",
            "{\"kind\":\"message\",\"thread_id\":\""
                + threadId
                + "\",\"message_id\":\""
                + messageId
                + "\"}"),
        409,
        "already_saved");

    String agentId =
        client
            .post("api/agents", "{\"name\":\"Saved\",\"instructions\":\"x\"}")
            .json()
            .getString("agent_id");
    assertEquals(
        201,
        client
            .post("api/wishlist", "{\"kind\":\"agent\",\"agent_id\":\"" + agentId + "\"}")
            .status());
    Http.Reply prompt =
        client.post(
            "api/wishlist",
            "{\"kind\":\"prompt\",\"prompt\":\"Summarize my week\",\"title\":\"Weekly\"}");
    assertEquals(201, prompt.status(), prompt.toString());
    String promptId = prompt.json().getString("id");

    assertEquals(3, client.get("api/wishlist").json().getJsonArray("items").size());
    JsonObject prompts = client.get("api/wishlist?kind=prompt").json();
    assertEquals(1, prompts.getJsonArray("items").size());
    assertEquals(
        "Summarize my week", prompts.getJsonArray("items").getJsonObject(0).getString("prompt"));

    String etag = client.get("api/wishlist/" + promptId).header("ETag");
    assertProblem(
        client.patch("api/wishlist/" + promptId, "{\"note\":\"n\"}", "If-Match", "\"99\""),
        412,
        "precondition_failed");
    Http.Reply changed =
        client.patch(
            "api/wishlist/" + promptId, "{\"prompt\":\"Summarize my month\"}", "If-Match", etag);
    assertEquals(200, changed.status(), changed.toString());
    assertNotEquals(etag, changed.header("ETag"));
    assertEquals("Summarize my month", changed.json().getString("prompt"));

    assertProblem(client.post("api/wishlist", "{\"kind\":\"song\"}"), 400, "invalid_kind");
    assertProblem(client.get("api/wishlist?kind=song"), 400, "invalid_kind");
    assertProblem(
        client.post("api/wishlist", "{\"kind\":\"prompt\",\"prompt\":\" \"}"),
        400,
        "validation_failed");
    assertProblem(client.post("api/wishlist", "{\"kind\":\"agent\"}"), 400, "validation_failed");
    assertProblem(
        client.post(
            "api/wishlist", "{\"kind\":\"agent\",\"agent_id\":\"" + UUID.randomUUID() + "\"}"),
        404,
        "agent_not_found");

    Accounts.Account stranger = Accounts.withOrganization(anonymous, "chat-wish-stranger");
    assertProblem(stranger.http().get("api/wishlist/" + promptId), 404, "saved_item_not_found");
    assertProblem(stranger.http().delete("api/wishlist/" + promptId), 404, "saved_item_not_found");
    assertProblem(
        stranger
            .http()
            .post(
                "api/wishlist",
                "{\"kind\":\"message\",\"thread_id\":\""
                    + threadId
                    + "\",\"message_id\":\""
                    + messageId
                    + "\"}"),
        404,
        "thread_not_found");
    assertEquals(0, stranger.http().get("api/wishlist").json().getJsonArray("items").size());

    assertEquals(204, client.delete("api/wishlist/" + promptId).status());
    assertProblem(client.get("api/wishlist/" + promptId), 404, "saved_item_not_found");
    assertEquals(2, client.get("api/wishlist").json().getJsonArray("items").size());
  }
}
