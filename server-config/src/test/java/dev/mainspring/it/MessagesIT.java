package dev.mainspring.it;

import static dev.mainspring.it.PlatformIT.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Messages of threads on the real server and database, and the event log under them: every change
 * appends an event to {@code thread:<id>} with a gapless sequence, also under concurrency and
 * rollback; other organizations see nothing; the retention clean-up removes old events only.
 */
class MessagesIT extends ApiTest {

  private static final String THUMBS_UP = URLEncoder.encode("👍", StandardCharsets.UTF_8);

  // --- the REST surface --------------------------------------------------------------------

  @Test
  void postedMessageCanBeReadBackWithLocationAndETag() {
    String thread = newThread(http);
    Http.Reply posted = post(http, thread, "{\"content\":\"hello there\"}");
    assertEquals(201, posted.status(), posted.toString());
    JsonObject message = posted.json();
    String id = message.getString("message_id");
    assertTrue(posted.header("Location").endsWith(messages(thread) + "/" + id));
    assertEquals("user", message.getString("role"));
    assertEquals("hello there", message.getJsonObject("content").getString("text"));
    assertEquals(0, message.getJsonObject("content").getJsonArray("parts").size());
    assertEquals("user", message.getJsonObject("author").getString("type"));
    assertEquals(JsonValue.NULL, message.get("edited_at"));
    assertEquals(0, message.getJsonArray("reactions").size());

    Http.Reply read = http.get(messages(thread) + "/" + id);
    assertEquals(200, read.status(), read.toString());
    assertEquals(posted.header("ETag"), read.header("ETag"));
    assertEquals(message, read.json());
  }

  @Test
  void structuredPartsAreKeptAsSent() {
    String thread = newThread(http);
    String body =
        "{\"role\":\"assistant\",\"content\":{\"text\":\"checking\",\"parts\":[{\"type\":"
            + "\"tool_call\",\"id\":\"call_1\",\"name\":\"current_time\",\"arguments\":"
            + "{\"zone\":\"UTC\"}}]}}";
    Http.Reply call = post(http, thread, body);
    assertEquals(201, call.status(), call.toString());
    JsonObject part = call.json().getJsonObject("content").getJsonArray("parts").getJsonObject(0);
    assertEquals("call_1", part.getString("id"));
    assertEquals("UTC", part.getJsonObject("arguments").getString("zone"));

    Http.Reply result =
        post(
            http,
            thread,
            "{\"role\":\"tool\",\"content\":{\"parts\":[{\"type\":\"tool_result\","
                + "\"tool_call_id\":\"call_1\",\"content\":\"12:00\"}]}}");
    assertEquals(201, result.status(), result.toString());
    assertEquals("tool", result.json().getString("role"));
  }

  @Test
  void listPagesNewestFirstByDefaultAndOldestFirstOnRequest() {
    String thread = newThread(http);
    List<String> ids = new ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      ids.add(post(http, thread, "{\"content\":\"m" + i + "\"}").json().getString("message_id"));
    }
    List<String> newestFirst = walk(thread, "");
    assertEquals(List.of(ids.get(4), ids.get(3), ids.get(2), ids.get(1), ids.get(0)), newestFirst);
    List<String> oldestFirst = walk(thread, "&order=asc");
    assertEquals(ids, oldestFirst);
  }

  @Test
  void editKeepsTheHistoryAndHonoursIfMatch() {
    String thread = newThread(http);
    Http.Reply posted = post(http, thread, "{\"content\":\"first\"}");
    String url = messages(thread) + "/" + posted.json().getString("message_id");

    Http.Reply edited =
        http.patch(url, "{\"content\":\"second\"}", "If-Match", posted.header("ETag"));
    assertEquals(200, edited.status(), edited.toString());
    assertEquals("second", edited.json().getJsonObject("content").getString("text"));
    assertFalse(edited.json().isNull("edited_at"));
    assertProblem(
        http.patch(url, "{\"content\":\"lost\"}", "If-Match", posted.header("ETag")),
        412,
        "precondition_failed");
    assertEquals(200, http.patch(url, "{\"content\":\"third\"}").status());

    JsonArray edits = http.get(url + "/edits").json().getJsonArray("edits");
    assertEquals(2, edits.size());
    assertEquals("first", edits.getJsonObject(0).getJsonObject("content").getString("text"));
    assertEquals("second", edits.getJsonObject(1).getJsonObject("content").getString("text"));
    assertEquals("third", http.get(url).json().getJsonObject("content").getString("text"));
  }

  @Test
  void onlyTheAuthorOrAnAdminChangesAMessage() {
    Accounts.Account admin = Accounts.withOrganization(anonymous, "msg-admin");
    Http asMember = member(admin);
    String thread = newThread(admin.http());
    String adminsMessage =
        messages(thread)
            + "/"
            + post(admin.http(), thread, "{\"content\":\"a\"}").json().getString("message_id");
    String membersMessage =
        messages(thread)
            + "/"
            + post(asMember, thread, "{\"content\":\"m\"}").json().getString("message_id");
    // a later message of the admin's: the member may not delete the range that holds it
    post(admin.http(), thread, "{\"content\":\"a2\"}");

    assertProblem(
        asMember.patch(adminsMessage, "{\"content\":\"mine now\"}"), 403, "not_message_author");
    assertProblem(asMember.delete(adminsMessage), 403, "not_message_author");
    assertProblem(
        asMember.delete(messages(thread) + "?after=" + id(adminsMessage)),
        403,
        "not_message_author");
    assertEquals(
        "a", admin.http().get(adminsMessage).json().getJsonObject("content").getString("text"));

    assertEquals(200, asMember.patch(membersMessage, "{\"content\":\"m2\"}").status());
    assertEquals(200, admin.http().patch(membersMessage, "{\"content\":\"moderated\"}").status());
    assertEquals(204, asMember.delete(membersMessage).status());
    assertEquals(404, asMember.get(membersMessage).status());
  }

  @Test
  void apiKeysWriteAsTheirUserWithinTheirScopes() {
    Accounts.Account owner = Accounts.withOrganization(anonymous, "msg-keys");
    String thread = newThread(owner.http());
    Http reader = anonymous.withHeader("Authorization", "Bearer " + key(owner, "threads:read"));
    Http writer = anonymous.withHeader("Authorization", "Bearer " + key(owner, "threads:write"));

    assertEquals(200, reader.get(messages(thread)).status());
    assertProblem(post(reader, thread, "{\"content\":\"no\"}"), 403, "insufficient_scope");
    Http.Reply posted = post(writer, thread, "{\"content\":\"from a key\"}");
    assertEquals(201, posted.status(), posted.toString());
    JsonObject author = posted.json().getJsonObject("author");
    assertEquals("api_key", author.getString("type"));
    assertEquals(owner.userId(), author.getString("user_id"));
    assertFalse(author.isNull("api_key_id"));
    String url = messages(thread) + "/" + posted.json().getString("message_id");
    assertProblem(reader.put(url + "/reactions/" + THUMBS_UP, ""), 403, "insufficient_scope");
    assertProblem(reader.delete(url), 403, "insufficient_scope");
    // the key's user is the author, with a token too
    assertEquals(200, owner.http().patch(url, "{\"content\":\"edited\"}").status());
  }

  private static String key(Accounts.Account owner, String scope) {
    Http.Reply key =
        owner
            .http()
            .post("api-keys", "{\"name\":\"" + scope + "\",\"scopes\":[\"" + scope + "\"]}");
    assertEquals(201, key.status(), key.toString());
    return key.json().getString("secret");
  }

  @Test
  void rangeDeleteRemovesEverythingAfterTheGivenMessage() {
    String thread = newThread(http);
    List<String> ids = new ArrayList<>();
    for (int i = 1; i <= 4; i++) {
      ids.add(post(http, thread, "{\"content\":\"r" + i + "\"}").json().getString("message_id"));
    }
    Http.Reply deleted = http.delete(messages(thread) + "?after=" + ids.get(1));
    assertEquals(200, deleted.status(), deleted.toString());
    assertEquals(2, deleted.json().getInt("deleted"));
    assertEquals(List.of(ids.get(0), ids.get(1)), walk(thread, "&order=asc"));
    assertEquals(
        0, http.delete(messages(thread) + "?after=" + ids.get(1)).json().getInt("deleted"));
    JsonArray events = http.get(messages(thread) + "/events").json().getJsonArray("events");
    assertEquals(5, events.size(), "4 created, 1 range deleted, nothing for the empty range");
    assertEquals("message.range_deleted", events.getJsonObject(4).getString("type"));
    assertEquals(2, events.getJsonObject(4).getJsonObject("data").getInt("count"));
  }

  @Test
  void reactionsAreOnePerUserPerEmojiAndSayWhetherTheCallerReacted() {
    Accounts.Account admin = Accounts.withOrganization(anonymous, "msg-react");
    Http asMember = member(admin);
    String thread = newThread(admin.http());
    String url =
        messages(thread)
            + "/"
            + post(admin.http(), thread, "{\"content\":\"vote\"}").json().getString("message_id");

    assertReaction(admin.http().put(url + "/reactions/" + THUMBS_UP, ""), 1, true);
    assertReaction(admin.http().put(url + "/reactions/" + THUMBS_UP, ""), 1, true);
    assertReaction(asMember.put(url + "/reactions/" + THUMBS_UP, ""), 2, true);
    assertReaction(admin.http().delete(url + "/reactions/" + THUMBS_UP), 1, false);
    assertReaction(asMember.get(url), 1, true);
    assertEquals(
        0,
        admin
            .http()
            .delete(url + "/reactions/" + THUMBS_UP)
            .json()
            .getJsonArray("reactions")
            .stream()
            .filter(r -> r.asJsonObject().getBoolean("reacted"))
            .count());
    assertProblem(admin.http().put(url + "/reactions/a%20b", ""), 400, "invalid_emoji");
  }

  @Test
  void badInputAnswersProblemsAndStoresNothing() {
    String thread = newThread(http);
    assertProblem(
        post(http, thread, "{\"role\":\"wizard\",\"content\":\"x\"}"), 400, "invalid_role");
    assertProblem(post(http, thread, "{\"role\":7,\"content\":\"x\"}"), 400, "invalid_role");
    assertProblem(post(http, thread, "{\"content\":\"\"}"), 400, "invalid_content");
    assertProblem(post(http, thread, "{}"), 400, "invalid_content");
    // a body cut short: JSON-P's parse error, a 500 until RequestTextGuard wrapped it
    assertProblem(post(http, thread, "{\"content\":"), 400, "malformed_json");
    assertProblem(post(http, thread, "{\"content\":42}"), 400, "invalid_content");
    assertProblem(
        post(http, thread, "{\"content\":{\"text\":\"x\",\"parts\":[{\"type\":\"image\"}]}}"),
        400,
        "invalid_content");
    assertProblem(
        post(http, thread, "{\"role\":\"tool\",\"content\":\"no result part\"}"),
        400,
        "invalid_content");
    assertProblem(post(http, thread, "{\"content\":\"nul \\u0000 here\"}"), 400, "invalid_text");
    assertProblem(
        post(http, thread, "{\"content\":\"" + "x".repeat(20_001) + "\"}"),
        400,
        "content_too_large");
    assertProblem(post(http, thread, "{\"content\":\"x\",\"colour\":1}"), 400, "unknown_field");
    assertProblem(http.get(messages(thread) + "?order=sideways"), 400, "invalid_order");
    assertProblem(http.get(messages(thread) + "?cursor=bm9wZQ"), 400, "invalid_cursor");
    assertProblem(
        http.get(messages(thread) + "/events?after_sequence=x"), 400, "invalid_after_sequence");
    assertProblem(http.get(messages(thread) + "/events?limit=1001"), 400, "invalid_limit");
    assertProblem(http.delete(messages(thread)), 400, "invalid_after");
    assertProblem(http.delete(messages(thread) + "?after=nope"), 400, "invalid_after");

    assertEquals(0, http.get(messages(thread)).json().getJsonArray("messages").size());
    assertProblem(
        http.get("api/threads/" + UUID.randomUUID() + "/messages"), 404, "thread_not_found");
    assertEquals(
        0,
        http.get(messages(thread) + "/events").json().getJsonArray("events").size(),
        "bad input appends no event");
  }

  @Test
  void anotherOrganizationsThreadAndMessagesAnswer404ToEveryOperation() throws Exception {
    Accounts.Account me = Accounts.withOrganization(anonymous, "msg-events");
    Http http = me.http();
    String org = me.orgId();
    String thread = newThread(http);
    String url =
        messages(thread)
            + "/"
            + post(http, thread, "{\"content\":\"secret\"}").json().getString("message_id");
    Http stranger = Accounts.withOrganization(anonymous, "msg-stranger").http();

    assertEquals(404, stranger.get(messages(thread)).status());
    assertEquals(404, post(stranger, thread, "{\"content\":\"hi\"}").status());
    assertEquals(404, stranger.get(url).status());
    assertEquals(404, stranger.patch(url, "{\"content\":\"mine\"}").status());
    assertEquals(404, stranger.get(url + "/edits").status());
    assertEquals(404, stranger.put(url + "/reactions/" + THUMBS_UP, "").status());
    assertEquals(404, stranger.delete(url + "/reactions/" + THUMBS_UP).status());
    assertEquals(404, stranger.delete(messages(thread) + "?after=" + id(url)).status());
    assertEquals(404, stranger.delete(url).status());
    assertEquals(404, stranger.get(messages(thread) + "/events").status());

    // the stranger's own thread does not open the message either
    String own = newThread(stranger);
    assertEquals(404, stranger.get(messages(own) + "/" + id(url)).status());
    assertEquals(404, stranger.delete(messages(own) + "/" + id(url)).status());

    assertEquals("secret", http.get(url).json().getJsonObject("content").getString("text"));
    assertEquals(1, events(org, thread).size());
    try (Connection c = TestDatabase.connectAsApplication()) {
      String strangerOrg = Accounts.withOrganization(anonymous, "msg-reader").orgId();
      assertEquals(0, events(c, strangerOrg, thread).size(), "another organization reads nothing");
    }
  }

  // --- the event log -----------------------------------------------------------------------

  @Test
  void everyChangeAppendsItsEventWithAGaplessSequence() throws Exception {
    Accounts.Account me = Accounts.withOrganization(anonymous, "msg-events");
    Http http = me.http();
    String org = me.orgId();
    String thread = newThread(http);
    String first = post(http, thread, "{\"content\":\"one\"}").json().getString("message_id");
    String second = post(http, thread, "{\"content\":\"two\"}").json().getString("message_id");
    post(http, thread, "{\"content\":\"three\"}");
    String url = messages(thread) + "/" + second;
    http.patch(url, "{\"content\":\"two, edited\"}");
    http.put(url + "/reactions/" + THUMBS_UP, "");
    http.delete(url + "/reactions/" + THUMBS_UP);
    http.delete(url + "/reactions/" + THUMBS_UP); // nothing changes: no event
    http.delete(messages(thread) + "?after=" + second);
    assertEquals(204, http.delete(url).status());

    List<Event> events = events(org, thread);
    assertEquals(
        List.of(
            "message.created",
            "message.created",
            "message.created",
            "message.updated",
            "message.reaction_changed",
            "message.reaction_changed",
            "message.range_deleted",
            "message.deleted"),
        events.stream().map(Event::type).toList());
    assertGapless(events);
    assertEquals(first, events.get(0).data().getString("message_id"));

    // the same events through the API, from a sequence on
    Http.Reply missed = http.get(messages(thread) + "/events?after_sequence=5&limit=2");
    assertEquals(200, missed.status(), missed.toString());
    JsonArray items = missed.json().getJsonArray("events");
    assertEquals(2, items.size());
    assertEquals(6, items.getJsonObject(0).getInt("sequence"));
    assertEquals("message.reaction_changed", items.getJsonObject(0).getString("type"));
    assertEquals(events.get(5).data(), items.getJsonObject(0).getJsonObject("data"));
    assertEquals("message.range_deleted", items.getJsonObject(1).getString("type"));
    assertEquals(8, http.get(messages(thread) + "/events").json().getJsonArray("events").size());
    assertEquals(
        "one",
        events.get(0).data().getJsonObject("message").getJsonObject("content").getString("text"));
    assertEquals(
        "two, edited",
        events.get(3).data().getJsonObject("message").getJsonObject("content").getString("text"));
    assertTrue(events.get(4).data().getBoolean("reacted"));
    assertEquals(1, events.get(4).data().getInt("count"));
    assertFalse(events.get(5).data().getBoolean("reacted"));
    assertEquals(1, events.get(6).data().getInt("count"));
    assertEquals(second, events.get(7).data().getString("message_id"));
  }

  @Test
  void twentyConcurrentAppendersGetGaplessSequences() throws Exception {
    Accounts.Account me = Accounts.withOrganization(anonymous, "msg-events");
    Http http = me.http();
    String org = me.orgId();
    String thread = newThread(http);
    int racers = 20;
    ExecutorService pool = Executors.newFixedThreadPool(racers);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<Http.Reply>> replies = new ArrayList<>();
      for (int i = 0; i < racers; i++) {
        String body = "{\"content\":\"racer " + i + "\"}";
        replies.add(
            pool.submit(
                () -> {
                  start.await();
                  return post(http, thread, body);
                }));
      }
      start.countDown();
      Set<String> posted = new HashSet<>();
      for (Future<Http.Reply> reply : replies) {
        Http.Reply r = reply.get(60, TimeUnit.SECONDS);
        assertEquals(201, r.status(), r.toString());
        posted.add(r.json().getString("message_id"));
      }
      List<Event> events = events(org, thread);
      assertEquals(racers, events.size());
      assertGapless(events);
      Set<String> announced = new HashSet<>();
      events.forEach(e -> announced.add(e.data().getString("message_id")));
      assertEquals(posted, announced);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void parallelEditsOfOneMessageAnswer200Or409AndKeepEveryWinnersHistory() throws Exception {
    Accounts.Account me = Accounts.withOrganization(anonymous, "msg-edits");
    Http http = me.http();
    String thread = newThread(http);
    String url =
        messages(thread)
            + "/"
            + post(http, thread, "{\"content\":\"v0\"}").json().getString("message_id");
    int racers = 8;
    ExecutorService pool = Executors.newFixedThreadPool(racers);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<Http.Reply>> replies = new ArrayList<>();
      for (int i = 1; i <= racers; i++) {
        String body = "{\"content\":\"v" + i + "\"}";
        replies.add(
            pool.submit(
                () -> {
                  start.await();
                  return http.patch(url, body);
                }));
      }
      start.countDown();
      int won = 0;
      for (Future<Http.Reply> reply : replies) {
        Http.Reply r = reply.get(60, TimeUnit.SECONDS);
        if (r.status() == 200) {
          won++;
        } else {
          assertProblem(r, 409, "concurrent_modification");
        }
      }
      assertTrue(won >= 1);
      assertEquals(won, http.get(url + "/edits").json().getJsonArray("edits").size());
      List<Event> events = events(me.orgId(), thread);
      assertEquals(1 + won, events.size());
      assertGapless(events);
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * An appender that takes the stream's next sequence and then rolls back (played here by a
   * transaction of the application role running the same upsert) holds the following append until
   * it ends, and leaves no hole: the waiting append gets the sequence the rolled-back one had.
   */
  @Test
  void aRolledBackAppendLeavesNoHole() throws Exception {
    Accounts.Account me = Accounts.withOrganization(anonymous, "msg-events");
    Http http = me.http();
    String org = me.orgId();
    String thread = newThread(http);
    post(http, thread, "{\"content\":\"before\"}");
    try (Connection c = TestDatabase.connectAsApplication()) {
      c.setAutoCommit(false);
      try (PreparedStatement bind = c.prepareStatement("select set_config('app.org_id', ?, true)");
          PreparedStatement take =
              c.prepareStatement(
                  "update event_stream set last_sequence = last_sequence + 1 where stream = ?"
                      + " returning last_sequence")) {
        bind.setString(1, org);
        bind.execute();
        take.setString(1, "thread:" + thread);
        try (ResultSet r = take.executeQuery()) {
          assertTrue(r.next());
          assertEquals(2, r.getLong(1));
        }
      }
      CompletableFuture<Http.Reply> waiting =
          CompletableFuture.supplyAsync(() -> post(http, thread, "{\"content\":\"after\"}"));
      Thread.sleep(1_000);
      assertFalse(waiting.isDone(), "the append waits for the open appender");
      c.rollback();
      assertEquals(201, waiting.get(30, TimeUnit.SECONDS).status());
    }
    post(http, thread, "{\"content\":\"last\"}");
    List<Event> events = events(org, thread);
    assertEquals(3, events.size());
    assertGapless(events);
  }

  @Test
  void cleanUpRemovesEventsOlderThanTheRetentionOnly() throws Exception {
    Accounts.Account me = Accounts.withOrganization(anonymous, "msg-events");
    Http http = me.http();
    String org = me.orgId();
    String thread = newThread(http);
    post(http, thread, "{\"content\":\"recent\"}");
    String stream = "run:" + UUID.randomUUID();
    try (Connection c = TestDatabase.connectAsApplication()) {
      bind(c, org);
      try (PreparedStatement insert =
          c.prepareStatement(
              "insert into event (org_id, stream, sequence, type, data, created_at)"
                  + " values (cast(? as uuid), ?, ?, 'status', '{}',"
                  + " now() - make_interval(hours => ?))")) {
        int[][] rows = {{1, 49}, {2, 25}, {3, 23}, {4, 0}};
        for (int[] row : rows) {
          insert.setString(1, org);
          insert.setString(2, stream);
          insert.setInt(3, row[0]);
          insert.setInt(4, row[1]);
          insert.executeUpdate();
        }
      }
      List<Long> left = List.of();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (System.nanoTime() < deadline) {
        left = events(c, org, null, stream).stream().map(Event::sequence).toList();
        if (left.size() == 2) {
          break;
        }
        Thread.sleep(500);
      }
      assertEquals(List.of(3L, 4L), left, "the events of the last 24 hours stay");
    }
    assertEquals(1, events(org, thread).size(), "recent message events stay");
  }

  // --- helpers -----------------------------------------------------------------------------

  record Event(long sequence, String type, JsonObject data) {}

  private static String messages(String thread) {
    return "api/threads/" + thread + "/messages";
  }

  private static String id(String url) {
    return url.substring(url.lastIndexOf('/') + 1);
  }

  private static String newThread(Http client) {
    Http.Reply thread = client.post("api/threads", "{\"title\":\"messages\"}");
    assertEquals(201, thread.status(), thread.toString());
    return thread.json().getString("thread_id");
  }

  private static Http.Reply post(Http client, String thread, String body) {
    return client.post(messages(thread), body);
  }

  /** A new member of the admin's organization, acting in it. */
  private Http member(Accounts.Account admin) {
    Accounts.Account member = Accounts.registered(anonymous, "msg-member");
    Http.Reply added =
        admin
            .http()
            .post(
                "api/orgs/" + admin.orgId() + "/members",
                "{\"email\":\"" + member.email() + "\",\"role\":\"member\"}");
    assertEquals(201, added.status(), added.toString());
    return member.http().withHeader("X-Org-Id", admin.orgId());
  }

  private List<String> walk(String thread, String order) {
    List<String> ids = new ArrayList<>();
    String cursor = "";
    int pages = 0;
    do {
      Http.Reply page = http.get(messages(thread) + "?limit=2" + order + cursor);
      assertEquals(200, page.status(), page.toString());
      page.json()
          .getJsonArray("messages")
          .forEach(m -> ids.add(m.asJsonObject().getString("message_id")));
      cursor =
          page.json().isNull("next_cursor")
              ? null
              : "&cursor=" + page.json().getString("next_cursor");
      pages++;
    } while (cursor != null && pages < 10);
    assertEquals((ids.size() + 1) / 2, pages, "pages of 2 and a last one");
    return ids;
  }

  private static void assertReaction(Http.Reply reply, long count, boolean reacted) {
    assertEquals(200, reply.status(), reply.toString());
    JsonArray reactions = reply.json().getJsonArray("reactions");
    assertEquals(1, reactions.size(), reply.toString());
    assertEquals("👍", reactions.getJsonObject(0).getString("emoji"));
    assertEquals(count, reactions.getJsonObject(0).getJsonNumber("count").longValue());
    assertEquals(reacted, reactions.getJsonObject(0).getBoolean("reacted"));
  }

  private static void assertGapless(List<Event> events) {
    for (int i = 0; i < events.size(); i++) {
      assertEquals(i + 1, events.get(i).sequence(), "sequence of event " + i);
    }
  }

  /** The events of the thread's stream, read as organization {@code org}. */
  private static List<Event> events(String org, String thread) throws SQLException {
    try (Connection c = TestDatabase.connectAsApplication()) {
      return events(c, org, thread);
    }
  }

  private static List<Event> events(Connection c, String org, String thread) throws SQLException {
    return events(c, org, thread, "thread:" + thread);
  }

  private static List<Event> events(Connection c, String org, String unused, String stream)
      throws SQLException {
    bind(c, org);
    List<Event> events = new ArrayList<>();
    try (PreparedStatement s =
        c.prepareStatement(
            "select sequence, type, data::text from event where stream = ? order by sequence")) {
      s.setString(1, stream);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          try (var reader =
              jakarta.json.Json.createReader(new java.io.StringReader(r.getString(3)))) {
            events.add(new Event(r.getLong(1), r.getString(2), reader.readObject()));
          }
        }
      }
    }
    return events;
  }

  private static void bind(Connection c, String org) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("select set_config('app.org_id', ?, false)")) {
      s.setString(1, org);
      s.execute();
    }
  }
}
