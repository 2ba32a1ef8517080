package dev.mainspring.it;

import static dev.mainspring.it.PlatformIT.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Document C's Context Management on the real server, this slice: knowledge-base CRUD with its
 * create-time chunking and vectorization, schema profiles and vectorization options, and the roles
 * (admins read, superadmins write). Knowledge bases are installation-wide, like providers: every
 * organization's admin sees the same ones.
 *
 * <p>The database is shared with the other test classes: every test deletes what it made.
 */
class KnowledgeBasesIT extends ApiTest {

  private static final String KBS = "v1/context/knowledge-bases";
  private static final String PROFILES = "v1/context/schema-profiles";
  private static final String OPTIONS = "v1/context/vectorization-options";

  private final List<String> knowledgeBases = new ArrayList<>();
  private final List<String> providers = new ArrayList<>();
  private final List<String> profiles = new ArrayList<>();
  private Http root;

  private Http superadmin() {
    if (root == null) {
      root = Accounts.superadmin(anonymous);
    }
    return root;
  }

  @AfterEach
  void deleteWhatTheTestMade() throws Exception {
    for (String id : knowledgeBases) {
      superadmin().delete(KBS + "/" + id);
    }
    try (Connection c = TestDatabase.connect();
        PreparedStatement delete =
            c.prepareStatement("delete from kb_schema_profiles where id = ?")) {
      for (String id : profiles) {
        delete.setObject(1, UUID.fromString(id));
        delete.executeUpdate();
      }
    }
    for (String id : providers) {
      superadmin().delete("v1/platform/providers/" + id);
    }
  }

  // ---- schema profiles ----

  @Test
  void adminsReadTheBuiltinTemplatesOfBothVectorStoreFamilies() {
    Http.Reply reply = http.get(PROFILES);
    assertEquals(200, reply.status(), reply.toString());
    List<JsonObject> all =
        reply.json().getJsonArray("schema_profiles").getValuesAs(JsonObject.class);
    for (String family : List.of("builtin_vector_store", "pgvector")) {
      JsonObject template =
          all.stream()
              .filter(p -> p.getString("provider_key").equals(family) && p.getBoolean("builtin"))
              .findFirst()
              .orElseThrow(() -> new AssertionError("no built-in template for " + family));
      assertEquals("default", template.getString("slug"));
      assertEquals("title", template.getJsonArray("properties").getJsonObject(0).getString("name"));
    }
    List<JsonObject> pgvector =
        http.get(PROFILES + "?provider_key=pgvector")
            .json()
            .getJsonArray("schema_profiles")
            .getValuesAs(JsonObject.class);
    assertFalse(pgvector.isEmpty());
    assertTrue(pgvector.stream().allMatch(p -> p.getString("provider_key").equals("pgvector")));
    assertProblem(
        http.get(PROFILES + "?provider_key=builtin_embeddings"), 400, "unknown_provider_family");
  }

  @Test
  void superadminsAddProfilesPerFamilyWithCheckedProperties() {
    String slug = slug("profile");
    String body = profileBody("pgvector", slug, "[{\"name\":\"year\",\"data_type\":\"int\"}]");
    Http.Reply created = superadmin().post(PROFILES, body);
    assertEquals(201, created.status(), created.toString());
    profiles.add(created.json().getString("id"));
    assertEquals("pgvector", created.json().getString("provider_key"));
    assertFalse(created.json().getBoolean("builtin"));
    assertEquals(
        "int", created.json().getJsonArray("properties").getJsonObject(0).getString("data_type"));
    assertTrue(http.get(PROFILES).text().contains(slug), "an admin sees the new profile");

    assertProblem(superadmin().post(PROFILES, body), 409, "schema_profile_slug_taken");
    Http.Reply otherFamily =
        superadmin()
            .post(
                PROFILES,
                profileBody(
                    "builtin_vector_store", slug, "[{\"name\":\"year\",\"data_type\":\"int\"}]"));
    assertEquals(201, otherFamily.status(), "slugs are per family: " + otherFamily);
    profiles.add(otherFamily.json().getString("id"));

    String other = slug("profile");
    String fine = "[{\"name\":\"year\",\"data_type\":\"int\"}]";
    assertProblem(
        superadmin().post(PROFILES, profileBody("weaviate_local", other, fine)),
        400,
        "unknown_provider_family");
    assertProblem(
        superadmin().post(PROFILES, profileBody("builtin_embeddings", other, fine)),
        400,
        "unknown_provider_family");
    assertProblem(
        superadmin()
            .post(
                PROFILES,
                profileBody("pgvector", other, "[{\"name\":\"a\",\"data_type\":\"blob\"}]")),
        400,
        "invalid_schema");
    assertProblem(
        superadmin().post(PROFILES, profileBody("pgvector", other, "[]")), 400, "invalid_schema");
    assertProblem(
        superadmin()
            .post(
                PROFILES,
                profileBody("pgvector", other, "[{\"name\":\"text\",\"data_type\":\"text\"}]")),
        400,
        "invalid_schema");
    assertProblem(
        superadmin().post(PROFILES, profileBody("pgvector", "Not A Slug", fine)),
        400,
        "validation_failed");
    assertFalse(http.get(PROFILES).text().contains(other), "refused profiles are not stored");

    assertProblem(
        http.post(PROFILES, profileBody("pgvector", other, fine)), 403, "superadmin_required");
  }

  // ---- vectorization options ----

  @Test
  void vectorizationOptionsOfferTheActiveEmbeddingsBindingAndSelfProvided() {
    Http.Reply reply = http.get(OPTIONS);
    assertEquals(200, reply.status(), reply.toString());
    JsonObject options = reply.json();
    assertEquals(
        "[\"vanessa_embeddings\",\"self_provided\"]", options.getJsonArray("modes").toString());
    JsonObject target = options.getJsonArray("embeddings_targets").getJsonObject(0);
    // local-default, active in the test server, binds the built-in embeddings model.
    assertEquals("builtin-embeddings", target.getString("provider_slug"));
    assertEquals("active_deployment", target.getString("source"));
    assertEquals("local", target.getString("provider_origin"));
    JsonObject model = target.getJsonArray("resources").getJsonObject(0);
    assertEquals("all-minilm-l6-v2", model.getString("model_id"));
    assertEquals(model.getString("id"), target.getString("default_resource_id"));
    assertEquals(1, options.getJsonArray("embeddings_targets").size(), "the built-in is not twice");
  }

  // ---- knowledge bases ----

  @Test
  void knowledgeBaseLifecycleWithETagsAndImmutableChunking() {
    String store = vectorStore();
    JsonObject embeddings = builtinEmbeddings();
    String slug = slug("kb");
    Http.Reply created =
        superadmin()
            .post(
                KBS,
                kbBody(slug, store, chunking(200, 50), platform(embeddings)).build().toString());
    assertEquals(201, created.status(), created.toString());
    JsonObject kb = created.json();
    String id = kb.getString("id");
    knowledgeBases.add(id);
    assertTrue(created.header("Location").endsWith("/" + KBS + "/" + id));
    assertEquals("\"" + kb.getJsonNumber("version").longValue() + "\"", created.header("ETag"));
    assertEquals(slug, kb.getString("slug"));
    assertEquals(store, kb.getString("provider_id"));
    assertEquals("builtin_vector_store", kb.getString("provider_key"));
    assertTrue(kb.getString("index_name").startsWith("kb_"));
    assertEquals("active", kb.getString("lifecycle_state"));
    JsonObject chunking = kb.getJsonObject("chunking");
    assertEquals("fixed_length", chunking.getString("strategy"));
    assertEquals(200, chunking.getInt("chunk_length"));
    assertEquals(50, chunking.getInt("chunk_overlap"));
    JsonObject vectorization = kb.getJsonObject("vectorization");
    assertEquals("vanessa_embeddings", vectorization.getString("mode"));
    assertEquals(
        embeddings.getString("provider_id"), vectorization.getString("embeddings_provider_id"));
    assertEquals(
        embeddings.getString("resource_id"), vectorization.getString("embeddings_resource_id"));
    assertEquals("all-minilm-l6-v2", vectorization.getString("model_id"));
    assertEquals(
        "title", kb.getJsonArray("schema").getJsonObject(0).getString("name"), "built-in template");
    assertEquals("ready", kb.getString("sync_status"));
    assertTrue(kb.isNull("last_sync_at"));
    assertTrue(kb.isNull("last_sync_error"));
    assertTrue(kb.isNull("last_sync_summary"));
    assertTrue(kb.getBoolean("eligible_for_binding"), "active and ready with nothing synced");

    Http.Reply read = http.get(KBS + "/" + id);
    assertEquals(200, read.status(), read.toString());
    assertEquals(created.header("ETag"), read.header("ETag"));
    assertTrue(http.get(KBS).text().contains(id));

    // Chunking and vectorization are fixed: a different value is 409 and changes nothing.
    assertProblem(
        superadmin()
            .put(KBS + "/" + id, kbBody(slug, store, chunking(200, 60), null).build().toString()),
        409,
        "chunking_immutable");
    assertProblem(
        superadmin()
            .put(KBS + "/" + id, kbBody(slug, store, null, selfProvided()).build().toString()),
        409,
        "vectorization_immutable");
    assertProblem(
        superadmin()
            .put(KBS + "/" + id, kbBody(slug, vectorStore(), null, null).build().toString()),
        409,
        "provider_immutable");
    String otherProfile =
        http.get(PROFILES + "?provider_key=pgvector")
            .json()
            .getJsonArray("schema_profiles")
            .getJsonObject(0)
            .getString("id");
    assertProblem(
        superadmin()
            .put(
                KBS + "/" + id,
                kbBody(slug, store, null, null)
                    .add("schema_profile_id", otherProfile)
                    .build()
                    .toString()),
        409,
        "schema_immutable");
    assertEquals(
        200, http.get(KBS + "/" + id).json().getJsonObject("chunking").getInt("chunk_length"));
    assertEquals(created.header("ETag"), http.get(KBS + "/" + id).header("ETag"), "unchanged");

    // The same chunking repeated, a new name and archiving are fine; archived is not bindable.
    String renamed = slug("kb");
    Http.Reply updated =
        superadmin()
            .put(
                KBS + "/" + id,
                kbBody(renamed, store, chunking(200, 50), platform(embeddings))
                    .add("lifecycle_state", "archived")
                    .build()
                    .toString(),
                "If-Match",
                created.header("ETag"));
    assertEquals(200, updated.status(), updated.toString());
    assertEquals(renamed, updated.json().getString("slug"));
    assertEquals("archived", updated.json().getString("lifecycle_state"));
    assertFalse(updated.json().getBoolean("eligible_for_binding"));
    assertFalse(created.header("ETag").equals(updated.header("ETag")));
    assertProblem(
        superadmin()
            .put(
                KBS + "/" + id,
                kbBody(renamed, null, null, null).build().toString(),
                "If-Match",
                created.header("ETag")),
        412,
        "precondition_failed");

    assertProblem(
        superadmin().delete(KBS + "/" + id, "If-Match", created.header("ETag")),
        412,
        "precondition_failed");
    assertEquals(
        204, superadmin().delete(KBS + "/" + id, "If-Match", updated.header("ETag")).status());
    assertProblem(http.get(KBS + "/" + id), 404, "knowledge_base_not_found");
    assertProblem(superadmin().delete(KBS + "/" + id), 404, "knowledge_base_not_found");
  }

  @Test
  void selfProvidedKnowledgeBasesNeedNoEmbeddingsTargetAndDefaultChunking() {
    Http.Reply created =
        superadmin()
            .post(KBS, kbBody(slug("kb"), vectorStore(), null, selfProvided()).build().toString());
    assertEquals(201, created.status(), created.toString());
    knowledgeBases.add(created.json().getString("id"));
    assertEquals("self_provided", created.json().getJsonObject("vectorization").getString("mode"));
    assertTrue(created.json().getJsonObject("vectorization").isNull("embeddings_provider_id"));
    assertEquals(250, created.json().getJsonObject("chunking").getInt("chunk_length"));
    assertEquals(25, created.json().getJsonObject("chunking").getInt("chunk_overlap"));
  }

  @Test
  void chunksUpToTheBuiltinModelsInputLimitAndLongerOnesForSelfProvidedVectorsAreAccepted() {
    String store = vectorStore();
    Http.Reply fits =
        superadmin()
            .post(
                KBS,
                kbBody(slug("kb"), store, chunking(254, 0), platform(builtinEmbeddings()))
                    .build()
                    .toString());
    assertEquals(201, fits.status(), fits.toString());
    knowledgeBases.add(fits.json().getString("id"));
    Http.Reply defaults =
        superadmin()
            .post(
                KBS,
                kbBody(slug("kb"), store, null, platform(builtinEmbeddings())).build().toString());
    assertEquals(
        201, defaults.status(), "the default chunking fits the built-in model: " + defaults);
    knowledgeBases.add(defaults.json().getString("id"));
    Http.Reply selfProvided =
        superadmin()
            .post(
                KBS,
                kbBody(slug("kb"), store, chunking(8192, 100), selfProvided()).build().toString());
    assertEquals(201, selfProvided.status(), selfProvided.toString());
    knowledgeBases.add(selfProvided.json().getString("id"));
  }

  @Test
  void badInputIsRefusedWithStableCodesAndChangesNothing() {
    String store = vectorStore();
    JsonObject embeddings = builtinEmbeddings();
    String slug = slug("kb");
    assertBad(kbBody(slug, store, chunking(100, 100), platform(embeddings)), "invalid_chunking");
    assertBad(kbBody(slug, store, chunking(8, 0), platform(embeddings)), "invalid_chunking");
    assertBad(kbBody(slug, store, chunking(100, -1), platform(embeddings)), "invalid_chunking");
    // The built-in model keeps 254 word pieces of an input: a longer chunk would lose its end.
    assertBad(kbBody(slug, store, chunking(255, 0), platform(embeddings)), "invalid_chunking");
    assertBad(
        kbBody(slug, store, null, platform(embeddings))
            .add(
                "chunking",
                Json.createObjectBuilder().add("strategy", "by_sentence").add("chunk_length", 100)),
        "invalid_chunking");
    assertBad(kbBody(slug, store, null, null), "invalid_vectorization");
    assertBad(
        kbBody(
            slug,
            store,
            null,
            Json.createObjectBuilder()
                .add("mode", "vanessa_embeddings")
                .add("embeddings_provider_id", embeddings.getString("provider_id"))),
        "invalid_vectorization");
    assertBad(
        kbBody(
            slug,
            store,
            null,
            Json.createObjectBuilder()
                .add("mode", "vanessa_embeddings")
                .add("embeddings_provider_id", store)
                .add("embeddings_resource_id", embeddings.getString("resource_id"))),
        "invalid_vectorization");
    assertBad(
        kbBody(slug, embeddings.getString("provider_id"), null, selfProvided()),
        "provider_not_vector_store");
    assertBad(kbBody(slug, UUID.randomUUID().toString(), null, selfProvided()), "unknown_provider");
    assertBad(kbBody(slug, null, null, selfProvided()), "unknown_provider");
    String pgvectorTemplate =
        http.get(PROFILES + "?provider_key=pgvector")
            .json()
            .getJsonArray("schema_profiles")
            .getJsonObject(0)
            .getString("id");
    assertBad(
        kbBody(slug, store, null, selfProvided()).add("schema_profile_id", pgvectorTemplate),
        "schema_profile_family_mismatch");
    assertBad(
        kbBody(slug, store, null, selfProvided())
            .add("schema_profile_id", UUID.randomUUID().toString()),
        "unknown_schema_profile");
    assertBad(
        kbBody(slug, store, null, selfProvided()).add("lifecycle_state", "deleted"),
        "invalid_lifecycle_state");
    assertBad(kbBody("Not A Slug", store, null, selfProvided()), "validation_failed");
    assertProblem(superadmin().post(KBS, "{\"slug\": "), 400, "malformed_json");
    assertFalse(http.get(KBS).text().contains(slug), "nothing refused was stored");
    assertProblem(http.get(KBS + "/" + UUID.randomUUID()), 404, "knowledge_base_not_found");
  }

  @Test
  void membersCannotReadAdminsReadButCannotWriteAndNobodyAnonymous() {
    Accounts.Account admin = Accounts.withOrganization(anonymous, "kb-admin");
    Accounts.Account member = Accounts.registered(anonymous, "kb-member");
    assertEquals(
        201,
        admin
            .http()
            .post(
                "api/orgs/" + admin.orgId() + "/members",
                "{\"email\":\"" + member.email() + "\",\"role\":\"member\"}")
            .status());
    Http asMember = member.http().withHeader("X-Org-Id", admin.orgId());
    String id = createKb(slug("kb"));
    String update = kbBody(slug("kb"), null, null, null).build().toString();

    for (String path : List.of(KBS, KBS + "/" + id, PROFILES, OPTIONS)) {
      assertProblem(asMember.get(path), 403, "admin_required");
      assertEquals(200, admin.http().get(path).status(), path);
      assertProblem(anonymous.get(path), 401, "unauthenticated");
    }
    String body = kbBody(slug("kb"), vectorStore(), null, selfProvided()).build().toString();
    for (Http notSuperadmin : List.of(admin.http(), asMember)) {
      assertProblem(notSuperadmin.post(KBS, body), 403, "superadmin_required");
      assertProblem(notSuperadmin.put(KBS + "/" + id, update), 403, "superadmin_required");
      assertProblem(notSuperadmin.delete(KBS + "/" + id), 403, "superadmin_required");
      assertProblem(
          notSuperadmin.post(
              PROFILES,
              profileBody("pgvector", slug("p"), "[{\"name\":\"a\",\"data_type\":\"text\"}]")),
          403,
          "superadmin_required");
    }
    String key =
        admin
            .http()
            .post("api-keys", "{\"name\":\"kb\",\"scopes\":[\"*\"]}")
            .json()
            .getString("secret");
    Http apiKey = anonymous.withHeader("X-API-Key", key);
    assertProblem(apiKey.get(KBS), 403, "user_token_required");
    assertProblem(apiKey.get(OPTIONS), 403, "user_token_required");
    assertEquals(200, http.get(KBS + "/" + id).status(), "the KB is unchanged and still there");
  }

  /**
   * Knowledge bases are installation-wide (document C: "global records"): an admin of any
   * organization reads the same one; no organization owns it, so none gets a 404 for it.
   */
  @Test
  void everyOrganizationsAdminSeesTheSameInstallationWideKnowledgeBases() {
    String id = createKb(slug("kb"));
    Accounts.Account other = Accounts.withOrganization(anonymous, "kb-other-org");
    JsonObject mine = http.get(KBS + "/" + id).json();
    JsonObject theirs = other.http().get(KBS + "/" + id).json();
    assertEquals(mine, theirs);
  }

  @Test
  void concurrentCreatesOfOneSlugGiveOne201AndOne409() throws Exception {
    String store = vectorStore();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      for (int round = 0; round < 5; round++) {
        String body = kbBody(slug("race"), store, null, selfProvided()).build().toString();
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Http.Reply>> replies = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
          replies.add(
              pool.submit(
                  () -> {
                    start.await();
                    return superadmin().post(KBS, body);
                  }));
        }
        start.countDown();
        List<Integer> statuses = new ArrayList<>();
        for (Future<Http.Reply> f : replies) {
          Http.Reply reply = f.get();
          statuses.add(reply.status());
          if (reply.status() == 201) {
            knowledgeBases.add(reply.json().getString("id"));
          } else {
            assertProblem(reply, 409, "knowledge_base_slug_taken");
          }
        }
        statuses.sort(null);
        assertEquals(List.of(201, 409), statuses);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aVectorStoreProviderInUseByAKnowledgeBaseCannotBeDeleted() {
    String store = vectorStore();
    Http.Reply created =
        superadmin().post(KBS, kbBody(slug("kb"), store, null, selfProvided()).build().toString());
    assertEquals(201, created.status(), created.toString());
    knowledgeBases.add(created.json().getString("id"));
    assertProblem(superadmin().delete("v1/platform/providers/" + store), 409, "provider_in_use");
  }

  // ---- deployment bindings ----

  /**
   * Document C: deployments bind knowledge bases as vector_store binding resources ({@code
   * ref_type} knowledge_base, the index as {@code provider_resource_id}); only active and ready
   * ones, and only in the binding's own provider instance. Deleting a knowledge base unbinds it.
   */
  @Test
  void deploymentsBindActiveReadyKnowledgeBasesOfTheirOwnVectorStore() throws Exception {
    String store = vectorStore();
    String otherStore = vectorStore();
    String kb = createKbIn(slug("bound"), store);
    String elsewhere = createKbIn(slug("elsewhere"), otherStore);
    String deployment =
        ModelPlatform.created(
                superadmin()
                    .post(
                        "v1/platform/deployments",
                        "{\"slug\":\""
                            + slug("dep")
                            + "\",\"display_name\":\"KB binding\",\"bindings\":[]}"))
            .getString("id");
    String binding = "v1/platform/deployments/" + deployment + "/bindings/vector_store";
    try {
      Http.Reply bound =
          superadmin()
              .put(binding, "{\"provider_id\":\"" + store + "\",\"resources\":[\"" + kb + "\"]}");
      assertEquals(200, bound.status(), bound.toString());
      JsonObject vectorStore = vectorStoreBinding(bound.json());
      JsonObject resource = vectorStore.getJsonArray("resources").getJsonObject(0);
      assertEquals("knowledge_base", resource.getString("ref_type"));
      assertEquals(kb, resource.getString("knowledge_base_id"));
      assertEquals(
          http.get(KBS + "/" + kb).json().getString("index_name"),
          resource.getString("provider_resource_id"));
      assertEquals(
          1,
          vectorStoreBinding(superadmin().get("v1/platform/deployments/" + deployment).json())
              .getJsonArray("resources")
              .size());

      assertProblem(
          superadmin()
              .put(
                  binding,
                  "{\"provider_id\":\"" + store + "\",\"resources\":[\"" + elsewhere + "\"]}"),
          400,
          "knowledge_base_provider_mismatch");
      assertProblem(
          superadmin()
              .put(
                  binding,
                  "{\"provider_id\":\""
                      + store
                      + "\",\"resources\":[\""
                      + UUID.randomUUID()
                      + "\"]}"),
          400,
          "unknown_knowledge_base");
      assertProblem(
          superadmin()
              .put(
                  binding,
                  "{\"provider_id\":\""
                      + store
                      + "\",\"resources\":[\""
                      + kb
                      + "\"],\"default_resource_id\":\""
                      + kb
                      + "\"}"),
          400,
          "default_not_allowed");
      try (Connection c = TestDatabase.connect();
          PreparedStatement syncing =
              c.prepareStatement(
                  "update knowledge_bases set sync_status = 'syncing' where id = ?")) {
        syncing.setObject(1, UUID.fromString(kb));
        assertEquals(1, syncing.executeUpdate());
      }
      assertProblem(
          superadmin()
              .put(binding, "{\"provider_id\":\"" + store + "\",\"resources\":[\"" + kb + "\"]}"),
          400,
          "knowledge_base_not_bindable");
      assertEquals(
          1,
          vectorStoreBinding(superadmin().get("v1/platform/deployments/" + deployment).json())
              .getJsonArray("resources")
              .size(),
          "refused changes changed nothing");
      assertProblem(
          http.put(binding, "{\"provider_id\":\"" + store + "\",\"resources\":[]}"),
          403,
          "superadmin_required");

      try (Connection c = TestDatabase.connect();
          PreparedStatement ready =
              c.prepareStatement("update knowledge_bases set sync_status = 'ready' where id = ?")) {
        ready.setObject(1, UUID.fromString(kb));
        assertEquals(1, ready.executeUpdate());
      }
      assertEquals(204, superadmin().delete(KBS + "/" + kb).status());
      knowledgeBases.remove(kb);
      assertEquals(
          0,
          vectorStoreBinding(superadmin().get("v1/platform/deployments/" + deployment).json())
              .getJsonArray("resources")
              .size(),
          "a deleted knowledge base is unbound");
    } finally {
      superadmin().delete("v1/platform/deployments/" + deployment);
    }
  }

  private static JsonObject vectorStoreBinding(JsonObject deployment) {
    return deployment.getJsonArray("bindings").stream()
        .map(b -> b.asJsonObject())
        .filter(b -> b.getString("capability").equals("vector_store"))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no vector_store binding: " + deployment));
  }

  private String createKbIn(String slug, String store) {
    Http.Reply created =
        superadmin().post(KBS, kbBody(slug, store, null, selfProvided()).build().toString());
    assertEquals(201, created.status(), created.toString());
    String id = created.json().getString("id");
    knowledgeBases.add(id);
    return id;
  }

  // ---- helpers ----

  private void assertBad(JsonObjectBuilder body, String code) {
    assertProblem(superadmin().post(KBS, body.build().toString()), 400, code);
  }

  private String createKb(String slug) {
    Http.Reply created =
        superadmin()
            .post(KBS, kbBody(slug, vectorStore(), null, selfProvided()).build().toString());
    assertEquals(201, created.status(), created.toString());
    String id = created.json().getString("id");
    knowledgeBases.add(id);
    return id;
  }

  /** A new provider instance of the built-in vector-store family. */
  private String vectorStore() {
    String slug = slug("store");
    Http.Reply created =
        superadmin()
            .post(
                "v1/platform/providers",
                "{\"slug\":\""
                    + slug
                    + "\",\"display_name\":\"Store\",\"provider_key\":\"builtin_vector_store\"}");
    assertEquals(201, created.status(), created.toString());
    String id = created.json().getString("id");
    providers.add(id);
    return id;
  }

  /** The built-in embeddings provider and model, as the vectorization options name them. */
  private JsonObject builtinEmbeddings() {
    JsonObject target =
        http.get(OPTIONS).json().getJsonArray("embeddings_targets").getJsonObject(0);
    return Json.createObjectBuilder()
        .add("provider_id", target.getString("provider_id"))
        .add("resource_id", target.getJsonArray("resources").getJsonObject(0).getString("id"))
        .build();
  }

  private static JsonObjectBuilder kbBody(
      String slug, String providerId, JsonObjectBuilder chunking, JsonObjectBuilder vectorization) {
    JsonObjectBuilder body =
        Json.createObjectBuilder().add("slug", slug).add("display_name", "KB " + slug);
    if (providerId != null) {
      body.add("provider_id", providerId);
    }
    if (chunking != null) {
      body.add("chunking", chunking);
    }
    if (vectorization != null) {
      body.add("vectorization", vectorization);
    }
    return body;
  }

  private static JsonObjectBuilder chunking(int length, int overlap) {
    return Json.createObjectBuilder()
        .add("strategy", "fixed_length")
        .add("chunk_length", length)
        .add("chunk_overlap", overlap);
  }

  private static JsonObjectBuilder platform(JsonObject embeddings) {
    return Json.createObjectBuilder()
        .add("mode", "vanessa_embeddings")
        .add("embeddings_provider_id", embeddings.getString("provider_id"))
        .add("embeddings_resource_id", embeddings.getString("resource_id"));
  }

  private static JsonObjectBuilder selfProvided() {
    return Json.createObjectBuilder().add("mode", "self_provided");
  }

  private static String profileBody(String family, String slug, String properties) {
    return "{\"provider_key\":\""
        + family
        + "\",\"slug\":\""
        + slug
        + "\",\"display_name\":\"Profile\",\"properties\":"
        + properties
        + "}";
  }

  private static String slug(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }
}
