package dev.mainspring.it;

import static dev.mainspring.it.PlatformIT.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Issue 15's long-poll realtime API (document B): a queue per user, polled with a cursor, answered
 * at once when events wait and as soon as one comes otherwise; nothing lost or doubled under
 * concurrent writers; nothing of another organization or user.
 */
class RealtimeIT extends ApiTest {

  private static String thread(Http client) {
    Http.Reply made = client.post("api/threads", "{\"title\":\"realtime\"}");
    assertEquals(201, made.status(), made.toString());
    return made.json().getString("thread_id");
  }

  private static JsonObject register(Http client) {
    Http.Reply made = client.post("realtime/queues", "");
    assertEquals(201, made.status(), made.toString());
    assertTrue(made.header("Location").endsWith(made.json().getString("queue_id")));
    return made.json();
  }

  private static JsonObject poll(Http client, String queue, String cursor, String more) {
    Http.Reply got =
        client.get(
            "realtime/queues/"
                + queue
                + "/events?cursor="
                + cursor
                + (more == null ? "" : "&" + more));
    assertEquals(200, got.status(), got.toString());
    return got.json();
  }

  private static void post(Http client, String threadId, String text) {
    Http.Reply posted =
        client.post("api/threads/" + threadId + "/messages", "{\"content\":\"" + text + "\"}");
    assertEquals(201, posted.status(), posted.toString());
  }

  @Test
  void aPollAnswersEmptyAfterItsTimeoutAndAtOnceWhenAnEventComes() throws Exception {
    Accounts.Account owner = Accounts.withOrganization(anonymous, "rt-wait");
    Http client = owner.http();
    String threadId = thread(client);
    JsonObject queue = register(client);
    String id = queue.getString("queue_id");
    String cursor = queue.getString("cursor");

    long asked = System.nanoTime();
    JsonObject empty = poll(client, id, cursor, "timeout=1");
    long tookMillis = (System.nanoTime() - asked) / 1_000_000;
    assertTrue(empty.getJsonArray("events").isEmpty(), empty.toString());
    assertEquals(cursor, empty.getString("cursor"), "no event, same cursor");
    assertTrue(tookMillis >= 900, "waited its timeout: " + tookMillis + " ms");

    CompletableFuture<JsonObject> waiting =
        CompletableFuture.supplyAsync(() -> poll(client, id, cursor, "timeout=30"));
    Thread.sleep(700);
    assertFalse(waiting.isDone(), "the poll waits while nothing happens");
    long posted = System.nanoTime();
    post(client, threadId, "wake up");
    JsonObject woken = waiting.get(10, TimeUnit.SECONDS);
    long latencyMillis = (System.nanoTime() - posted) / 1_000_000;
    assertTrue(latencyMillis < 5_000, "answered as the event came: " + latencyMillis + " ms");
    JsonObject event = woken.getJsonArray("events").getJsonObject(0);
    assertEquals("message.created", event.getString("type"));
    assertEquals("thread:" + threadId, event.getString("stream"));
    assertTrue(event.getJsonObject("data").toString().contains("wake up"));
    assertEquals(event.getString("cursor"), woken.getString("cursor"));

    // polled again with the new cursor: nothing of the same event again
    JsonObject after = poll(client, id, woken.getString("cursor"), "timeout=0");
    assertTrue(after.getJsonArray("events").isEmpty(), after.toString());
  }

  @Test
  void concurrentWritersLoseNothingAndAPollerGetsEachEventOnce() throws Exception {
    Accounts.Account owner = Accounts.withOrganization(anonymous, "rt-race");
    Http client = owner.http();
    List<String> threads = List.of(thread(client), thread(client), thread(client));
    JsonObject queue = register(client);
    String id = queue.getString("queue_id");

    int writers = 8;
    int each = 10;
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    List<Future<?>> writes = new ArrayList<>();
    for (int w = 0; w < writers; w++) {
      int writer = w;
      writes.add(
          pool.submit(
              () -> {
                for (int i = 0; i < each; i++) {
                  post(client, threads.get((writer + i) % threads.size()), "w" + writer + "-" + i);
                }
              }));
    }
    // poll in small pages while the writers write
    Set<String> seen = new HashSet<>();
    List<String> texts = new ArrayList<>();
    String cursor = queue.getString("cursor");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (texts.size() < writers * each && System.nanoTime() < deadline) {
      JsonObject page = poll(client, id, cursor, "timeout=5&limit=7");
      for (JsonObject e : page.getJsonArray("events").getValuesAs(JsonObject.class)) {
        assertTrue(
            seen.add(e.getString("stream") + "#" + e.getJsonNumber("sequence")),
            "each event once: " + e);
        if ("message.created".equals(e.getString("type"))) {
          texts.add(e.getJsonObject("data").getJsonObject("message").toString());
        }
      }
      cursor = page.getString("cursor");
    }
    for (Future<?> f : writes) {
      f.get(60, TimeUnit.SECONDS);
    }
    pool.shutdown();
    assertEquals(writers * each, texts.size(), "every message created, once: " + texts.size());
    for (int w = 0; w < writers; w++) {
      for (int i = 0; i < each; i++) {
        String text = "w" + w + "-" + i;
        assertTrue(texts.stream().anyMatch(t -> t.contains("\"" + text + "\"")), text);
      }
    }
    // per stream, in sequence order
    for (String t : threads) {
      List<Long> sequences =
          seen.stream()
              .filter(s -> s.startsWith("thread:" + t + "#"))
              .map(s -> Long.parseLong(s.substring(s.indexOf('#') + 1)))
              .sorted()
              .toList();
      for (int i = 0; i < sequences.size(); i++) {
        assertEquals(sequences.get(0) + i, sequences.get(i), "gapless per stream");
      }
    }
  }

  /**
   * Two users of two organizations poll, alternately through this instance and a second one, while
   * messages are written and edited through both: each gets exactly their own organization's
   * events, each once and in order per stream, whichever instance wrote or answered.
   */
  @Test
  void twoOrganizationsPollAcrossTwoInstancesAndEachGetsItsOwnEventsOnce() throws Exception {
    Accounts.Account alice = Accounts.withOrganization(anonymous, "rt-alice");
    Accounts.Account bob = Accounts.withOrganization(anonymous, "rt-bob");
    try (SecondInstance second = SecondInstance.start("realtime")) {
      Http aliceThere = second.http().withHeader("Authorization", "Bearer " + alice.token());
      Http bobThere = second.http().withHeader("Authorization", "Bearer " + bob.token());
      JsonObject aliceQueue = register(alice.http());
      JsonObject bobQueue = register(bobThere);
      String aliceThread = thread(alice.http());
      String bobThread = thread(bobThere);
      int each = 6;
      for (int i = 0; i < each; i++) {
        post(i % 2 == 0 ? alice.http() : aliceThere, aliceThread, "alice-" + i);
        post(i % 2 == 0 ? bobThere : bob.http(), bobThread, "bob-" + i);
      }
      // an edit through the other instance is an event too
      String edited =
          alice
              .http()
              .get("api/threads/" + aliceThread + "/messages")
              .json()
              .getJsonArray("messages")
              .getJsonObject(0)
              .getString("message_id");
      Http.Reply edit =
          aliceThere.patch(
              "api/threads/" + aliceThread + "/messages/" + edited,
              "{\"content\":\"alice-edited\"}");
      assertEquals(200, edit.status(), edit.toString());

      List<JsonObject> aliceGot =
          drain(List.of(alice.http(), aliceThere), aliceQueue, "alice-edited", each + 1);
      List<JsonObject> bobGot = drain(List.of(bobThere, bob.http()), bobQueue, "bob-5", each);
      for (JsonObject e : aliceGot) {
        assertFalse(e.toString().contains("bob-"), "nothing of the other organization: " + e);
      }
      for (JsonObject e : bobGot) {
        assertFalse(e.toString().contains("alice-"), "nothing of the other organization: " + e);
      }
      assertEquals(
          each, bobGot.stream().filter(e -> "message.created".equals(e.getString("type"))).count());
      assertEquals(
          each,
          aliceGot.stream().filter(e -> "message.created".equals(e.getString("type"))).count());
      assertTrue(aliceGot.stream().anyMatch(e -> e.toString().contains("alice-edited")));
    }
  }

  /**
   * Polls the queue through the clients in turn until an event contains {@code last} and at least
   * {@code atLeast} events came; checks each came once, in order per stream.
   */
  private static List<JsonObject> drain(
      List<Http> clients, JsonObject queue, String last, int atLeast) {
    String id = queue.getString("queue_id");
    String cursor = queue.getString("cursor");
    List<JsonObject> got = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    java.util.Map<String, Long> lastSequence = new java.util.HashMap<>();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    int turn = 0;
    while ((got.size() < atLeast || got.stream().noneMatch(e -> e.toString().contains(last)))
        && System.nanoTime() < deadline) {
      JsonObject page = poll(clients.get(turn++ % clients.size()), id, cursor, "timeout=5&limit=3");
      for (JsonObject e : page.getJsonArray("events").getValuesAs(JsonObject.class)) {
        String stream = e.getString("stream");
        long sequence = e.getJsonNumber("sequence").longValue();
        assertTrue(seen.add(stream + "#" + sequence), "each event once: " + e);
        Long before = lastSequence.put(stream, sequence);
        assertTrue(before == null || before < sequence, "in order per stream: " + e);
        got.add(e);
      }
      cursor = page.getString("cursor");
    }
    assertTrue(got.stream().anyMatch(e -> e.toString().contains(last)), "saw " + last + ": " + got);
    return got;
  }

  @Test
  void aQueueIsItsUsersAndShowsOnlyItsOrganization() throws Exception {
    Accounts.Account owner = Accounts.withOrganization(anonymous, "rt-own");
    Accounts.Account stranger = Accounts.withOrganization(anonymous, "rt-stranger");
    JsonObject queue = register(owner.http());
    String id = queue.getString("queue_id");
    String cursor = queue.getString("cursor");

    post(stranger.http(), thread(stranger.http()), "not for you");
    String mine = thread(owner.http());
    post(owner.http(), mine, "for you");
    JsonObject got = poll(owner.http(), id, cursor, "timeout=10");
    List<JsonObject> events =
        new ArrayList<>(got.getJsonArray("events").getValuesAs(JsonObject.class));
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (events.stream().noneMatch(e -> e.toString().contains("for you"))
        && System.nanoTime() < until) {
      got = poll(owner.http(), id, got.getString("cursor"), "timeout=5");
      events.addAll(got.getJsonArray("events").getValuesAs(JsonObject.class));
    }
    assertTrue(events.stream().anyMatch(e -> e.toString().contains("for you")), events.toString());
    assertTrue(
        events.stream().noneMatch(e -> e.toString().contains("not for you")), events.toString());
    assertTrue(
        events.stream()
            .allMatch(
                e ->
                    e.getString("stream").equals("thread:" + mine)
                        || e.getString("stream").equals("workspace:" + owner.orgId())),
        "only the organization's own streams: " + events);

    // another user, another organization: the queue does not exist for them
    assertProblem(
        stranger.http().get("realtime/queues/" + id + "/events?timeout=0"), 404, "queue_not_found");
    assertProblem(stranger.http().delete("realtime/queues/" + id), 404, "queue_not_found");
    Http.Reply member =
        owner
            .http()
            .post(
                "api/orgs/" + owner.orgId() + "/members",
                "{\"email\":\"" + stranger.email() + "\",\"role\":\"member\"}");
    assertEquals(201, member.status(), member.toString());
    Http inOwnersOrg = stranger.http().withHeader("X-Org-Id", owner.orgId());
    assertProblem(
        inOwnersOrg.get("realtime/queues/" + id + "/events?timeout=0"), 404, "queue_not_found");

    // without a cursor, a poll goes on from the cursor the queue was last polled with
    JsonObject resumed = poll(owner.http(), id, got.getString("cursor"), "timeout=0");
    Http.Reply noCursor = owner.http().get("realtime/queues/" + id + "/events?timeout=0");
    assertEquals(200, noCursor.status(), noCursor.toString());
    assertEquals(resumed.getString("cursor"), noCursor.json().getString("cursor"));

    assertProblem(anonymous.post("realtime/queues", ""), 401, "unauthenticated");
    String key =
        owner
            .http()
            .post("api-keys", "{\"name\":\"rt\",\"scopes\":[\"projects:read\"]}")
            .json()
            .getString("secret");
    assertProblem(
        anonymous.withHeader("X-API-Key", key).post("realtime/queues", ""),
        403,
        "insufficient_scope");
  }

  @Test
  void workspaceChangesOfProjectsThreadsAndMembersComeInTheOrderTheyHappened() throws Exception {
    Accounts.Account owner = Accounts.withOrganization(anonymous, "rt-workspace");
    Http client = owner.http();
    JsonObject queue = register(client);
    String id = queue.getString("queue_id");

    Http.Reply project = client.post("api/projects", "{\"name\":\"Harbour\"}");
    assertEquals(201, project.status(), project.toString());
    String projectId = project.json().getString("project_id");
    Http.Reply thread =
        client.post("api/threads", "{\"title\":\"Boats\",\"project_id\":\"" + projectId + "\"}");
    assertEquals(201, thread.status(), thread.toString());
    Accounts.Account colleague = Accounts.registered(anonymous, "rt-colleague");
    String members = "api/orgs/" + owner.orgId() + "/members";
    assertEquals(
        201,
        client
            .post(members, "{\"email\":\"" + colleague.email() + "\",\"role\":\"member\"}")
            .status());
    assertEquals(
        200, client.patch(members + "/" + colleague.userId(), "{\"role\":\"admin\"}").status());
    assertEquals(204, client.delete(members + "/" + colleague.userId()).status());
    assertEquals(204, client.delete("api/projects/" + projectId).status());

    List<JsonObject> events = new ArrayList<>();
    String cursor = queue.getString("cursor");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (events.size() < 6 && System.nanoTime() < deadline) {
      JsonObject page = poll(client, id, cursor, "timeout=5");
      events.addAll(page.getJsonArray("events").getValuesAs(JsonObject.class));
      cursor = page.getString("cursor");
    }
    assertEquals(
        List.of(
            "project.created",
            "thread.created",
            "member.added",
            "member.role_changed",
            "member.removed",
            "project.deleted"),
        events.stream().map(e -> e.getString("type")).toList(),
        events.toString());
    assertTrue(
        events.stream().allMatch(e -> e.getString("stream").equals("workspace:" + owner.orgId())));
    assertEquals("Harbour", events.get(0).getJsonObject("data").getString("name"));
    assertEquals(projectId, events.get(1).getJsonObject("data").getString("project_id"));
    assertEquals(colleague.userId(), events.get(2).getJsonObject("data").getString("user_id"));
    assertEquals("admin", events.get(3).getJsonObject("data").getString("role"));
  }

  @Test
  void badInputIsRefusedAndADeletedQueueIsGone() {
    Accounts.Account owner = Accounts.withOrganization(anonymous, "rt-bad");
    Http client = owner.http();
    String id = register(client).getString("queue_id");
    assertProblem(
        client.get("realtime/queues/" + id + "/events?cursor=yesterday"), 400, "invalid_cursor");
    assertProblem(client.get("realtime/queues/" + id + "/events?cursor=5"), 400, "invalid_cursor");
    assertProblem(
        client.get("realtime/queues/" + id + "/events?timeout=99"), 400, "invalid_timeout");
    assertProblem(client.get("realtime/queues/" + id + "/events?limit=0"), 400, "invalid_limit");
    assertProblem(
        client.get("realtime/queues/" + java.util.UUID.randomUUID() + "/events"),
        404,
        "queue_not_found");
    assertEquals(204, client.delete("realtime/queues/" + id).status());
    assertProblem(
        client.get("realtime/queues/" + id + "/events?timeout=0"), 404, "queue_not_found");
  }
}
