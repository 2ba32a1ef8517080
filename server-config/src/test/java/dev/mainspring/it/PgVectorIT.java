package dev.mainspring.it;

import static dev.mainspring.it.PlatformIT.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The pgvector vector-store family against a real PostgreSQL-protocol server with the pgvector
 * extension (PGlite, started on loopback per test): a knowledge base on a pgvector provider
 * instance ingests and queries through it in every mode, deletions and filters included; the vector
 * proof routes act through the active deployment's vector_store binding, pgvector's and the
 * built-in store's alike; a stopped server is a plain 503. The application's database is shared
 * with the other test classes: every test deletes what it made and puts local-default back.
 */
class PgVectorIT extends ApiTest {

  private static final String KBS = "v1/context/knowledge-bases";
  private static final String VECTOR = "v1/platform/vector/";

  private final List<String> knowledgeBases = new ArrayList<>();
  private final List<String> deployments = new ArrayList<>();
  private final List<String> providers = new ArrayList<>();
  private final List<String> credentials = new ArrayList<>();
  private Http root;

  private Http superadmin() {
    if (root == null) {
      root = Accounts.superadmin(anonymous);
    }
    return root;
  }

  @AfterEach
  void deleteWhatTheTestMade() {
    activateLocalDefault();
    knowledgeBases.forEach(id -> superadmin().delete(KBS + "/" + id));
    deployments.forEach(id -> superadmin().delete("v1/platform/deployments/" + id));
    providers.forEach(id -> superadmin().delete("v1/platform/providers/" + id));
    credentials.forEach(id -> superadmin().delete("v1/modelops/credentials/" + id));
  }

  @Test
  void aKnowledgeBaseOnPgvectorIngestsAndQueriesThroughIt() throws Exception {
    try (PgliteServer pglite = PgliteServer.start()) {
      String store = pgvectorProvider(pglite);
      String kb = createKb(store);
      String docs = KBS + "/" + kb + "/documents";
      Map<String, String> ids = new LinkedHashMap<>();
      String[][] corpus = {
        {
          "volcanoes",
          "Volcanoes erupt when magma rises through the crust; lava flows follow.",
          "geo"
        },
        {"bread", "Bread dough needs flour, water, yeast and salt, kneaded and baked.", "food"},
        {"football", "The striker scored a goal in the final minute of the match.", "sport"},
        {"glaciers", "Glaciers are rivers of ice that carve valleys as they move downhill.", "geo"},
        {"tides", "The moon's gravity pulls the oceans, causing high and low tides.", "geo"}
      };
      for (String[] doc : corpus) {
        ids.put(doc[0], document(docs, doc[0], doc[1], doc[2]));
      }
      String table = "msv_kb_" + kb.replace("-", "");
      assertEquals(corpus.length, rows(pglite, table), "every chunk is in the pgvector table");
      assertEquals(1, hnswIndexes(pglite, table), "the table is searched through an HNSW index");
      // A deployment binds the provider and the knowledge base; activating it checks the server.
      activateWithVectorStore(store, kb);

      String[][] questions = {
        {"volcanoes", "what happens when a volcano erupts lava"},
        {"bread", "how do I bake bread with yeast"},
        {"glaciers", "how do glaciers of ice move"},
        {"tides", "why do tides happen in the ocean"},
        {"football", "who scored the goal in the match"}
      };
      for (String[] question : questions) {
        assertEquals(
            List.of(ids.get(question[0])),
            found(kb, question[1], "semantic", 1, null),
            "semantic: " + question[1]);
        assertTrue(
            found(kb, question[1], "hybrid", 3, null).contains(ids.get(question[0])),
            "hybrid: " + question[1]);
      }
      assertEquals(
          Set.of(ids.get("volcanoes"), ids.get("glaciers"), ids.get("tides")),
          new HashSet<>(
              found(kb, "ice and lava", "semantic", 5, "{\"metadata\":{\"topic\":\"geo\"}}")),
          "a metadata filter is applied inside pgvector's search");
      assertEquals(
          List.of(ids.get("bread")),
          found(
              kb,
              "what happens when a volcano erupts lava",
              "semantic",
              5,
              "{\"document_ids\":[\"" + ids.get("bread") + "\"]}"));

      assertEquals(204, superadmin().delete(docs + "/" + ids.get("volcanoes")).status());
      assertFalse(
          found(kb, "what happens when a volcano erupts lava", "semantic", 5, null)
              .contains(ids.get("volcanoes")),
          "a deleted document is gone from the hits");
      assertEquals(corpus.length - 1, rows(pglite, table));

      // The server stops: searching is a plain 503 that names neither it nor its error.
      pglite.stop();
      Http.Reply down =
          http.post(KBS + "/" + kb + "/query", "{\"query\":\"bread\",\"mode\":\"semantic\"}");
      assertProblem(down, 503, "vector_store_unavailable");
      assertNoDetails(down, pglite);
      Http.Reply keyword =
          http.post(KBS + "/" + kb + "/query", "{\"query\":\"bread\",\"mode\":\"keyword\"}");
      assertEquals(200, keyword.status(), "keyword search needs no vector store: " + keyword);

      // A write while the server is down still lands in PostgreSQL; a server that comes back
      // (empty: PGlite keeps nothing) gets the whole copy rebuilt from there.
      String comets =
          document(docs, "comets", "Comets are balls of ice and dust with glowing tails.", "geo");
      try (PgliteServer again = PgliteServer.start()) {
        long deadline = System.nanoTime() + 60_000_000_000L;
        List<String> found = List.of();
        while (System.nanoTime() < deadline) {
          Http.Reply reply =
              http.post(
                  KBS + "/" + kb + "/query",
                  "{\"query\":\"ice and dust with a glowing tail\",\"top_k\":1}");
          if (reply.status() == 200) {
            found =
                reply.json().getJsonArray("results").stream()
                    .map(r -> r.asJsonObject().getString("document_id"))
                    .toList();
            if (found.equals(List.of(comets))) {
              break;
            }
          }
          Thread.sleep(500);
        }
        assertEquals(List.of(comets), found, "the copy is rebuilt once the server answers");
        assertEquals(corpus.length, rows(again, table), "every live chunk, the deleted one not");
      }
    }
  }

  @Test
  void proofRoutesActThroughAnActivePgvectorBinding() throws Exception {
    try (PgliteServer pglite = PgliteServer.start()) {
      String store = pgvectorProvider(pglite);
      activateWithVectorStore(store);
      String index = "docs_" + UUID.randomUUID().toString().substring(0, 8);
      roundTrip(index, "pgvector");
      assertEquals(1, rows(pglite, "msv_proof_" + index), "one document is left in its table");

      pglite.stop();
      Http.Reply down = superadmin().post(VECTOR + "query", query(index, json(unit())));
      assertProblem(down, 503, "vector_store_unavailable");
      assertNoDetails(down, pglite);
    }
  }

  @Test
  void proofRoutesActThroughTheBuiltinStoreAndNeedABinding() {
    assertProblem(
        superadmin().post(VECTOR + "indexes/ensure", "{\"index\":\"docs\",\"dimensions\":3}"),
        409,
        "vector_store_not_bound");
    activateWithVectorStore(builtinStore());
    roundTrip("docs_" + UUID.randomUUID().toString().substring(0, 8), "builtin_vector_store");
  }

  @Test
  void theEmbeddingsProofRouteEmbedsThroughTheActiveBinding() {
    activateLocalDefault();
    Http.Reply embedded =
        superadmin().post("v1/platform/embeddings", "{\"input\":[\"a harbour\",\"a lighthouse\"]}");
    assertEquals(200, embedded.status(), embedded.toString());
    JsonObject body = embedded.json();
    assertEquals(2, body.getJsonArray("data").size());
    int dimensions = body.getInt("dimensions");
    assertTrue(dimensions > 0, body.toString());
    assertEquals(
        dimensions, body.getJsonArray("data").getJsonObject(1).getJsonArray("embedding").size());
    assertFalse(body.getString("model").isBlank());
    assertProblem(
        superadmin().post("v1/platform/embeddings", "{\"input\":[]}"), 400, "validation_failed");
    assertProblem(
        http.post("v1/platform/embeddings", "{\"input\":[\"x\"]}"), 403, "superadmin_required");
    assertProblem(
        anonymous.post("v1/platform/embeddings", "{\"input\":[\"x\"]}"), 401, "unauthenticated");
  }

  @Test
  void proofRoutesAreForSuperadminsOnly() {
    String[][] routes = {
      {"indexes/ensure", "{\"index\":\"docs\",\"dimensions\":3}"},
      {
        "documents/upsert",
        "{\"index\":\"docs\",\"documents\":[{\"id\":\""
            + UUID.randomUUID()
            + "\",\"vector\":[1,0,0]}]}"
      },
      {"query", "{\"index\":\"docs\",\"vector\":[1,0,0]}"},
      {"documents/delete", "{\"index\":\"docs\",\"ids\":[\"" + UUID.randomUUID() + "\"]}"}
    };
    for (String[] route : routes) {
      assertProblem(http.post(VECTOR + route[0], route[1]), 403, "superadmin_required");
      assertProblem(anonymous.post(VECTOR + route[0], route[1]), 401, "unauthenticated");
    }
  }

  /**
   * Ensure, upsert (by vector and by text), query (by vector and by text), delete, with the
   * refusals: a bad name, a vector and a text at once, other dimensions.
   */
  private void roundTrip(String index, String family) {
    JsonObject ensured =
        ok(
            superadmin()
                .post(
                    VECTOR + "indexes/ensure", "{\"index\":\"" + index + "\",\"dimensions\":384}"));
    assertEquals(index, ensured.getString("index"));
    assertEquals(384, ensured.getInt("dimensions"));
    assertEquals(family, ensured.getString("provider_key"));
    ok(
        superadmin()
            .post(VECTOR + "indexes/ensure", "{\"index\":\"" + index + "\",\"dimensions\":384}"));
    assertProblem(
        superadmin()
            .post(VECTOR + "indexes/ensure", "{\"index\":\"" + index + "\",\"dimensions\":3}"),
        409,
        "vector_dimensions_mismatch");

    String volcano = UUID.randomUUID().toString();
    String bread = UUID.randomUUID().toString();
    JsonObject upserted =
        ok(
            superadmin()
                .post(
                    VECTOR + "documents/upsert",
                    Json.createObjectBuilder()
                        .add("index", index)
                        .add(
                            "documents",
                            Json.createArrayBuilder()
                                .add(
                                    Json.createObjectBuilder()
                                        .add("id", volcano)
                                        .add("text", "Volcanoes erupt with lava and ash.")
                                        .add(
                                            "metadata",
                                            Json.createObjectBuilder().add("topic", "geo")))
                                .add(
                                    Json.createObjectBuilder()
                                        .add("id", bread)
                                        .add(
                                            "text", "Bread is baked from flour, water and yeast.")))
                        .build()
                        .toString()));
    assertEquals(2, upserted.getInt("count"));

    JsonObject byText =
        ok(
            superadmin()
                .post(
                    VECTOR + "query",
                    "{\"index\":\"" + index + "\",\"text\":\"lava eruption\",\"top_k\":2}"));
    JsonArray hits = byText.getJsonArray("hits");
    assertEquals(2, hits.size(), byText.toString());
    assertEquals(volcano, hits.getJsonObject(0).getString("id"));
    assertEquals("geo", hits.getJsonObject(0).getJsonObject("metadata").getString("topic"));
    assertTrue(
        hits.getJsonObject(1).isNull("metadata") || !hits.getJsonObject(1).containsKey("metadata"));
    assertTrue(
        hits.getJsonObject(0).getJsonNumber("score").doubleValue()
            > hits.getJsonObject(1).getJsonNumber("score").doubleValue());

    float[] unit = unit();
    String vectorOnly = UUID.randomUUID().toString();
    ok(
        superadmin()
            .post(
                VECTOR + "documents/upsert",
                "{\"index\":\""
                    + index
                    + "\",\"documents\":[{\"id\":\""
                    + vectorOnly
                    + "\",\"vector\":"
                    + json(unit)
                    + "}]}"));
    JsonObject byVector = ok(superadmin().post(VECTOR + "query", query(index, json(unit))));
    JsonObject nearest = byVector.getJsonArray("hits").getJsonObject(0);
    assertEquals(vectorOnly, nearest.getString("id"));
    assertEquals(1.0, nearest.getJsonNumber("score").doubleValue(), 1e-5);

    assertProblem(
        superadmin().post(VECTOR + "query", query(index, "[1,0,0]")),
        409,
        "vector_dimensions_mismatch");
    assertProblem(
        superadmin()
            .post(VECTOR + "query", "{\"index\":\"" + index + "\",\"vector\":[1],\"text\":\"x\"}"),
        400,
        "vector_or_text_required");
    assertProblem(
        superadmin().post(VECTOR + "query", "{\"index\":\"Bad-Name\",\"vector\":[1]}"),
        400,
        "validation_failed");
    assertEquals(
        0,
        ok(superadmin().post(VECTOR + "query", query("nothing_here", json(unit))))
            .getJsonArray("hits")
            .size(),
        "an unknown index has no hits");

    JsonObject deleted =
        ok(
            superadmin()
                .post(
                    VECTOR + "documents/delete",
                    "{\"index\":\""
                        + index
                        + "\",\"ids\":[\""
                        + vectorOnly
                        + "\",\""
                        + bread
                        + "\"]}"));
    assertEquals(2, deleted.getInt("count"));
    List<String> left =
        ok(superadmin().post(VECTOR + "query", query(index, json(unit))))
            .getJsonArray("hits")
            .stream()
            .map(h -> h.asJsonObject().getString("id"))
            .toList();
    assertEquals(List.of(volcano), left);
  }

  // ---- helpers ----

  /** A vector of the built-in model's 384 dimensions, along the first axis. */
  private static float[] unit() {
    float[] unit = new float[384];
    unit[0] = 1;
    return unit;
  }

  private static String query(String index, String vector) {
    return "{\"index\":\"" + index + "\",\"vector\":" + vector + ",\"top_k\":10}";
  }

  private static String json(float[] vector) {
    StringBuilder text = new StringBuilder("[");
    for (int i = 0; i < vector.length; i++) {
      text.append(i == 0 ? "" : ",").append(vector[i]);
    }
    return text.append(']').toString();
  }

  private static JsonObject ok(Http.Reply reply) {
    assertEquals(200, reply.status(), reply.toString());
    return reply.json();
  }

  private static void assertNoDetails(Http.Reply reply, PgliteServer pglite) {
    String body = reply.toString();
    for (String leak :
        new String[] {
          "127.0.0.1", Integer.toString(pglite.port()), "postgresql", "Exception", "\tat "
        }) {
      assertFalse(body.contains(leak), "the problem names " + leak + ": " + body);
    }
  }

  /** A saved credential holding the login, and a pgvector provider at the server. */
  private String pgvectorProvider(PgliteServer pglite) {
    JsonObject credential =
        ModelPlatform.created(
            superadmin()
                .post(
                    "v1/modelops/credentials",
                    "{\"name\":\"pgvector-"
                        + UUID.randomUUID()
                        + "\",\"secret\":\"postgres:pglite\"}"));
    credentials.add(credential.getString("id"));
    String slug = "pgvector-" + UUID.randomUUID().toString().substring(0, 8);
    Http.Reply created =
        superadmin()
            .post(
                "v1/platform/providers",
                "{\"slug\":\""
                    + slug
                    + "\",\"display_name\":\"pgvector\",\"provider_key\":\"pgvector\","
                    + "\"endpoint_url\":\""
                    + pglite.endpoint()
                    + "\",\"secret_refs\":{\"api_key\":\"modelops://credential/"
                    + credential.getString("id")
                    + "\"}}");
    assertEquals(201, created.status(), created.toString());
    String id = created.json().getString("id");
    providers.add(id);
    JsonObject check = ok(superadmin().post("v1/platform/providers/" + id + "/validate", "{}"));
    assertTrue(check.getBoolean("reachable"), "the provider answers its check: " + check);
    return id;
  }

  /** A copy of local-default that also binds the vector store (and these knowledge bases). */
  private void activateWithVectorStore(String store, String... knowledgeBases) {
    String copy =
        ModelPlatform.created(
                superadmin()
                    .post(
                        "v1/platform/deployments/" + localDefault() + "/clone",
                        "{\"slug\":\"pgv-" + UUID.randomUUID().toString().substring(0, 8) + "\"}"))
            .getString("id");
    deployments.add(copy);
    ok(
        superadmin()
            .put(
                "v1/platform/deployments/" + copy + "/bindings/vector_store",
                "{\"provider_id\":\""
                    + store
                    + "\",\"resources\":["
                    + String.join(
                        ",", List.of(knowledgeBases).stream().map(id -> "\"" + id + "\"").toList())
                    + "]}"));
    ok(superadmin().post("v1/platform/deployments/" + copy + "/activate", "{}"));
  }

  private String localDefault() {
    return superadmin().get("v1/platform/deployments").json().getJsonArray("deployments").stream()
        .map(JsonObject.class::cast)
        .filter(d -> "local-default".equals(d.getString("slug")))
        .findFirst()
        .orElseThrow()
        .getString("id");
  }

  private void activateLocalDefault() {
    Http.Reply activated =
        superadmin().post("v1/platform/deployments/" + localDefault() + "/activate", "{}");
    assertEquals(200, activated.status(), activated.toString());
  }

  private String builtinStore() {
    return superadmin().get("v1/platform/providers").json().getJsonArray("providers").stream()
        .map(JsonObject.class::cast)
        .filter(p -> "builtin-vector-store".equals(p.getString("slug")))
        .findFirst()
        .orElseThrow()
        .getString("id");
  }

  private String createKb(String store) {
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
                    .add("slug", "pgv-" + UUID.randomUUID().toString().substring(0, 8))
                    .add("display_name", "On pgvector")
                    .add("provider_id", store)
                    .add(
                        "chunking",
                        Json.createObjectBuilder()
                            .add("strategy", "fixed_length")
                            .add("chunk_length", 64)
                            .add("chunk_overlap", 0))
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

  private String document(String docs, String title, String text, String topic) {
    Http.Reply created =
        superadmin()
            .post(
                docs,
                Json.createObjectBuilder()
                    .add("title", title)
                    .add("text", text)
                    .add("metadata", Json.createObjectBuilder().add("topic", topic))
                    .build()
                    .toString());
    assertEquals(201, created.status(), created.toString());
    return created.json().getString("id");
  }

  private List<String> found(String kb, String query, String mode, int topK, String filters) {
    JsonObject body =
        Json.createObjectBuilder().add("query", query).add("mode", mode).add("top_k", topK).build();
    String json =
        filters == null
            ? body.toString()
            : body.toString().substring(0, body.toString().length() - 1)
                + ",\"filters\":"
                + filters
                + "}";
    Http.Reply reply = http.post(KBS + "/" + kb + "/query", json);
    assertEquals(200, reply.status(), reply.toString());
    return reply.json().getJsonArray("results").stream()
        .map(r -> r.asJsonObject().getString("document_id"))
        .distinct()
        .toList();
  }

  /** The HNSW indexes on the table, as the server's catalog lists them. */
  private static int hnswIndexes(PgliteServer pglite, String table) throws Exception {
    try (Connection c = pglite.connect();
        PreparedStatement count =
            c.prepareStatement(
                "select count(*) from pg_indexes where tablename = ? and indexdef like '%hnsw%'"
                    + " and indexdef like '%vector_cosine_ops%'")) {
      count.setString(1, table);
      try (ResultSet rows = count.executeQuery()) {
        rows.next();
        return rows.getInt(1);
      }
    }
  }

  private static int rows(PgliteServer pglite, String table) throws Exception {
    try (Connection c = pglite.connect();
        PreparedStatement count = c.prepareStatement("select count(*) from \"" + table + "\"");
        ResultSet rows = count.executeQuery()) {
      rows.next();
      return rows.getInt(1);
    }
  }
}
