package dev.mainspring.it;

import static dev.mainspring.it.PlatformIT.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import dev.mainspring.inference.service.upstream.StubOpenAiServer;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Knowledge documents (document C): written through the API and by upload, chunked with the
 * knowledge base's token chunking, embedded with the built-in model, stored with their vectors in
 * PostgreSQL and searched through the built-in in-process vector store. Knowledge bases are made on
 * the seeded built-in vector-store provider, as a newcomer would.
 *
 * <p>The database is shared with the other test classes: every test deletes what it made.
 */
class KnowledgeDocumentsIT extends ApiTest {

  private static final String KBS = "v1/context/knowledge-bases";
  private static final String OPTIONS = "v1/context/vectorization-options";

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
  void documentsLifecycleWithETagsChunksAndVectorsInPostgres() throws Exception {
    String kb = createKb(32, 8);
    String docs = KBS + "/" + kb + "/documents";
    String text = words("alpha", 120);
    Http.Reply created =
        superadmin()
            .post(
                docs,
                Json.createObjectBuilder()
                    .add("title", "Alpha")
                    .add("text", text)
                    .add("source_path", "notes/alpha.txt")
                    .add("metadata", Json.createObjectBuilder().add("team", "blue"))
                    .build()
                    .toString());
    assertEquals(201, created.status(), created.toString());
    JsonObject doc = created.json();
    String id = doc.getString("id");
    assertTrue(created.header("Location").endsWith("/" + docs + "/" + id));
    assertEquals("\"" + doc.getJsonNumber("version").longValue() + "\"", created.header("ETag"));
    assertEquals("api", doc.getString("origin"));
    assertEquals("blue", doc.getJsonObject("metadata").getString("team"));
    int chunks = doc.getInt("chunk_count");
    assertTrue(chunks > 3, "120 words in windows of 32 tokens make several chunks: " + doc);
    assertEquals(chunks, chunkRows(id, 32));

    JsonObject listed = http.get(docs).json().getJsonArray("documents").getJsonObject(0);
    assertEquals(id, listed.getString("id"));
    assertFalse(listed.containsKey("text") && !listed.isNull("text"), "lists leave text out");
    Http.Reply read = http.get(docs + "/" + id);
    assertEquals(text, read.json().getString("text"));

    String shorter =
        Json.createObjectBuilder()
            .add("title", "Alpha, shorter")
            .add("text", "alpha beta gamma")
            .build()
            .toString();
    assertProblem(
        superadmin().put(docs + "/" + id, shorter, "If-Match", "\"99\""),
        412,
        "precondition_failed");
    Http.Reply replaced =
        superadmin().put(docs + "/" + id, shorter, "If-Match", read.header("ETag"));
    assertEquals(200, replaced.status(), replaced.toString());
    assertEquals(1, replaced.json().getInt("chunk_count"));
    assertEquals("Alpha, shorter", replaced.json().getString("title"));
    assertEquals(1, chunkRows(id, 32), "the old chunks were replaced, not kept");

    assertEquals(204, superadmin().delete(docs + "/" + id).status());
    assertProblem(http.get(docs + "/" + id), 404, "document_not_found");
    assertEquals(0, chunkRows(id, 32));
  }

  @Test
  void uploadsOfEverySupportedTypeBecomeDocuments() throws Exception {
    String kb = createKb(64, 0);
    String uploads = KBS + "/" + kb + "/uploads";
    assertUpload(uploads, "readme.txt", "plain text about sailing boats".getBytes(), "text/plain");
    assertUpload(
        uploads, "guide.md", "# Guide\n\nGardening in spring.".getBytes(), "text/markdown");
    assertUpload(uploads, "data.json", "{\"topic\":\"volcanoes\"}".getBytes(), "application/json");
    assertUpload(
        uploads, "rows.jsonl", "{\"a\":1}\n{\"b\":\"comets\"}\n".getBytes(), "application/jsonl");
    JsonObject pdf =
        assertUpload(
            uploads, "report.pdf", pdf("The quarterly report on glaciers."), "application/pdf");
    String text =
        http.get(KBS + "/" + kb + "/documents/" + pdf.getString("id")).json().getString("text");
    assertTrue(text.contains("quarterly report on glaciers"), text);
    assertEquals(
        5, http.get(KBS + "/" + kb + "/documents").json().getJsonArray("documents").size());
  }

  @Test
  void unreadableOrUnsupportedUploadsAre4xxAndStoreNothing() throws Exception {
    String kb = createKb(64, 0);
    String uploads = KBS + "/" + kb + "/uploads";
    assertProblem(upload(uploads, "slides.docx", "x".getBytes()), 400, "unsupported_file_type");
    assertProblem(
        upload(uploads, "broken.pdf", "%PDF-1.7 nonsense".getBytes()), 400, "unreadable_file");
    assertProblem(upload(uploads, "bad.json", "{\"a\":".getBytes()), 400, "unreadable_file");
    assertProblem(upload(uploads, "bad.jsonl", "{}\nnope\n".getBytes()), 400, "unreadable_file");
    assertProblem(
        upload(uploads, "latin1.txt", new byte[] {(byte) 0xE9, 'a'}), 400, "unreadable_file");
    assertProblem(upload(uploads, "secret.pdf", encryptedPdf()), 400, "pdf_encrypted");
    assertProblem(upload(uploads, "scan.pdf", pdf(null)), 400, "pdf_without_text");
    assertProblem(upload(uploads, "big.txt", new byte[30_000]), 413, "upload_too_large");
    assertProblem(
        superadmin()
            .send(
                "POST",
                uploads,
                BodyPublishers.ofString("not multipart"),
                "Content-Type",
                "multipart/form-data; boundary=xyz"),
        400,
        "invalid_multipart");
    assertEquals(
        0, http.get(KBS + "/" + kb + "/documents").json().getJsonArray("documents").size());
  }

  @Test
  void aQueryNearOneDocumentsTextRanksItFirst() {
    String kb = createKb(64, 8);
    String docs = KBS + "/" + kb + "/documents";
    String volcano =
        document(
            docs,
            "Volcanoes",
            "Volcanoes erupt when magma rises through the crust; lava flows and ash clouds follow.");
    document(docs, "Baking", "Bread dough needs flour, water, yeast and salt, kneaded and baked.");
    document(docs, "Football", "The striker scored a goal in the final minute of the match.");
    JsonObject answer =
        http.post(KBS + "/" + kb + "/query", "{\"query\":\"lava and magma eruption\",\"top_k\":2}")
            .json();
    JsonArray results = answer.getJsonArray("results");
    assertEquals(2, results.size(), answer.toString());
    JsonObject first = results.getJsonObject(0);
    assertEquals(volcano, first.getString("document_id"));
    assertEquals("Volcanoes", first.getString("document_title"));
    assertTrue(first.getString("text").contains("magma"));
    assertTrue(
        first.getJsonNumber("score").doubleValue()
            > results.getJsonObject(1).getJsonNumber("score").doubleValue());
  }

  /**
   * Retrieval quality on a small corpus with known answers: for every question, the document that
   * answers it is among the top 3 in each mode. Keyword questions share (stemmed) words with their
   * answer; the semantic ones are paraphrases.
   */
  @Test
  void eachModeFindsTheAnsweringDocumentInItsTopThree() {
    String kb = createKb(64, 8);
    String docs = KBS + "/" + kb + "/documents";
    Map<String, String> ids = new LinkedHashMap<>();
    String[][] corpus = {
      {
        "volcanoes",
        "Volcanoes erupt when magma rises through the crust; lava flows and ash clouds"
            + " follow the eruption."
      },
      {
        "bread",
        "Bread dough needs flour, water, yeast and salt; it is kneaded, left to rise and"
            + " baked in a hot oven."
      },
      {"football", "The striker scored a goal in the final minute and the team won the match."},
      {"glaciers", "Glaciers are rivers of ice that carve valleys as they slowly move downhill."},
      {
        "photosynthesis",
        "Plants turn sunlight, water and carbon dioxide into sugar and oxygen in" + " their leaves."
      },
      {
        "invoices",
        "Invoices are sent on the first day of each month and are due within thirty" + " days."
      },
      {
        "passwords",
        "To reset your password, open the account settings and choose forgot"
            + " password; a link arrives by email."
      },
      {"tides", "The moon's gravity pulls the oceans, causing high and low tides twice a day."}
    };
    for (String[] doc : corpus) {
      ids.put(doc[0], document(docs, doc[0], doc[1]));
    }
    String[][] questions = {
      {"volcanoes", "what happens when a volcano erupts lava"},
      {"bread", "how do I bake bread with yeast"},
      {"glaciers", "how do glaciers of ice move"},
      {"photosynthesis", "how do plants make oxygen from sunlight"},
      {"invoices", "when are invoices due"},
      {"passwords", "I forgot my password, how do I reset it"},
      {"tides", "why do tides happen in the ocean"},
      {"football", "who scored the goal in the match"}
    };
    for (String mode : List.of("semantic", "keyword", "hybrid")) {
      for (String[] question : questions) {
        JsonObject answer =
            http.post(
                    KBS + "/" + kb + "/query",
                    Json.createObjectBuilder()
                        .add("query", question[1])
                        .add("top_k", 3)
                        .add("mode", mode)
                        .build()
                        .toString())
                .json();
        assertEquals(mode, answer.getString("mode"));
        List<String> found =
            answer.getJsonArray("results").stream()
                .map(r -> r.asJsonObject().getString("document_id"))
                .toList();
        assertTrue(
            found.contains(ids.get(question[0])),
            mode + " did not find " + question[0] + " for '" + question[1] + "': " + answer);
      }
    }
    JsonObject none =
        http.post(KBS + "/" + kb + "/query", "{\"query\":\"zeppelin\",\"mode\":\"keyword\"}")
            .json();
    assertEquals(0, none.getJsonArray("results").size(), "no chunk has the word: " + none);
  }

  @Test
  void filtersNarrowEveryModeToTheDocumentsTheyLetThrough() {
    String kb = createKb(64, 0);
    String docs = KBS + "/" + kb + "/documents";
    String red = documentWith(docs, "Red", "Apples grow on trees in the orchard.", "red");
    String blue = documentWith(docs, "Blue", "Apples are pressed into cider in autumn.", "blue");
    for (String mode : List.of("semantic", "keyword", "hybrid")) {
      assertEquals(
          List.of(blue),
          foundDocuments(kb, mode, "{\"metadata\":{\"team\":\"blue\"}}"),
          mode + " by metadata");
      assertEquals(
          List.of(red),
          foundDocuments(kb, mode, "{\"document_ids\":[\"" + red + "\"]}"),
          mode + " by document");
      assertEquals(
          List.of(),
          foundDocuments(kb, mode, "{\"source_ids\":[\"" + UUID.randomUUID() + "\"]}"),
          mode + " by a source no document came from");
      assertEquals(
          Set.of(red, blue), new HashSet<>(foundDocuments(kb, mode, "{}")), mode + " unfiltered");
    }
    assertProblem(
        http.post(KBS + "/" + kb + "/query", "{\"query\":\"apples\",\"mode\":\"fuzzy\"}"),
        400,
        "validation_failed");
    assertProblem(
        http.post(
            KBS + "/" + kb + "/query",
            "{\"query\":\"apples\",\"filters\":{\"source_ids\":[\"not-a-uuid\"]}}"),
        400,
        "malformed_json");
  }

  /** The ids of the documents a query for apples finds (top 5) in the mode, with the filters. */
  private List<String> foundDocuments(String kb, String mode, String filters) {
    Http.Reply reply =
        http.post(
            KBS + "/" + kb + "/query",
            "{\"query\":\"apples\",\"top_k\":5,\"mode\":\""
                + mode
                + "\",\"filters\":"
                + filters
                + "}");
    assertEquals(200, reply.status(), reply.toString());
    return reply.json().getJsonArray("results").stream()
        .map(r -> r.asJsonObject().getString("document_id"))
        .distinct()
        .toList();
  }

  private String documentWith(String docs, String title, String text, String team) {
    Http.Reply created =
        superadmin()
            .post(
                docs,
                Json.createObjectBuilder()
                    .add("title", title)
                    .add("text", text)
                    .add("metadata", Json.createObjectBuilder().add("team", team))
                    .build()
                    .toString());
    assertEquals(201, created.status(), created.toString());
    return created.json().getString("id");
  }

  /**
   * Another instance's write reaches this instance's index through the change log: rows written
   * straight into PostgreSQL, with a change, are found by a query within the catch-up interval.
   */
  @Test
  void theIndexCatchesUpWithChangesOtherInstancesCommit() throws Exception {
    String kb = createKb(64, 0);
    String docs = KBS + "/" + kb + "/documents";
    String original =
        document(docs, "Comets", "Comets are icy bodies with tails that point away from the sun.");
    UUID copy = UUID.randomUUID();
    try (Connection c = TestDatabase.connect()) {
      c.setAutoCommit(false);
      try (PreparedStatement doc =
              c.prepareStatement(
                  "insert into kb_documents (id, knowledge_base_id, origin, title, media_type,"
                      + " text, metadata, content_hash, chunk_count, token_count, version,"
                      + " created_at, updated_at) select ?, knowledge_base_id, origin,"
                      + " 'Comets again', media_type, text, metadata, content_hash, chunk_count,"
                      + " token_count, 1, now(), now() from kb_documents where id = ?");
          PreparedStatement chunk =
              c.prepareStatement(
                  "insert into kb_chunks (id, knowledge_base_id, document_id, position, text,"
                      + " token_count, dimensions, embedding) select gen_random_uuid(),"
                      + " knowledge_base_id, ?, position, text, token_count, dimensions,"
                      + " embedding from kb_chunks where document_id = ?");
          PreparedStatement change =
              c.prepareStatement(
                  "with next as (update kb_change_counter set last_sequence = last_sequence + 1"
                      + " where id = 1 returning last_sequence) insert into kb_changes"
                      + " select last_sequence, ?, ?, now() from next")) {
        doc.setObject(1, copy);
        doc.setObject(2, UUID.fromString(original));
        assertEquals(1, doc.executeUpdate());
        chunk.setObject(1, copy);
        chunk.setObject(2, UUID.fromString(original));
        assertEquals(1, chunk.executeUpdate());
        change.setObject(1, UUID.fromString(kb));
        change.setObject(2, copy);
        change.executeUpdate();
      }
      c.commit();
    }
    List<String> found = awaitQuery(kb, "icy comet tails", ids -> ids.contains(copy.toString()));
    assertTrue(found.contains(copy.toString()), "the catch-up did not index the copy: " + found);
    assertTrue(found.contains(original));

    try (Connection c = TestDatabase.connect()) {
      c.setAutoCommit(false);
      try (PreparedStatement delete = c.prepareStatement("delete from kb_documents where id = ?");
          PreparedStatement change =
              c.prepareStatement(
                  "with next as (update kb_change_counter set last_sequence = last_sequence + 1"
                      + " where id = 1 returning last_sequence) insert into kb_changes"
                      + " select last_sequence, ?, ?, now() from next")) {
        delete.setObject(1, copy);
        assertEquals(1, delete.executeUpdate());
        change.setObject(1, UUID.fromString(kb));
        change.setObject(2, copy);
        change.executeUpdate();
      }
      c.commit();
    }
    found = awaitQuery(kb, "icy comet tails", ids -> !ids.contains(copy.toString()));
    assertEquals(List.of(original), found, "the deleted copy is gone from the index");
  }

  /** The document ids a query finds, asked again until {@code done} holds or 10 s passed. */
  private List<String> awaitQuery(String kb, String query, Predicate<List<String>> done)
      throws InterruptedException {
    long deadline = System.currentTimeMillis() + 10_000;
    List<String> found;
    do {
      Thread.sleep(100);
      found =
          http
              .post(KBS + "/" + kb + "/query", "{\"query\":\"" + query + "\",\"top_k\":5}")
              .json()
              .getJsonArray("results")
              .stream()
              .map(r -> r.asJsonObject().getString("document_id"))
              .toList();
    } while (!done.test(found) && System.currentTimeMillis() < deadline);
    return found;
  }

  @Test
  void deletingAKnowledgeBaseDeletesItsDocumentsAndChunks() throws Exception {
    String kb = createKb(64, 0);
    String doc = document(KBS + "/" + kb + "/documents", "Doomed", "text that goes with its base");
    assertEquals(1, chunkRows(doc, 64));
    assertEquals(204, superadmin().delete(KBS + "/" + kb).status());
    knowledgeBases.remove(kb);
    assertEquals(0, chunkRows(doc, 64));
    assertProblem(http.get(KBS + "/" + kb + "/documents/" + doc), 404, "knowledge_base_not_found");
  }

  @Test
  void documentsOfOneKnowledgeBaseAreNotFoundThroughAnother() {
    String one = createKb(64, 0);
    String two = createKb(64, 0);
    String doc = document(KBS + "/" + one + "/documents", "Only in one", "text of one");
    String elsewhere = KBS + "/" + two + "/documents/" + doc;
    assertProblem(http.get(elsewhere), 404, "document_not_found");
    assertProblem(superadmin().put(elsewhere, docBody("x", "y")), 404, "document_not_found");
    assertProblem(superadmin().delete(elsewhere), 404, "document_not_found");
    JsonArray hits =
        http.post(KBS + "/" + two + "/query", "{\"query\":\"text of one\"}")
            .json()
            .getJsonArray("results");
    assertEquals(0, hits.size(), "another knowledge base's chunks are not searched");
    String unknown = KBS + "/" + UUID.randomUUID();
    assertProblem(http.get(unknown + "/documents"), 404, "knowledge_base_not_found");
    assertProblem(
        superadmin().post(unknown + "/documents", docBody("a", "b")),
        404,
        "knowledge_base_not_found");
    assertProblem(
        upload(unknown + "/uploads", "a.txt", "a".getBytes()), 404, "knowledge_base_not_found");
    assertProblem(
        http.post(unknown + "/query", "{\"query\":\"q\"}"), 404, "knowledge_base_not_found");
    assertEquals(200, http.get(KBS + "/" + one + "/documents/" + doc).status());
  }

  @Test
  void adminsReadAndQuerySuperadminsWriteMembersNeitherNobodyAnonymous() {
    String kb = createKb(64, 0);
    String docs = KBS + "/" + kb + "/documents";
    String doc = document(docs, "Roles", "who may do what");
    Accounts.Account admin = Accounts.withOrganization(anonymous, "kbdoc-admin");
    Accounts.Account member = Accounts.registered(anonymous, "kbdoc-member");
    assertEquals(
        201,
        admin
            .http()
            .post(
                "api/orgs/" + admin.orgId() + "/members",
                "{\"email\":\"" + member.email() + "\",\"role\":\"member\"}")
            .status());
    Http asMember = member.http().withHeader("X-Org-Id", admin.orgId());
    String query = "{\"query\":\"who\"}";
    assertEquals(200, admin.http().get(docs).status());
    assertEquals(200, admin.http().get(docs + "/" + doc).status());
    assertEquals(200, admin.http().post(KBS + "/" + kb + "/query", query).status());
    assertProblem(asMember.get(docs), 403, "admin_required");
    assertProblem(asMember.get(docs + "/" + doc), 403, "admin_required");
    assertProblem(asMember.post(KBS + "/" + kb + "/query", query), 403, "admin_required");
    for (Http notSuperadmin : List.of(admin.http(), asMember)) {
      assertProblem(notSuperadmin.post(docs, docBody("t", "x")), 403, "superadmin_required");
      assertProblem(
          notSuperadmin.put(docs + "/" + doc, docBody("t", "x")), 403, "superadmin_required");
      assertProblem(notSuperadmin.delete(docs + "/" + doc), 403, "superadmin_required");
      assertProblem(
          upload(notSuperadmin, KBS + "/" + kb + "/uploads", "a.txt", "a".getBytes()),
          403,
          "superadmin_required");
    }
    assertProblem(anonymous.get(docs), 401, "unauthenticated");
    assertProblem(anonymous.post(KBS + "/" + kb + "/query", query), 401, "unauthenticated");
    assertEquals(
        1,
        http.get(docs).json().getJsonArray("documents").size(),
        "nothing was written or deleted");
    Accounts.Account other = Accounts.withOrganization(anonymous, "kbdoc-other");
    assertEquals(
        http.get(docs + "/" + doc).json(),
        other.http().get(docs + "/" + doc).json(),
        "documents are installation-wide like their knowledge base");
  }

  @Test
  void badDocumentsAreRefusedAndChangeNothing() {
    String kb = createKb(64, 0);
    String docs = KBS + "/" + kb + "/documents";
    assertProblem(superadmin().post(docs, "{\"text\":\"no title\"}"), 400, "validation_failed");
    assertProblem(superadmin().post(docs, "{\"title\":\"no text\"}"), 400, "validation_failed");
    assertProblem(
        superadmin().post(docs, "{\"title\":\"t\",\"text\":\"a\",\"metadata\":3}"),
        400,
        "malformed_json");
    assertProblem(
        http.post(KBS + "/" + kb + "/query", "{\"query\":\"\"}"), 400, "validation_failed");
    assertProblem(
        http.post(KBS + "/" + kb + "/query", "{\"query\":\"q\",\"top_k\":0}"),
        400,
        "validation_failed");
    assertEquals(0, http.get(docs).json().getJsonArray("documents").size());

    Http.Reply selfProvided =
        superadmin()
            .post(
                KBS,
                Json.createObjectBuilder()
                    .add("slug", slug())
                    .add("display_name", "Self")
                    .add("provider_id", builtinStore())
                    .add("vectorization", Json.createObjectBuilder().add("mode", "self_provided"))
                    .build()
                    .toString());
    assertEquals(201, selfProvided.status(), selfProvided.toString());
    String self = selfProvided.json().getString("id");
    knowledgeBases.add(self);
    assertProblem(
        superadmin().post(KBS + "/" + self + "/documents", docBody("t", "x")),
        409,
        "self_provided_knowledge_base");
    assertProblem(
        http.post(KBS + "/" + self + "/query", "{\"query\":\"q\"}"),
        409,
        "self_provided_knowledge_base");
  }

  /**
   * A knowledge base on an OpenAI-compatible embeddings provider: chunks are counted with jtokkit's
   * cl100k_base (not the built-in WordPiece tokenizer), vectors come from the provider through the
   * gateway, and the call needs an organization to meter (the superadmin acts for one here).
   */
  @Test
  void anOpenAiCompatibleEmbeddingsModelIsCalledThroughTheGatewayWithCl100kChunking()
      throws Exception {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    try (StubOpenAiServer stub = StubOpenAiServer.start()) {
      Http admin = superadmin();
      String llmProvider =
          ModelPlatform.provider(admin, "kbllm-" + tag, stub.baseUrl(), null, "{}");
      String llm = ModelPlatform.activeChatModel(admin, "kbllm-" + tag, llmProvider);
      String embeddingsProvider =
          ModelPlatform.provider(
              admin,
              "openai_compatible_cloud_embeddings",
              "kbemb-" + tag,
              stub.baseUrl(),
              null,
              "{}");
      String embedder =
          ModelPlatform.activeModel(admin, "kbemb-" + tag, "embeddings", embeddingsProvider);
      ModelPlatform.activeDeployment(
          admin,
          "kb-" + tag,
          ModelPlatform.binding("llm_inference", llmProvider, llm),
          ModelPlatform.binding("embeddings", embeddingsProvider, embedder));
      try {
        String kb = createKb(16, 0, embeddingsProvider, embedder);
        String docs = KBS + "/" + kb + "/documents";
        String text =
            "Antidisestablishmentarianism notwithstanding, Übergrößenträger and"
                + " internationalisation 1234567 cost tokens; "
                + words("zq", 30);
        assertProblem(superadmin().post(docs, docBody("t", text)), 403, "no_organization");
        Http actingForOrg = superadmin().withHeader("X-Org-Id", orgOf(http));
        Http.Reply created = actingForOrg.post(docs, docBody("Tokens", text));
        assertEquals(201, created.status(), created.toString());
        JsonObject doc = created.json();
        Encoding cl100k = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.CL100K_BASE);
        int expected = 0;
        for (String word : text.split("\\s+")) {
          expected += cl100k.countTokensOrdinary(word);
        }
        assertEquals(expected, doc.getInt("token_count"), "counted word by word with cl100k_base");
        assertTrue(doc.getInt("chunk_count") >= expected / 16, doc.toString());
        int rows = 0;
        try (Connection c = TestDatabase.connect();
            PreparedStatement select =
                c.prepareStatement(
                    "select token_count, dimensions from kb_chunks where document_id = ?")) {
          select.setObject(1, UUID.fromString(doc.getString("id")));
          try (ResultSet result = select.executeQuery()) {
            while (result.next()) {
              rows++;
              assertTrue(result.getInt(1) <= 16);
              assertEquals(StubOpenAiServer.EMBEDDING_DIMENSIONS, result.getInt(2));
            }
          }
        }
        assertEquals(doc.getInt("chunk_count"), rows);
        JsonArray hits =
            http.post(KBS + "/" + kb + "/query", "{\"query\":\"tokens\",\"top_k\":3}")
                .json()
                .getJsonArray("results");
        assertEquals(3, hits.size());
        assertEquals(doc.getString("id"), hits.getJsonObject(0).getString("document_id"));
      } finally {
        activateLocalDefault();
      }
    }
  }

  // ---- sources ----

  /** The root the test server allows (CONTEXT_SOURCE_ROOTS in arquillian.xml). */
  private static final Path SOURCE_ROOT = Path.of("/tmp/mainspring-it-source-root");

  @Test
  void localDirectorySourcesUnderTheRootsWithGlobsAndETags() throws Exception {
    String kb = createKb(64, 0);
    String sources = KBS + "/" + kb + "/sources";
    Path dir = Files.createDirectories(SOURCE_ROOT.resolve("docs-" + UUID.randomUUID()));
    Http.Reply created =
        superadmin()
            .post(
                sources,
                sourceBody("Team docs", dir.toString())
                    .add("include_globs", Json.createArrayBuilder().add("*.md").add("*.pdf"))
                    .add("exclude_globs", Json.createArrayBuilder().add("drafts/*"))
                    .build()
                    .toString());
    assertEquals(201, created.status(), created.toString());
    JsonObject source = created.json();
    String id = source.getString("id");
    assertTrue(created.header("Location").endsWith("/" + sources + "/" + id));
    assertEquals("local_directory", source.getString("source_type"));
    assertEquals(dir.toRealPath().toString(), source.getString("path"));
    assertEquals(
        List.of("*.md", "*.pdf"),
        source.getJsonArray("include_globs").getValuesAs(jakarta.json.JsonString.class).stream()
            .map(jakarta.json.JsonString::getString)
            .toList());
    assertEquals("active", source.getString("lifecycle_state"));
    assertEquals(1, http.get(sources).json().getJsonArray("sources").size());

    String renamed = sourceBody("Renamed", dir.toString()).build().toString();
    assertProblem(
        superadmin().put(sources + "/" + id, renamed, "If-Match", "\"99\""),
        412,
        "precondition_failed");
    Http.Reply replaced =
        superadmin().put(sources + "/" + id, renamed, "If-Match", created.header("ETag"));
    assertEquals(200, replaced.status(), replaced.toString());
    assertEquals("Renamed", replaced.json().getString("display_name"));
    assertEquals(0, replaced.json().getJsonArray("include_globs").size());

    String other = createKb(64, 0);
    assertProblem(
        superadmin().put(KBS + "/" + other + "/sources/" + id, renamed), 404, "source_not_found");
    assertProblem(
        superadmin().delete(KBS + "/" + other + "/sources/" + id), 404, "source_not_found");
    assertEquals(0, http.get(KBS + "/" + other + "/sources").json().getJsonArray("sources").size());

    assertEquals(204, superadmin().delete(sources + "/" + id).status());
    assertEquals(0, http.get(sources).json().getJsonArray("sources").size());
  }

  @Test
  void sourcePathsOutsideTheRootsThroughDotDotOrLinksAreRefused() throws Exception {
    String kb = createKb(64, 0);
    String sources = KBS + "/" + kb + "/sources";
    String tag = UUID.randomUUID().toString();
    Path inside = Files.createDirectories(SOURCE_ROOT.resolve("in-" + tag));
    Path outside = Files.createDirectories(Path.of("/tmp/mainspring-it-outside-" + tag));
    Path link = Files.createSymbolicLink(SOURCE_ROOT.resolve("link-" + tag), outside);
    Path file = Files.writeString(inside.resolve("a.txt"), "x");
    assertBadSource(sources, outside.toString(), "source_path_outside_roots");
    assertBadSource(sources, link.toString(), "source_path_outside_roots");
    assertBadSource(sources, inside + "/../../tmp", "source_path_escape");
    assertBadSource(sources, "relative/dir", "invalid_source_path");
    assertBadSource(sources, file.toString(), "source_path_not_directory");
    assertBadSource(sources, inside + "/missing", "source_path_not_directory");
    assertProblem(
        superadmin()
            .post(
                sources,
                sourceBody("x", inside.toString())
                    .add("source_type", "s3_bucket")
                    .build()
                    .toString()),
        400,
        "invalid_source_type");
    assertProblem(
        superadmin()
            .post(
                sources,
                sourceBody("x", inside.toString())
                    .add("include_globs", Json.createArrayBuilder().add(" "))
                    .build()
                    .toString()),
        400,
        "invalid_glob");
    assertEquals(0, http.get(sources).json().getJsonArray("sources").size(), "nothing was made");
  }

  @Test
  void sourcesAreReadByAdminsWrittenBySuperadminsAnd404ForAnUnknownKnowledgeBase()
      throws Exception {
    String kb = createKb(64, 0);
    String sources = KBS + "/" + kb + "/sources";
    Path dir = Files.createDirectories(SOURCE_ROOT.resolve("roles-" + UUID.randomUUID()));
    String body = sourceBody("Roles", dir.toString()).build().toString();
    String id = superadmin().post(sources, body).json().getString("id");
    Accounts.Account admin = Accounts.withOrganization(anonymous, "kbsrc-admin");
    assertEquals(200, admin.http().get(sources).status());
    assertProblem(admin.http().post(sources, body), 403, "superadmin_required");
    assertProblem(admin.http().put(sources + "/" + id, body), 403, "superadmin_required");
    assertProblem(admin.http().delete(sources + "/" + id), 403, "superadmin_required");
    assertProblem(anonymous.get(sources), 401, "unauthenticated");
    String unknown = KBS + "/" + UUID.randomUUID() + "/sources";
    assertProblem(http.get(unknown), 404, "knowledge_base_not_found");
    assertProblem(superadmin().post(unknown, body), 404, "knowledge_base_not_found");
    assertEquals(1, http.get(sources).json().getJsonArray("sources").size());
  }

  private void assertBadSource(String sources, String path, String code) {
    assertProblem(
        superadmin().post(sources, sourceBody("Bad", path).build().toString()), 400, code);
  }

  private static JsonObjectBuilder sourceBody(String name, String path) {
    return Json.createObjectBuilder().add("display_name", name).add("path", path);
  }

  // ---- helpers ----

  private JsonObject assertUpload(String path, String name, byte[] content, String mediaType) {
    Http.Reply reply = upload(path, name, content);
    assertEquals(201, reply.status(), name + ": " + reply);
    JsonObject doc = reply.json();
    assertEquals("upload", doc.getString("origin"));
    assertEquals(name, doc.getString("title"));
    assertEquals(mediaType, doc.getString("media_type"));
    assertTrue(doc.getInt("chunk_count") >= 1, doc.toString());
    assertNotEquals(null, reply.header("Location"));
    return doc;
  }

  private Http.Reply upload(String path, String name, byte[] content) {
    return upload(superadmin(), path, name, content);
  }

  private static Http.Reply upload(Http client, String path, String name, byte[] content) {
    String boundary = "----kb" + UUID.randomUUID();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes(
        ("--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
                + name
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n")
            .getBytes(StandardCharsets.UTF_8));
    body.writeBytes(content);
    body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return client.send(
        "POST",
        path,
        BodyPublishers.ofByteArray(body.toByteArray()),
        "Content-Type",
        "multipart/form-data; boundary=" + boundary);
  }

  /** A one-page PDF with the text, or with no text at all (as a scan without OCR has). */
  private static byte[] pdf(String text) throws IOException {
    try (PDDocument document = new PDDocument()) {
      PDPage page = new PDPage();
      document.addPage(page);
      if (text != null) {
        try (PDPageContentStream content = new PDPageContentStream(document, page)) {
          content.beginText();
          content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
          content.newLineAtOffset(72, 700);
          content.showText(text);
          content.endText();
        }
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      document.save(out);
      return out.toByteArray();
    }
  }

  private static byte[] encryptedPdf() throws IOException {
    try (PDDocument document = org.apache.pdfbox.Loader.loadPDF(pdf("secret plans"))) {
      StandardProtectionPolicy policy =
          new StandardProtectionPolicy("owner-pw", "user-pw", new AccessPermission());
      policy.setEncryptionKeyLength(128);
      document.protect(policy);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      document.save(out);
      return out.toByteArray();
    }
  }

  private String document(String docs, String title, String text) {
    Http.Reply created = superadmin().post(docs, docBody(title, text));
    assertEquals(201, created.status(), created.toString());
    return created.json().getString("id");
  }

  private static String docBody(String title, String text) {
    return Json.createObjectBuilder().add("title", title).add("text", text).build().toString();
  }

  /** How many chunks the document has in PostgreSQL; fails if one is longer than the limit. */
  private static int chunkRows(String documentId, int maxTokens) throws Exception {
    try (Connection c = TestDatabase.connect();
        PreparedStatement select =
            c.prepareStatement(
                "select token_count, dimensions from kb_chunks where document_id = ?")) {
      select.setObject(1, UUID.fromString(documentId));
      int rows = 0;
      try (ResultSet result = select.executeQuery()) {
        while (result.next()) {
          rows++;
          assertTrue(result.getInt(1) <= maxTokens, "a chunk of " + result.getInt(1) + " tokens");
          assertEquals(384, result.getInt(2), "the built-in model's vectors");
        }
      }
      return rows;
    }
  }

  /** A knowledge base on the seeded built-in vector store and the built-in embeddings model. */
  private String createKb(int length, int overlap) {
    JsonObject target =
        http.get(OPTIONS).json().getJsonArray("embeddings_targets").getJsonObject(0);
    return createKb(
        length,
        overlap,
        target.getString("provider_id"),
        target.getJsonArray("resources").getJsonObject(0).getString("id"));
  }

  private String createKb(int length, int overlap, String embeddingsProvider, String model) {
    Http.Reply created =
        superadmin()
            .post(
                KBS,
                Json.createObjectBuilder()
                    .add("slug", slug())
                    .add("display_name", "Docs")
                    .add("provider_id", builtinStore())
                    .add(
                        "chunking",
                        Json.createObjectBuilder()
                            .add("strategy", "fixed_length")
                            .add("chunk_length", length)
                            .add("chunk_overlap", overlap))
                    .add(
                        "vectorization",
                        Json.createObjectBuilder()
                            .add("mode", "vanessa_embeddings")
                            .add("embeddings_provider_id", embeddingsProvider)
                            .add("embeddings_resource_id", model))
                    .build()
                    .toString());
    assertEquals(201, created.status(), created.toString());
    String id = created.json().getString("id");
    knowledgeBases.add(id);
    return id;
  }

  /** The organization the client acts for (its account's own). */
  private static String orgOf(Http client) {
    return client.get("users/me").json().getString("default_org_id");
  }

  /** Puts the seeded local-default profile back in charge through the API. */
  private void activateLocalDefault() {
    String id =
        superadmin().get("v1/platform/deployments").json().getJsonArray("deployments").stream()
            .map(JsonObject.class::cast)
            .filter(d -> "local-default".equals(d.getString("slug")))
            .findFirst()
            .orElseThrow()
            .getString("id");
    Http.Reply activated = superadmin().post("v1/platform/deployments/" + id + "/activate", "{}");
    assertEquals(200, activated.status(), activated.toString());
  }

  /** The provider the platform seeds for the built-in vector store. */
  private String builtinStore() {
    return superadmin().get("v1/platform/providers").json().getJsonArray("providers").stream()
        .map(JsonObject.class::cast)
        .filter(p -> "builtin-vector-store".equals(p.getString("slug")))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no seeded builtin-vector-store provider"))
        .getString("id");
  }

  private static String words(String prefix, int count) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < count; i++) {
      text.append(prefix).append(i).append(i % 10 == 9 ? ".\n" : " ");
    }
    return text.toString().trim();
  }

  private static String slug() {
    return "kbdoc-" + UUID.randomUUID().toString().substring(0, 8);
  }
}
