package dev.mainspring.it;

import static dev.mainspring.it.PlatformIT.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Resync as the Jakarta Batch job knowledge-resync: {@code POST .../resync} answers 202 with a
 * queued run of operation {@code resync}; the job reconciles the knowledge base's active
 * local_directory sources as a source sync does (changed files rewritten, vanished ones deleted,
 * unchanged ones skipped), then re-chunks and re-embeds every stored document (API documents too)
 * from its stored text. Running it twice leaves the same documents and chunks; it is refused while
 * any run of the knowledge base is active; a resync whose instance died is taken over after its
 * checkpoint. The database is shared with the other test classes: every test deletes what it made.
 */
class KnowledgeResyncIT extends ApiTest {

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
  void resyncReconcilesTheSourcesThenRebuildsEveryStoredDocumentFromItsText() throws Exception {
    String kb = createKb();
    Path dir = Files.createDirectories(SOURCE_ROOT.resolve("resync-" + UUID.randomUUID()));
    Files.writeString(dir.resolve("alpha.md"), "# Alpha\n\nSailing boats in the harbour.");
    Files.writeString(dir.resolve("beta.txt"), "Gardening in spring, roses and tulips.");
    Files.writeString(dir.resolve("gamma.txt"), "Volcanoes erupt with lava and ash clouds.");
    String source = createSource(kb, dir);
    assertEquals("ready", syncAndWait(kb, source).getString("status"));
    String manual =
        document(kb, "Manual", "Lighthouses guide ships along the rocky coast at night.");
    String gammaId = documentId(kb, "gamma.txt");
    execute("delete from kb_chunks where document_id = ?", UUID.fromString(manual));
    execute("update kb_chunks set text = 'stale' where document_id = ?", UUID.fromString(gammaId));

    Files.writeString(dir.resolve("alpha.md"), "# Alpha\n\nComets over the observatory.");
    Files.delete(dir.resolve("beta.txt"));
    Files.writeString(dir.resolve("delta.txt"), "Bees make honey from clover in summer.");
    JsonObject run = resyncAndWait(kb);
    assertEquals("ready", run.getString("status"), run.toString());
    assertEquals("resync", run.getString("operation"));
    assertTrue(run.isNull("source_id"));
    assertEquals(3, run.getInt("files_seen"), run.toString());
    assertEquals(2, run.getInt("files_written"), run.toString());
    assertEquals(1, run.getInt("files_unchanged"));
    assertEquals(0, run.getInt("files_failed"));
    assertEquals(1, run.getInt("documents_deleted"));
    assertEquals(
        2,
        run.getInt("documents_rebuilt"),
        "the unchanged file's document and the API one; the two files the reconcile step wrote"
            + " were embedded once, there");

    assertEquals(
        List.of("Manual", "alpha.md", "delta.txt", "gamma.txt"), documentNames(kb), "documents");
    assertEquals(gammaId, documentId(kb, "gamma.txt"), "the unchanged file's document stayed");
    assertFalse(chunksContain(kb, "stale"), "chunks rebuilt from the stored text");
    assertFalse(chunksContain(kb, "Sailing"));
    assertTrue(chunksContain(kb, "Lighthouses"), "the API document's chunks are back");

    String reference = createKb();
    String referenceSource = createSource(reference, dir);
    assertEquals("ready", syncAndWait(reference, referenceSource).getString("status"));
    document(reference, "Manual", "Lighthouses guide ships along the rocky coast at night.");
    assertEquals(chunkSet(reference), chunkSet(kb), "the chunks of a fresh ingestion");

    JsonObject detail = http.get(KBS + "/" + kb).json();
    assertEquals("ready", detail.getString("sync_status"));
    assertTrue(detail.isNull("last_sync_error"), detail.toString());
    JsonObject summary = detail.getJsonObject("last_sync_summary");
    assertEquals(run.getString("id"), summary.getString("sync_run_id"));
    assertEquals("resync", summary.getString("operation"));
    assertEquals(2, summary.getInt("documents_rebuilt"));
    assertEquals(
        run.getString("id"),
        http.get(KBS + "/" + kb + "/sync-runs")
            .json()
            .getJsonArray("sync_runs")
            .getJsonObject(0)
            .getString("id"));
  }

  @Test
  void resyncTwiceLeavesTheSameDocumentsAndChunkRows() throws Exception {
    String kb = createKb();
    Path dir = Files.createDirectories(SOURCE_ROOT.resolve("twice-" + UUID.randomUUID()));
    for (int i = 0; i < 7; i++) {
      Files.writeString(
          dir.resolve(String.format("f%02d.txt", i)),
          ("File "
                  + i
                  + " talks about topic "
                  + (i * 7)
                  + " and about other things, long enough"
                  + " to make more than one chunk of thirty-two tokens. ")
              .repeat(3));
    }
    createSource(kb, dir);
    document(kb, "Api one", "An API document about rivers, deltas and estuaries.");
    document(kb, "Api two", "An API document about mountains, glaciers and valleys.");

    JsonObject first = resyncAndWait(kb);
    assertEquals("ready", first.getString("status"), first.toString());
    assertEquals(7, first.getInt("files_written"));
    assertEquals(2, first.getInt("documents_rebuilt"), "the files written were embedded once");
    List<String> documents = documentRows(kb);
    List<String> chunks = chunkRows(kb);
    assertTrue(chunks.size() > 9, "several chunks per file: " + chunks.size());

    JsonObject second = resyncAndWait(kb);
    assertEquals("ready", second.getString("status"), second.toString());
    assertEquals(0, second.getInt("files_written"));
    assertEquals(7, second.getInt("files_unchanged"));
    assertEquals(0, second.getInt("documents_deleted"));
    assertEquals(9, second.getInt("documents_rebuilt"), "unchanged files are rebuilt from text");
    assertEquals(documents, documentRows(kb), "same documents, same versions");
    assertEquals(chunks, chunkRows(kb), "same chunk rows");
  }

  @Test
  void aResyncIsRefusedWhileAnyRunOfTheKnowledgeBaseIsActiveAndBlocksSourceSyncs()
      throws Exception {
    String kb = createKb();
    Path dir = Files.createDirectories(SOURCE_ROOT.resolve("busy-" + UUID.randomUUID()));
    String source = createSource(kb, dir);
    UUID sourceSync = activeRun(kb, source, "source_sync");
    assertProblem(superadmin().post(KBS + "/" + kb + "/resync", "{}"), 409, "sync_in_progress");
    execute("update kb_sync_runs set status = 'ready' where id = ?", sourceSync);

    activeRun(kb, null, "resync");
    assertProblem(superadmin().post(KBS + "/" + kb + "/resync", "{}"), 409, "sync_in_progress");
    assertProblem(
        superadmin().post(KBS + "/" + kb + "/sources/" + source + "/sync", "{}"),
        409,
        "sync_in_progress");
    assertThrows(
        SQLException.class,
        () -> activeRun(kb, null, "resync"),
        "V18's index: one active resync per knowledge base");
    assertEquals(
        2, http.get(KBS + "/" + kb + "/sync-runs").json().getJsonArray("sync_runs").size());
  }

  @Test
  void resyncIsForSuperadminsAndUnknownOrSelfProvidedKnowledgeBasesAreRefused() {
    String kb = createKb();
    String resync = KBS + "/" + kb + "/resync";
    Accounts.Account admin = Accounts.withOrganization(anonymous, "kbresync-admin");
    Accounts.Account member = Accounts.registered(anonymous, "kbresync-member");
    assertEquals(
        201,
        admin
            .http()
            .post(
                "api/orgs/" + admin.orgId() + "/members",
                "{\"email\":\"" + member.email() + "\",\"role\":\"member\"}")
            .status());
    Http asMember = member.http().withHeader("X-Org-Id", admin.orgId());
    assertProblem(admin.http().post(resync, "{}"), 403, "superadmin_required");
    assertProblem(asMember.post(resync, "{}"), 403, "superadmin_required");
    assertProblem(http.post(resync, "{}"), 403, "superadmin_required");
    assertProblem(anonymous.post(resync, "{}"), 401, "unauthenticated");
    assertProblem(
        superadmin().post(KBS + "/" + UUID.randomUUID() + "/resync", "{}"),
        404,
        "knowledge_base_not_found");
    assertEquals(
        0, http.get(KBS + "/" + kb + "/sync-runs").json().getJsonArray("sync_runs").size());

    Http.Reply selfProvided =
        superadmin()
            .post(
                KBS,
                Json.createObjectBuilder()
                    .add("slug", "resync-" + UUID.randomUUID().toString().substring(0, 8))
                    .add("display_name", "Self")
                    .add("provider_id", builtinStore())
                    .add("vectorization", Json.createObjectBuilder().add("mode", "self_provided"))
                    .build()
                    .toString());
    assertEquals(201, selfProvided.status(), selfProvided.toString());
    String self = selfProvided.json().getString("id");
    knowledgeBases.add(self);
    assertProblem(
        superadmin().post(KBS + "/" + self + "/resync", "{}"), 409, "self_provided_knowledge_base");
    assertEquals(
        0, http.get(KBS + "/" + self + "/sync-runs").json().getJsonArray("sync_runs").size());
  }

  /**
   * An instance died in the rebuild step of a resync: its run is left running with a lease that ran
   * out, its files step done and its document checkpoint after the second of four documents (whose
   * chunks that instance had rewritten). This instance claims the run and rebuilds only the
   * documents after the checkpoint: the chunks of the first two are not made again (deleted here,
   * they stay missing), those of the last two are.
   */
  @Test
  void aResyncWhoseInstanceDiedIsClaimedAndGoesOnAfterItsDocumentCheckpoint() throws Exception {
    String kb = createKb();
    for (int i = 0; i < 4; i++) {
      document(kb, "Doc " + i, "Document " + i + " is about subject number " + (i * 11) + ".");
    }
    List<UUID> ids = new ArrayList<>();
    try (Connection c = TestDatabase.connect();
        PreparedStatement select =
            c.prepareStatement(
                "select id from kb_documents where knowledge_base_id = ? order by id")) {
      select.setObject(1, UUID.fromString(kb));
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          ids.add((UUID) rows.getObject(1));
        }
      }
    }
    execute("delete from kb_chunks where knowledge_base_id = ?", UUID.fromString(kb));
    UUID died = UUID.randomUUID();
    try (Connection c = TestDatabase.connect();
        PreparedStatement insert =
            c.prepareStatement(
                "insert into kb_sync_runs (id, knowledge_base_id, operation, status,"
                    + " documents_rebuilt, checkpoint_document_id, lease_owner,"
                    + " lease_expires_at, version, created_at, started_at)"
                    + " values (?, ?, 'resync', 'running', 2, ?, 'dead-instance/1',"
                    + " now() - interval '1 second', 1, now(), now())")) {
      insert.setObject(1, died);
      insert.setObject(2, UUID.fromString(kb));
      insert.setObject(3, ids.get(1));
      insert.executeUpdate();
    }

    JsonObject resumed = awaitEnd(kb, died.toString());
    assertEquals("ready", resumed.getString("status"), resumed.toString());
    assertEquals(4, resumed.getInt("documents_rebuilt"), resumed.toString());
    assertEquals(0, chunkCount(ids.get(0)), "before the checkpoint: not rebuilt again");
    assertEquals(0, chunkCount(ids.get(1)));
    assertTrue(chunkCount(ids.get(2)) > 0, "after the checkpoint: rebuilt");
    assertTrue(chunkCount(ids.get(3)) > 0);
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
  }

  // ---- helpers ----

  /** Starts a resync (202, a queued resync run, Location of the run) and waits for its end. */
  private JsonObject resyncAndWait(String kb) throws Exception {
    Http.Reply started = superadmin().post(KBS + "/" + kb + "/resync", "{}");
    assertEquals(202, started.status(), started.toString());
    JsonObject run = started.json();
    assertEquals("resync", run.getString("operation"));
    assertEquals("queued", run.getString("status"));
    String id = run.getString("id");
    assertTrue(started.header("Location").endsWith("/" + KBS + "/" + kb + "/sync-runs/" + id));
    return awaitEnd(kb, id);
  }

  private JsonObject syncAndWait(String kb, String source) throws Exception {
    Http.Reply started = superadmin().post(KBS + "/" + kb + "/sources/" + source + "/sync", "{}");
    assertEquals(202, started.status(), started.toString());
    return awaitEnd(kb, started.json().getString("id"));
  }

  /** Polls the run until it has ended. */
  private JsonObject awaitEnd(String kb, String id) throws Exception {
    Instant deadline = Instant.now().plusSeconds(90);
    while (Instant.now().isBefore(deadline)) {
      JsonObject run = http.get(KBS + "/" + kb + "/sync-runs/" + id).json();
      String status = run.getString("status");
      if (status.equals("ready") || status.equals("error")) {
        return run;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("sync run " + id + " did not end in 90 s");
  }

  /** A run of the knowledge base left active by a live instance (lease an hour ahead). */
  private static UUID activeRun(String kb, String source, String operation) throws SQLException {
    UUID id = UUID.randomUUID();
    try (Connection c = TestDatabase.connect();
        PreparedStatement insert =
            c.prepareStatement(
                "insert into kb_sync_runs (id, knowledge_base_id, source_id, operation, status,"
                    + " lease_owner, lease_expires_at, version, created_at) values (?, ?, ?, ?,"
                    + " 'running', 'alive-instance/1', now() + interval '1 hour', 0, now())")) {
      insert.setObject(1, id);
      insert.setObject(2, UUID.fromString(kb));
      insert.setObject(3, source == null ? null : UUID.fromString(source));
      insert.setString(4, operation);
      insert.executeUpdate();
    }
    return id;
  }

  private static void execute(String sql, UUID parameter) throws SQLException {
    try (Connection c = TestDatabase.connect();
        PreparedStatement statement = c.prepareStatement(sql)) {
      statement.setObject(1, parameter);
      statement.executeUpdate();
    }
  }

  /** Every chunk of the knowledge base as "path or title#position:tokens:text", sorted. */
  private static List<String> chunkSet(String kb) throws Exception {
    return strings(
        "select coalesce(d.source_path, d.title) || '#' || c.position || ':' || c.token_count"
            + " || ':' || c.text from kb_chunks c join kb_documents d on d.id = c.document_id"
            + " where c.knowledge_base_id = ?",
        kb);
  }

  /** Every chunk row of the knowledge base: document, position, tokens, text and vector. */
  private static List<String> chunkRows(String kb) throws Exception {
    return strings(
        "select c.document_id || '#' || c.position || ':' || c.token_count || ':' || c.dimensions"
            + " || ':' || md5(c.embedding) || ':' || c.text from kb_chunks c"
            + " where c.knowledge_base_id = ?",
        kb);
  }

  /** Every document of the knowledge base: id, version, hash and chunk count. */
  private static List<String> documentRows(String kb) throws Exception {
    return strings(
        "select id || ':' || version || ':' || content_hash || ':' || chunk_count"
            + " from kb_documents where knowledge_base_id = ?",
        kb);
  }

  /** The documents' source paths (titles for API documents), sorted. */
  private static List<String> documentNames(String kb) throws Exception {
    return strings(
        "select coalesce(source_path, title) from kb_documents where knowledge_base_id = ?", kb);
  }

  private static List<String> strings(String sql, String kb) throws Exception {
    List<String> values = new ArrayList<>();
    try (Connection c = TestDatabase.connect();
        PreparedStatement select = c.prepareStatement(sql)) {
      select.setObject(1, UUID.fromString(kb));
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          values.add(rows.getString(1));
        }
      }
    }
    values.sort(null);
    return values;
  }

  private static String documentId(String kb, String path) throws Exception {
    try (Connection c = TestDatabase.connect();
        PreparedStatement select =
            c.prepareStatement(
                "select id from kb_documents where knowledge_base_id = ? and source_path = ?")) {
      select.setObject(1, UUID.fromString(kb));
      select.setString(2, path);
      try (ResultSet rows = select.executeQuery()) {
        assertTrue(rows.next(), "a document for " + path);
        return rows.getObject(1).toString();
      }
    }
  }

  private static int chunkCount(UUID document) throws Exception {
    try (Connection c = TestDatabase.connect();
        PreparedStatement select =
            c.prepareStatement("select count(*) from kb_chunks where document_id = ?")) {
      select.setObject(1, document);
      try (ResultSet rows = select.executeQuery()) {
        rows.next();
        return rows.getInt(1);
      }
    }
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

  private String document(String kb, String title, String text) {
    Http.Reply created =
        superadmin()
            .post(
                KBS + "/" + kb + "/documents",
                Json.createObjectBuilder()
                    .add("title", title)
                    .add("text", text)
                    .build()
                    .toString());
    assertEquals(201, created.status(), created.toString());
    return created.json().getString("id");
  }

  private String createSource(String kb, Path dir) {
    Http.Reply created =
        superadmin()
            .post(
                KBS + "/" + kb + "/sources",
                Json.createObjectBuilder()
                    .add("display_name", "Dir")
                    .add("path", dir.toString())
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
                    .add("slug", "resync-" + UUID.randomUUID().toString().substring(0, 8))
                    .add("display_name", "Resynced")
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
