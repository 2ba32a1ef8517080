package dev.mainspring.knowledge.service.proof;

import dev.mainspring.identity.service.Caller;
import dev.mainspring.identity.service.CurrentCaller;
import dev.mainspring.inference.service.PlatformAdmin;
import dev.mainspring.knowledge.service.EmbeddingTarget;
import dev.mainspring.knowledge.service.KnowledgeEmbedder;
import dev.mainspring.knowledge.service.proof.VectorProofTargets.EmbeddingsTarget;
import dev.mainspring.knowledge.service.proof.VectorProofTargets.StoreTarget;
import dev.mainspring.knowledge.service.vector.IndexedVector;
import dev.mainspring.knowledge.service.vector.VectorHit;
import dev.mainspring.knowledge.service.vector.VectorIndex;
import dev.mainspring.knowledge.service.vector.VectorStore;
import dev.mainspring.knowledge.service.vector.VectorStores;
import dev.mainspring.platform.error.ConflictException;
import dev.mainspring.platform.error.InvalidRequestException;
import dev.mainspring.platform.service.Jsons;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Document C's superadmin vector proof routes: they exercise the vector_store data plane of the
 * active deployment's binding (its provider instance, through its family's adapter) with
 * provider-neutral payloads. Texts are embedded with the active deployment's default embeddings
 * model, as knowledge bases' texts are.
 *
 * <p>A proof index {@code name} is kept by the store as {@code proof_<name>}: knowledge bases'
 * indexes are {@code kb_<id>}, so a proof route can never touch one. Proof indexes are not in
 * Mainspring's PostgreSQL: they are the store's alone, and an instance's restart empties the
 * built-in store's. No transaction is open while the store or the embeddings are called.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class VectorProofService {

  /** The prefix that keeps proof indexes apart from knowledge bases' ({@code kb_}). */
  public static final String PREFIX = "proof_";

  @Inject CurrentCaller currentCaller;
  @Inject VectorProofTargets targets;
  @Inject VectorStores stores;
  @Inject KnowledgeEmbedder embedder;

  public VectorProofViews.Ensured ensure(@NotNull @Valid VectorProofRequests.Ensure request) {
    superadmin();
    StoreTarget target = targets.store();
    adapter(target).ensureIndex(index(target, request.index()), request.dimensions());
    return new VectorProofViews.Ensured(
        request.index(), request.dimensions(), target.providerId(), target.family());
  }

  public VectorProofViews.Changed upsert(
      @NotNull @Valid VectorProofRequests.Upsert request, String requestId) {
    Caller caller = superadmin();
    StoreTarget target = targets.store();
    VectorStore store = adapter(target);
    List<float[]> vectors =
        vectors(
            caller,
            request.documents().stream()
                .map(d -> new Given(d.vector(), d.text(), "documents[].id " + d.id()))
                .toList(),
            requestId);
    List<IndexedVector> written = new ArrayList<>();
    for (int i = 0; i < vectors.size(); i++) {
      VectorProofRequests.Document document = request.documents().get(i);
      written.add(
          new IndexedVector(
              document.id(),
              document.id(),
              vectors.get(i),
              document.metadata() == null ? null : document.metadata().toString()));
    }
    // A document is one vector whose chunk id is the document's: the upsert replaces it.
    store.upsert(index(target, request.index()), written);
    return new VectorProofViews.Changed(
        request.index(), written.size(), target.providerId(), target.family());
  }

  public VectorProofViews.Hits query(
      @NotNull @Valid VectorProofRequests.Query request, String requestId) {
    Caller caller = superadmin();
    StoreTarget target = targets.store();
    VectorStore store = adapter(target);
    float[] vector =
        vectors(
                caller,
                List.of(new Given(request.vector(), request.text(), "the query")),
                requestId)
            .get(0);
    int topK = request.topKOrDefault();
    List<VectorProofViews.Hit> hits = new ArrayList<>();
    for (VectorHit hit : store.query(index(target, request.index()), vector, topK)) {
      hits.add(new VectorProofViews.Hit(hit.chunkId(), hit.score(), metadata(hit.metadataJson())));
    }
    return new VectorProofViews.Hits(
        request.index(), topK, hits, target.providerId(), target.family());
  }

  /**
   * {@code POST /v1/platform/embeddings}: embeds the texts with the active deployment's default
   * embeddings model, as knowledge ingestion and the proof routes do; 409 {@code
   * embeddings_not_bound} without an embeddings binding.
   */
  public VectorProofViews.Embedded embeddings(
      @NotNull @Valid VectorProofRequests.Embeddings request, String requestId) {
    Caller caller = superadmin();
    List<float[]> vectors = embed(caller, request.input(), requestId);
    return new VectorProofViews.Embedded(
        targets.embeddings().modelKey(), vectors.isEmpty() ? 0 : vectors.get(0).length, vectors);
  }

  public VectorProofViews.Changed delete(@NotNull @Valid VectorProofRequests.Delete request) {
    superadmin();
    StoreTarget target = targets.store();
    VectorStore store = adapter(target);
    VectorIndex index = index(target, request.index());
    List<UUID> ids = request.ids().stream().distinct().toList();
    for (UUID id : ids) {
      store.deleteDocument(index, id);
    }
    return new VectorProofViews.Changed(
        request.index(), ids.size(), target.providerId(), target.family());
  }

  /** A vector or a text, as a document or query gives it. */
  private record Given(List<Double> vector, String text, String what) {}

  /**
   * The vectors of the given items, in order: given ones as they are, texts embedded in one call
   * with the active deployment's default embeddings model. 400 {@code vector_or_text_required}
   * unless each has exactly one of the two; 400 {@code invalid_vector} for a value that is not a
   * finite number.
   */
  private List<float[]> vectors(Caller caller, List<Given> given, String requestId) {
    List<String> texts = new ArrayList<>();
    for (Given item : given) {
      if ((item.vector() == null) == (item.text() == null)) {
        throw new InvalidRequestException(
            "vector_or_text_required", item.what() + " needs either a vector or a text, not both");
      }
      if (item.text() != null) {
        texts.add(item.text());
      }
    }
    List<float[]> embedded = texts.isEmpty() ? List.of() : embed(caller, texts, requestId);
    List<float[]> vectors = new ArrayList<>(given.size());
    int next = 0;
    for (Given item : given) {
      vectors.add(item.vector() == null ? embedded.get(next++) : floats(item));
    }
    return vectors;
  }

  private List<float[]> embed(Caller caller, List<String> texts, String requestId) {
    EmbeddingsTarget model = targets.embeddings();
    EmbeddingTarget target =
        new EmbeddingTarget(
            null, 1, 0, model.modelKey(), model.builtin(), null, null, null, null, null);
    return embedder.embed(caller, target, texts, requestId);
  }

  private static float[] floats(Given item) {
    float[] vector = new float[item.vector().size()];
    for (int i = 0; i < vector.length; i++) {
      float value = item.vector().get(i).floatValue();
      if (!Float.isFinite(value)) {
        throw new InvalidRequestException(
            "invalid_vector", item.what() + ": every value of a vector must be a finite number");
      }
      vector[i] = value;
    }
    return vector;
  }

  private static VectorIndex index(StoreTarget target, String name) {
    return new VectorIndex(target.providerId(), PREFIX + name);
  }

  /** 409 {@code vector_store_adapter_missing} when no adapter serves the bound family. */
  private VectorStore adapter(StoreTarget target) {
    return stores
        .forFamily(target.family())
        .orElseThrow(
            () ->
                new ConflictException(
                    "vector_store_adapter_missing",
                    "no vector-store adapter serves family " + target.family() + " yet"));
  }

  private static JsonObject metadata(String json) {
    if (json == null) {
      return null;
    }
    try (JsonReader reader = Jsons.reader(json)) {
      return reader.readObject();
    }
  }

  private Caller superadmin() {
    return PlatformAdmin.require(currentCaller.get());
  }
}
