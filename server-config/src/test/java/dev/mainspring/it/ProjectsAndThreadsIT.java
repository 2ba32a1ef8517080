package dev.mainspring.it;

import static dev.mainspring.it.PlatformIT.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Document E's projects and threads on the real server and database. */
class ProjectsAndThreadsIT extends ApiTest {

  @Test
  void createdProjectCanBeReadBack() {
    Http.Reply created =
        http.post("api/projects", "{\"name\":\"Apollo\",\"description\":\"moon shot\"}");
    assertEquals(201, created.status(), created.toString());
    JsonObject project = created.json();
    String id = project.getString("project_id");
    assertTrue(created.header("Location").endsWith("/api/projects/" + id));
    assertEquals("\"1\"", created.header("ETag"));
    assertEquals(7, UUID.fromString(id).version());
    assertEquals(project.getString("created_at"), project.getString("updated_at"));
    assertTrue(project.getString("created_at").endsWith("Z"));
    Instant.parse(project.getString("created_at"));

    Http.Reply read = http.get("api/projects/" + id);
    assertEquals(200, read.status());
    assertEquals("Apollo", read.json().getString("name"));
    assertEquals("moon shot", read.json().getString("description"));
    assertEquals("\"1\"", read.header("ETag"));
  }

  @Test
  void patchChangesOnlyWhatItNamesAndMovesTheETag() {
    String id = createProject("Gemini", "two seats");
    Http.Reply patched =
        http.patch("api/projects/" + id, "{\"name\":\"Gemini II\"}", "If-Match", "\"1\"");
    assertEquals(200, patched.status(), patched.toString());
    assertEquals("Gemini II", patched.json().getString("name"));
    assertEquals("two seats", patched.json().getString("description"));
    assertEquals("\"2\"", patched.header("ETag"));

    Http.Reply cleared = http.patch("api/projects/" + id, "{\"description\":\"\"}");
    assertEquals(200, cleared.status());
    assertEquals(JsonValue.NULL, cleared.json().get("description"));
  }

  @Test
  void staleIfMatchFailsWith412AndChangesNothing() {
    String id = createProject("Mercury", null);
    Http.Reply first =
        http.patch("api/projects/" + id, "{\"name\":\"Mercury 7\"}", "If-Match", "\"1\"");
    assertEquals(200, first.status(), first.toString());

    Http.Reply stale = http.patch("api/projects/" + id, "{\"name\":\"Lost\"}", "If-Match", "\"1\"");
    assertProblem(stale, 412, "precondition_failed");
    assertProblem(
        http.delete("api/projects/" + id, "If-Match", "\"1\""), 412, "precondition_failed");
    Http.Reply now = http.get("api/projects/" + id);
    assertEquals("Mercury 7", now.json().getString("name"));
    assertEquals("\"2\"", now.header("ETag"));
  }

  @Test
  void invalidPatchChangesNothing() {
    String id = createProject("Vostok", "first");
    assertProblem(http.patch("api/projects/" + id, "{\"name\":\"   \"}"), 400, "validation_failed");
    assertProblem(http.patch("api/projects/" + id, "{\"name\":"), 400, "malformed_json");
    assertEquals("Vostok", http.get("api/projects/" + id).json().getString("name"));
    assertEquals("\"1\"", http.get("api/projects/" + id).header("ETag"));
  }

  @Test
  void concurrentUpdateLosesWith409() throws Exception {
    String id = createProject("Soyuz", null);
    try (Connection c = TestDatabase.connect()) {
      c.setAutoCommit(false);
      try (PreparedStatement lock =
          c.prepareStatement("select 1 from projects where id = ?::uuid for update")) {
        lock.setString(1, id);
        lock.executeQuery().close();
      }
      CompletableFuture<Http.Reply> patch =
          CompletableFuture.supplyAsync(
              () -> http.patch("api/projects/" + id, "{\"name\":\"Soyuz TM\"}"));
      awaitBlockedUpdate(c);
      try (PreparedStatement bump =
          c.prepareStatement(
              "update projects set name = 'Soyuz T', version = version + 1 where id = ?::uuid")) {
        bump.setString(1, id);
        bump.executeUpdate();
      }
      c.commit();
      assertProblem(patch.get(), 409, "concurrent_modification");
    }
    assertEquals("Soyuz T", http.get("api/projects/" + id).json().getString("name"));
  }

  /** Waits until another session waits for a row lock: the PATCH's UPDATE. */
  private static void awaitBlockedUpdate(Connection c) throws Exception {
    try (Connection watcher = TestDatabase.connect();
        PreparedStatement waiting =
            watcher.prepareStatement(
                "select count(*) from pg_stat_activity where wait_event_type = 'Lock'"
                    + " and query like 'UPDATE projects%'")) {
      for (int i = 0; i < 200; i++) {
        try (ResultSet r = waiting.executeQuery()) {
          r.next();
          if (r.getInt(1) > 0) {
            return;
          }
        }
        Thread.sleep(50);
      }
    }
    throw new AssertionError("the PATCH never reached its UPDATE");
  }

  @Test
  void concurrentUpdatesWithoutIfMatchLoseNoWrite() throws Exception {
    String id = createProject("Race", null);
    int writers = 16;
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    List<Future<Http.Reply>> replies = new ArrayList<>();
    for (int i = 0; i < writers; i++) {
      String name = "Race " + i;
      replies.add(
          pool.submit(() -> http.patch("api/projects/" + id, "{\"name\":\"" + name + "\"}")));
    }
    int succeeded = 0;
    for (Future<Http.Reply> reply : replies) {
      int status = reply.get().status();
      assertTrue(status == 200 || status == 409, reply.get().toString());
      succeeded += status == 200 ? 1 : 0;
    }
    pool.shutdown();
    assertEquals("\"" + (1 + succeeded) + "\"", http.get("api/projects/" + id).header("ETag"));
  }

  @Test
  void deletingAProjectDeletesItsThreads() {
    String id = createProject("Skylab", null);
    String thread = createThread(id, "docking");
    assertEquals(204, http.delete("api/projects/" + id, "If-Match", "\"1\"").status());
    assertProblem(http.get("api/projects/" + id), 404, "project_not_found");
    assertProblem(http.get("api/threads/" + thread), 404, "thread_not_found");
    assertProblem(http.delete("api/projects/" + id), 404, "project_not_found");
  }

  @Test
  void cursorPaginationWalksEveryProjectOnceNewestFirst() {
    List<String> mine = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      mine.add(createProject("page-" + i, null));
    }
    List<String> seen = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      Http.Reply page =
          http.get("api/projects?limit=2" + (cursor == null ? "" : "&cursor=" + cursor));
      assertEquals(200, page.status(), page.toString());
      var projects = page.json().getJsonArray("projects");
      assertTrue(projects.size() <= 2);
      projects.forEach(p -> seen.add(p.asJsonObject().getString("project_id")));
      cursor = page.json().isNull("next_cursor") ? null : page.json().getString("next_cursor");
      pages++;
    } while (cursor != null && pages < 10_000);
    assertEquals(new HashSet<>(seen).size(), seen.size(), "a project appeared twice");
    List<String> mineAsSeen = seen.stream().filter(mine::contains).toList();
    List<String> newestFirst = new ArrayList<>(mine);
    java.util.Collections.reverse(newestFirst);
    assertEquals(newestFirst, mineAsSeen);
  }

  @Test
  void badPageParametersAre400() {
    assertProblem(http.get("api/projects?limit=0"), 400, "invalid_limit");
    assertProblem(http.get("api/projects?limit=101"), 400, "invalid_limit");
    assertProblem(http.get("api/projects?cursor=!!!"), 400, "invalid_cursor");
    assertProblem(http.get("api/threads?project_id=nope"), 400, "invalid_project_id");
  }

  @Test
  void threadsListByProject() {
    String apollo = createProject("threads-a", null);
    String other = createProject("threads-b", null);
    String t1 = createThread(apollo, "one");
    String t2 = createThread(apollo, "two");
    String t3 = createThread(other, "three");
    String loose = createThread(null, "no project");

    Http.Reply list = http.get("api/threads?project_id=" + apollo);
    assertEquals(200, list.status());
    List<String> ids =
        list.json().getJsonArray("threads").stream()
            .map(t -> t.asJsonObject().getString("thread_id"))
            .toList();
    assertEquals(List.of(t2, t1), ids);

    JsonObject thread = http.get("api/threads/" + loose).json();
    assertEquals(JsonValue.NULL, thread.get("project_id"));
    assertEquals("no project", thread.getString("title"));
    assertTrue(http.get("api/threads?limit=100").text().contains(t3));
  }

  @Test
  void threadInUnknownProjectIsRejectedAndNotCreated() throws Exception {
    String unknown = UUID.randomUUID().toString();
    Http.Reply reply =
        http.post("api/threads", "{\"project_id\":\"" + unknown + "\",\"title\":\"orphan\"}");
    assertProblem(reply, 404, "project_not_found");
    assertProblem(http.get("api/threads?project_id=" + unknown), 404, "project_not_found");
    try (Connection c = TestDatabase.connect();
        PreparedStatement q =
            c.prepareStatement("select count(*) from threads where project_id = ?::uuid")) {
      q.setString(1, unknown);
      try (ResultSet r = q.executeQuery()) {
        r.next();
        assertEquals(0, r.getInt(1));
      }
    }
  }

  @Test
  void fiftyConcurrentCreationsLoseNoRow() throws Exception {
    String batch = UUID.randomUUID().toString().substring(0, 8);
    int clients = 50;
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    List<Future<Http.Reply>> replies = new ArrayList<>();
    for (int i = 0; i < clients; i++) {
      String name = "burst-" + batch + "-" + i;
      replies.add(pool.submit(() -> http.post("api/projects", "{\"name\":\"" + name + "\"}")));
    }
    Set<String> ids = new HashSet<>();
    for (Future<Http.Reply> reply : replies) {
      assertEquals(201, reply.get().status(), reply.get().toString());
      ids.add(reply.get().json().getString("project_id"));
    }
    pool.shutdown();
    assertEquals(clients, ids.size());
    try (Connection c = TestDatabase.connect();
        PreparedStatement q =
            c.prepareStatement("select count(*) from projects where name like ?")) {
      q.setString(1, "burst-" + batch + "-%");
      try (ResultSet r = q.executeQuery()) {
        r.next();
        assertEquals(clients, r.getInt(1));
      }
    }
    for (String id : ids) {
      assertEquals(200, http.get("api/projects/" + id).status());
    }
  }

  @Test
  void nextCursorIsNullOnTheLastPage() {
    String id = createProject("lonely", null);
    createThread(id, "only one");
    Http.Reply threads = http.get("api/threads?project_id=" + id);
    assertEquals(1, threads.json().getJsonArray("threads").size());
    assertEquals(JsonValue.NULL, threads.json().get("next_cursor"));
  }

  private String createProject(String name, String description) {
    String json =
        description == null
            ? "{\"name\":\"" + name + "\"}"
            : "{\"name\":\"" + name + "\",\"description\":\"" + description + "\"}";
    Http.Reply reply = http.post("api/projects", json);
    assertEquals(201, reply.status(), reply.toString());
    return reply.json().getString("project_id");
  }

  private String createThread(String projectId, String title) {
    String json =
        projectId == null
            ? "{\"title\":\"" + title + "\"}"
            : "{\"project_id\":\"" + projectId + "\",\"title\":\"" + title + "\"}";
    Http.Reply reply = http.post("api/threads", json);
    assertEquals(201, reply.status(), reply.toString());
    return reply.json().getString("thread_id");
  }
}
