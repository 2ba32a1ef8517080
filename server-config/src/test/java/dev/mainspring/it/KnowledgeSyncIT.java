package dev.mainspring.it;

import static dev.mainspring.it.PlatformIT.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Source sync runs as the Jakarta Batch job knowledge-source-sync: "sync now" answers 202 with a
 * queued run, the job writes the directory's files as documents through the document service, skips
 * unchanged ones by content hash, updates changed ones in place, deletes the documents of vanished
 * files, reports unreadable files in the run without failing it, and records the outcome on the
 * knowledge base. The database is shared with the other test classes: every test deletes what it
 * made.
 */
class KnowledgeSyncIT extends ApiTest {

  private static final String KBS = "v1/context/knowledge-bases";
  private static final Path SOURCE_ROOT = Path.of("/tmp/mainspring-it-source-root");

  private final List<String> knowledgeBases = new ArrayList<>();
  private Http root;

  private Http superadmin() {
    if (root == null) {
      root = Accounts.superadmin(anonymous);
    }
    return root;
  }

  @AfterEach
  void deleteWhatTheTestMade() {
    for (String id : knowledgeBases) {
      superadmin().delete(KBS + "/" + id);
    }
  }

  @Test
  void syncWritesFilesSkipsUnchangedUpdatesChangedDeletesVanishedAndReportsBadFiles()
      throws Exception {
    String kb = createKb();
    Path dir = Files.createDirectories(SOURCE_ROOT.resolve("sync-" + UUID.randomUUID()));
    Path outside = Files.createTempFile("mainspring-it-outside", ".txt");
    Files.writeString(outside, "a secret outside the roots");
    Files.writeString(dir.resolve("alpha.md"), "# Alpha\n\nSailing boats in the harbour.");
    Files.writeString(dir.resolve("beta.txt"), "Gardening in spring, roses and tulips.");
    Files.createDirectories(dir.resolve("sub"));
    Files.writeString(dir.resolve("sub/gamma.json"), "{\"topic\":\"volcanoes\"}");
    Files.write(dir.resolve("image.bin"), new byte[] {1, 2, 3});
    Files.writeString(dir.resolve("drafts.md"), "excluded by the globs");
    Files.createSymbolicLink(dir.resolve("escape.txt"), outside);
    String source =
        createSource(
            kb,
            dir,
            Json.createArrayBuilder().add("*.md").add("*.txt").add("*.json").add("*.bin"),
            Json.createArrayBuilder().add("drafts*"));

    JsonObject first = syncAndWait(kb, source);
    assertEquals("ready", first.getString("status"), first.toString());
    assertEquals("source_sync", first.getString("operation"));
    assertEquals(5, first.getInt("files_seen"), first.toString());
    assertEquals(3, first.getInt("files_written"), first.toString());
    assertEquals(0, first.getInt("files_unchanged"));
    assertEquals(2, first.getInt("files_failed"));
    Map<String, String> failures = new HashMap<>();
    first.getJsonArray("errors").stream()
        .map(JsonObject.class::cast)
        .forEach(e -> failures.put(e.getString("path"), e.getString("code")));
    assertEquals(
        Map.of("image.bin", "unsupported_file_type", "escape.txt", "source_path_escape"), failures);
    Map<String, long[]> docs = sourceDocuments(kb);
    assertEquals(List.of("alpha.md", "beta.txt", "sub/gamma.json"), sorted(docs));
    assertFalse(chunksContain(kb, "secret"), "nothing of the file outside was read");

    JsonObject detail = http.get(KBS + "/" + kb).json();
    assertEquals("ready", detail.getString("sync_status"));
    assertFalse(detail.isNull("last_sync_at"));
    assertTrue(detail.isNull("last_sync_error"), detail.toString());
    assertEquals(3, detail.getJsonObject("last_sync_summary").getInt("files_written"));

    JsonObject second = syncAndWait(kb, source);
    assertEquals(0, second.getInt("files_written"), second.toString());
    assertEquals(3, second.getInt("files_unchanged"));
    assertEquals(docs.keySet(), sourceDocuments(kb).keySet());
    for (Map.Entry<String, long[]> doc : sourceDocuments(kb).entrySet()) {
      assertEquals(docs.get(doc.getKey())[1], doc.getValue()[1], "unchanged: same version");
    }

    Files.writeString(dir.resolve("alpha.md"), "# Alpha\n\nComets over the observatory.");
    Files.delete(dir.resolve("beta.txt"));
    JsonObject third = syncAndWait(kb, source);
    assertEquals(1, third.getInt("files_written"), third.toString());
    assertEquals(1, third.getInt("files_unchanged"));
    assertEquals(1, third.getInt("documents_deleted"));
    Map<String, long[]> after = sourceDocuments(kb);
    assertEquals(List.of("alpha.md", "sub/gamma.json"), sorted(after));
    assertEquals(docs.get("alpha.md")[0], after.get("alpha.md")[0], "updated in place, same id");
    assertTrue(after.get("alpha.md")[1] > docs.get("alpha.md")[1]);
    assertTrue(chunksContain(kb, "Comets"));
    assertFalse(chunksContain(kb, "Sailing"), "the old chunks were replaced");

    List<String> listed =
        http.get(KBS + "/" + kb + "/sync-runs").json().getJsonArray("sync_runs").stream()
            .map(JsonObject.class::cast)
            .map(r -> r.getString("id"))
            .toList();
    assertEquals(
        List.of(third.getString("id"), second.getString("id"), first.getString("id")), listed);
  }

  @Test
  void aSecondSyncOfASourceWhileOneIsActiveIsRefused() throws Exception {
    String kb = createKb();
    Path dir = Files.createDirectories(SOURCE_ROOT.resolve("busy-" + UUID.randomUUID()));
    String source = createSource(kb, dir, Json.createArrayBuilder(), Json.createArrayBuilder());
    UUID active = UUID.randomUUID();
    try (Connection c = TestDatabase.connect();
        PreparedStatement insert =
            c.prepareStatement(
                "insert into kb_sync_runs (id, knowledge_base_id, source_id, operation, status,"
                    + " lease_owner, lease_expires_at, version, created_at) values (?, ?, ?,"
                    + " 'source_sync', 'running', 'alive-instance/1', now() + interval '1 hour',"
                    + " 0, now())")) {
      insert.setObject(1, active);
      insert.setObject(2, UUID.fromString(kb));
      insert.setObject(3, UUID.fromString(source));
      insert.executeUpdate();
    }
    assertProblem(
        superadmin().post(KBS + "/" + kb + "/sources/" + source + "/sync", "{}"),
        409,
        "sync_in_progress");
    assertEquals(
        1, http.get(KBS + "/" + kb + "/sync-runs").json().getJsonArray("sync_runs").size());
  }

  @Test
  void aSourceDirectoryThatBecameALinkOutOfTheRootsFailsTheRun() throws Exception {
    String kb = createKb();
    String tag = UUID.randomUUID().toString();
    Path dir = Files.createDirectories(SOURCE_ROOT.resolve("moved-" + tag));
    String source = createSource(kb, dir, Json.createArrayBuilder(), Json.createArrayBuilder());
    Path outside = Files.createDirectories(Path.of("/tmp/mainspring-it-outside-" + tag));
    Files.writeString(outside.resolve("secret.txt"), "a secret outside the roots");
    Files.delete(dir);
    Files.createSymbolicLink(dir, outside);

    JsonObject run = syncAndWait(kb, source);
    assertEquals("error", run.getString("status"), run.toString());
    assertTrue(run.getString("error").contains("not inside a root"), run.toString());
    JsonObject detail = http.get(KBS + "/" + kb).json();
    assertEquals("error", detail.getString("sync_status"));
    assertFalse(detail.getBoolean("eligible_for_binding"));
    assertTrue(detail.getString("last_sync_error").contains("not inside a root"));
    assertTrue(sourceDocuments(kb).isEmpty());
  }

  @Test
  void syncIsForSuperadminsRunsAreReadByAdminsAndOtherKnowledgeBasesIdsAre404() throws Exception {
    String kb = createKb();
    String other = createKb();
    Path dir = Files.createDirectories(SOURCE_ROOT.resolve("roles-" + UUID.randomUUID()));
    Files.writeString(dir.resolve("a.txt"), "one small file");
    String source = createSource(kb, dir, Json.createArrayBuilder(), Json.createArrayBuilder());
    String sync = KBS + "/" + kb + "/sources/" + source + "/sync";
    assertProblem(http.post(sync, "{}"), 403, "superadmin_required");
    assertProblem(anonymous.post(sync, "{}"), 401, "unauthenticated");
    assertProblem(
        superadmin().post(KBS + "/" + other + "/sources/" + source + "/sync", "{}"),
        404,
        "source_not_found");
    assertProblem(
        superadmin().post(KBS + "/" + UUID.randomUUID() + "/sources/" + source + "/sync", "{}"),
        404,
        "knowledge_base_not_found");
    JsonObject run = syncAndWait(kb, source);
    String id = run.getString("id");
    assertEquals(id, http.get(KBS + "/" + kb + "/sync-runs/" + id).json().getString("id"));
    assertProblem(http.get(KBS + "/" + other + "/sync-runs/" + id), 404, "sync_run_not_found");
    assertEquals(
        0, http.get(KBS + "/" + other + "/sync-runs").json().getJsonArray("sync_runs").size());
    assertProblem(anonymous.get(KBS + "/" + kb + "/sync-runs"), 401, "unauthenticated");
    Accounts.Account noAdmin = Accounts.registered(anonymous, "kbsync-plain");
    assertProblem(noAdmin.http().get(KBS + "/" + kb + "/sync-runs"), 403, "admin_required");
  }

  /**
   * An instance died mid-sync: its run is left running with a lease that ran out and the checkpoint
   * of its last committed chunk (simulated in PostgreSQL after a real sync of the first six files,
   * which is what that instance had committed). This instance claims the run, starts a new job
   * execution after the checkpoint, and the result is exactly what an uninterrupted sync of the
   * directory makes: every file once, none of the first six read again, the same chunks.
   */
  @Test
  void aRunWhoseInstanceDiedIsClaimedAndResumedAfterItsCheckpointWithNoFileTwiceOrLost()
      throws Exception {
    Path dir = Files.createDirectories(SOURCE_ROOT.resolve("crash-" + UUID.randomUUID()));
    for (int i = 0; i < 12; i++) {
      Files.writeString(
          dir.resolve(String.format("f%02d.txt", i)),
          "File number " + i + " talks about topic " + (i * 7) + " and nothing else at all.");
    }
    String kb = createKb();
    String source =
        createSource(
            kb, dir, Json.createArrayBuilder().add("f0[0-5].txt"), Json.createArrayBuilder());
    JsonObject partial = syncAndWait(kb, source);
    assertEquals(6, partial.getInt("files_written"), partial.toString());
    Map<String, long[]> before = sourceDocuments(kb);

    Http.Reply widened =
        superadmin()
            .put(
                KBS + "/" + kb + "/sources/" + source,
                Json.createObjectBuilder()
                    .add("display_name", "Dir")
                    .add("path", dir.toString())
                    .add("include_globs", Json.createArrayBuilder().add("*.txt"))
                    .build()
                    .toString());
    assertEquals(200, widened.status(), widened.toString());
    UUID died = UUID.randomUUID();
    try (Connection c = TestDatabase.connect();
        PreparedStatement insert =
            c.prepareStatement(
                "insert into kb_sync_runs (id, knowledge_base_id, source_id, operation, status,"
                    + " files_seen, files_written, checkpoint_path, lease_owner,"
                    + " lease_expires_at, version, created_at, started_at)"
                    + " values (?, ?, ?, 'source_sync', 'running', 6, 6, 'f05.txt',"
                    + " 'dead-instance/1', now() - interval '1 second', 1, now(), now())")) {
      insert.setObject(1, died);
      insert.setObject(2, UUID.fromString(kb));
      insert.setObject(3, UUID.fromString(source));
      insert.executeUpdate();
    }

    JsonObject resumed = awaitEnd(kb, died.toString());
    assertEquals("ready", resumed.getString("status"), resumed.toString());
    assertEquals(12, resumed.getInt("files_seen"), "the six before the checkpoint not read again");
    assertEquals(12, resumed.getInt("files_written"));
    assertEquals(0, resumed.getInt("files_unchanged"));
    Map<String, long[]> after = sourceDocuments(kb);
    assertEquals(12, after.size(), "every file once");
    for (Map.Entry<String, long[]> doc : before.entrySet()) {
      assertEquals(doc.getValue()[1], after.get(doc.getKey())[1], "not written twice");
    }
    try (Connection c = TestDatabase.connect();
        PreparedStatement select =
            c.prepareStatement("select attempts, lease_owner from kb_sync_runs where id = ?")) {
      select.setObject(1, died);
      try (ResultSet rows = select.executeQuery()) {
        rows.next();
        assertEquals(1, rows.getInt(1), "claimed once");
        assertFalse(rows.getString(2).startsWith("dead-instance"));
      }
    }

    String reference = createKb();
    String referenceSource =
        createSource(reference, dir, Json.createArrayBuilder(), Json.createArrayBuilder());
    assertEquals("ready", syncAndWait(reference, referenceSource).getString("status"));
    assertEquals(chunkSet(reference), chunkSet(kb), "the chunks of an uninterrupted sync");
  }

  /**
   * The real thing: the server running a sync is killed as {@code kill -9} does, mid-way. Its run
   * keeps its checkpoint and a lease nobody renews; this instance claims it once the lease has run
   * out, starts a new job execution after the checkpoint, and ends with exactly the documents and
   * chunks of an uninterrupted sync: none missing, none twice.
   */
  @Test
  void aSyncWhoseServerIsKilledMidwayIsFinishedElsewhereWithTheChunksOfAnUninterruptedSync()
      throws Exception {
    Path dir = Files.createDirectories(SOURCE_ROOT.resolve("kill-" + UUID.randomUUID()));
    int files = 600;
    for (int i = 0; i < files; i++) {
      StringBuilder text = new StringBuilder();
      for (int line = 0; line < 12; line++) {
        text.append("Document ")
            .append(i)
            .append(" line ")
            .append(line)
            .append(" describes harbour ")
            .append(i * 31 + line)
            .append(" and its lighthouse keepers in some detail.\n");
      }
      Files.writeString(dir.resolve(String.format("doc%04d.txt", i)), text);
    }
    String kb = createKb();
    String source =
        createSource(kb, dir, Json.createArrayBuilder().add("*.txt"), Json.createArrayBuilder());
    String runId;
    int writtenAtKill;
    try (SecondInstance doomed =
        SecondInstance.start(
            "sync-kill",
            Map.of(),
            List.of(
                "-DCONTEXT_SOURCE_ROOTS=" + SOURCE_ROOT,
                "-Dmainspring.instance-id=doomed",
                "-Dmainspring.context.sync-lease-seconds=3",
                "-Dmainspring.context.sync-recovery-millis=500"))) {
      Http onDoomed = Accounts.superadmin(doomed.http());
      Http.Reply started = onDoomed.post(KBS + "/" + kb + "/sources/" + source + "/sync", "{}");
      assertEquals(202, started.status(), started.toString());
      runId = started.json().getString("id");
      writtenAtKill = awaitProgress(runId, 30);
      doomed.kill();
    }
    assertTrue(writtenAtKill < files, "killed mid-way: " + writtenAtKill + " of " + files);

    JsonObject finished = awaitEnd(kb, runId);
    assertEquals("ready", finished.getString("status"), finished.toString());
    assertEquals(files, sourceDocuments(kb).size(), "every file once");
    try (Connection c = TestDatabase.connect();
        PreparedStatement select =
            c.prepareStatement("select lease_owner from kb_sync_runs where id = ?")) {
      select.setObject(1, UUID.fromString(runId));
      try (ResultSet rows = select.executeQuery()) {
        rows.next();
        assertFalse(rows.getString(1).startsWith("doomed/"), "finished by a surviving instance");
      }
    }
    String reference = createKb();
    String referenceSource =
        createSource(reference, dir, Json.createArrayBuilder(), Json.createArrayBuilder());
    assertEquals("ready", syncAndWait(reference, referenceSource).getString("status"));
    assertEquals(chunkSet(reference), chunkSet(kb), "the chunks of an uninterrupted sync");
  }

  /** Waits until the run has written at least {@code atLeast} files; answers how many it has. */
  private static int awaitProgress(String runId, int atLeast) throws Exception {
    Instant deadline = Instant.now().plusSeconds(120);
    while (Instant.now().isBefore(deadline)) {
      try (Connection c = TestDatabase.connect();
          PreparedStatement select =
              c.prepareStatement(
                  "select status, files_written, lease_owner from kb_sync_runs where id = ?")) {
        select.setObject(1, UUID.fromString(runId));
        try (ResultSet rows = select.executeQuery()) {
          rows.next();
          assertFalse(
              rows.getString(1).equals("ready") || rows.getString(1).equals("error"),
              "the sync ended before it could be killed: " + rows.getString(1));
          if (rows.getInt(2) >= atLeast) {
            assertTrue(
                rows.getString(3).startsWith("doomed/"),
                "the doomed instance runs the sync: " + rows.getString(3));
            return rows.getInt(2);
          }
        }
      }
      Thread.sleep(20);
    }
    throw new AssertionError("sync run " + runId + " made no progress in 120 s");
  }

  // ---- helpers ----

  /** Every chunk of the knowledge base as "path#position:text", sorted. */
  private static List<String> chunkSet(String kb) throws Exception {
    List<String> chunks = new ArrayList<>();
    try (Connection c = TestDatabase.connect();
        PreparedStatement select =
            c.prepareStatement(
                "select d.source_path, c.position, c.text from kb_chunks c"
                    + " join kb_documents d on d.id = c.document_id where c.knowledge_base_id = ?")) {
      select.setObject(1, UUID.fromString(kb));
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          chunks.add(rows.getString(1) + "#" + rows.getInt(2) + ":" + rows.getString(3));
        }
      }
    }
    chunks.sort(null);
    return chunks;
  }

  /** Starts a sync (202, Location of the run) and polls the run until it has ended. */
  private JsonObject syncAndWait(String kb, String source) throws Exception {
    Http.Reply started = superadmin().post(KBS + "/" + kb + "/sources/" + source + "/sync", "{}");
    assertEquals(202, started.status(), started.toString());
    String id = started.json().getString("id");
    assertTrue(started.header("Location").endsWith("/" + KBS + "/" + kb + "/sync-runs/" + id));
    return awaitEnd(kb, id);
  }

  /** Polls the run until it has ended. */
  private JsonObject awaitEnd(String kb, String id) throws Exception {
    Instant deadline = Instant.now().plusSeconds(180);
    while (Instant.now().isBefore(deadline)) {
      JsonObject run = http.get(KBS + "/" + kb + "/sync-runs/" + id).json();
      String status = run.getString("status");
      if (status.equals("ready") || status.equals("error")) {
        return run;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("sync run " + id + " did not end in 180 s");
  }

  /** The source documents of the knowledge base: path to {id's hash, version}. */
  private static Map<String, long[]> sourceDocuments(String kb) throws Exception {
    Map<String, long[]> docs = new HashMap<>();
    try (Connection c = TestDatabase.connect();
        PreparedStatement select =
            c.prepareStatement(
                "select source_path, id, version from kb_documents where knowledge_base_id = ?"
                    + " and origin = 'source'")) {
      select.setObject(1, UUID.fromString(kb));
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          UUID id = (UUID) rows.getObject(2);
          docs.put(
              rows.getString(1),
              new long[] {
                id.getMostSignificantBits() ^ id.getLeastSignificantBits(), rows.getLong(3)
              });
        }
      }
    }
    return docs;
  }

  private static List<String> sorted(Map<String, long[]> docs) {
    return docs.keySet().stream().sorted().toList();
  }

  private static boolean chunksContain(String kb, String word) throws Exception {
    try (Connection c = TestDatabase.connect();
        PreparedStatement select =
            c.prepareStatement(
                "select count(*) from kb_chunks where knowledge_base_id = ? and text like ?")) {
      select.setObject(1, UUID.fromString(kb));
      select.setString(2, "%" + word + "%");
      try (ResultSet rows = select.executeQuery()) {
        rows.next();
        return rows.getInt(1) > 0;
      }
    }
  }

  private String createSource(
      String kb,
      Path dir,
      jakarta.json.JsonArrayBuilder include,
      jakarta.json.JsonArrayBuilder exclude) {
    Http.Reply created =
        superadmin()
            .post(
                KBS + "/" + kb + "/sources",
                Json.createObjectBuilder()
                    .add("display_name", "Dir")
                    .add("path", dir.toString())
                    .add("include_globs", include)
                    .add("exclude_globs", exclude)
                    .build()
                    .toString());
    assertEquals(201, created.status(), created.toString());
    return created.json().getString("id");
  }

  /** A knowledge base on the seeded built-in vector store and the built-in embeddings model. */
  private String createKb() {
    JsonObject target =
        http.get("v1/context/vectorization-options")
            .json()
            .getJsonArray("embeddings_targets")
            .getJsonObject(0);
    Http.Reply created =
        superadmin()
            .post(
                KBS,
                Json.createObjectBuilder()
                    .add("slug", "sync-" + UUID.randomUUID().toString().substring(0, 8))
                    .add("display_name", "Synced")
                    .add("provider_id", builtinStore())
                    .add(
                        "chunking",
                        Json.createObjectBuilder()
                            .add("strategy", "fixed_length")
                            .add("chunk_length", 32)
                            .add("chunk_overlap", 4))
                    .add(
                        "vectorization",
                        Json.createObjectBuilder()
                            .add("mode", "vanessa_embeddings")
                            .add("embeddings_provider_id", target.getString("provider_id"))
                            .add(
                                "embeddings_resource_id",
                                target.getJsonArray("resources").getJsonObject(0).getString("id")))
                    .build()
                    .toString());
    assertEquals(201, created.status(), created.toString());
    String id = created.json().getString("id");
    knowledgeBases.add(id);
    return id;
  }

  private String builtinStore() {
    return superadmin().get("v1/platform/providers").json().getJsonArray("providers").stream()
        .map(JsonObject.class::cast)
        .filter(p -> "builtin-vector-store".equals(p.getString("slug")))
        .findFirst()
        .orElseThrow()
        .getString("id");
  }
}
