package dev.mainspring.knowledge.service;

import dev.mainspring.identity.service.Caller;
import dev.mainspring.inference.service.embeddings.BuiltinEmbeddings;
import dev.mainspring.inference.service.gateway.Embeddings;
import dev.mainspring.inference.service.gateway.EmbeddingsRequest;
import dev.mainspring.inference.service.gateway.Gateway;
import dev.mainspring.inference.service.gateway.TokenCounter;
import dev.mainspring.inference.service.upstream.UpstreamException;
import dev.mainspring.platform.service.Jsons;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * Chunks text with a knowledge base's chunking and embeds it through the model platform's gateway
 * (the active deployment's embeddings binding decides where the model runs, and the call is metered
 * to the caller's organization like any other; see {@link #embed} for a caller without one). Not
 * transactional: it is called between a service's transactions, never inside one.
 */
@ApplicationScoped
public class KnowledgeEmbedder {

  /** Inputs per embeddings call. */
  static final int BATCH = 64;

  @Inject Gateway gateway;
  @Inject BuiltinEmbeddings builtin;
  @Inject TokenCounter tokenCounter;

  /** The chunks of {@code text}, counted with the target's tokenizer. */
  public List<TokenWindows.Window> chunk(EmbeddingTarget target, String text) {
    return TokenWindows.split(text, target.chunkLength(), target.chunkOverlap(), tokenizer(target));
  }

  /** One vector per text, in order. */
  public List<float[]> embed(
      Caller caller, EmbeddingTarget target, List<String> texts, String requestId) {
    if (caller.orgId() == null && target.builtinTokenizer()) {
      // A superadmin acting for no organization (the bootstrap one has none): the built-in model
      // runs in this process and costs nothing, so it is called without the gateway's metering,
      // which needs an organization to charge. Any other model goes through the gateway, which
      // then answers 403 no_organization.
      return builtin.embed(texts);
    }
    List<float[]> vectors = new ArrayList<>(texts.size());
    for (int from = 0; from < texts.size(); from += BATCH) {
      List<String> batch = texts.subList(from, Math.min(texts.size(), from + BATCH));
      JsonArrayBuilder inputs = Jsons.array();
      batch.forEach(inputs::add);
      String body =
          Jsons.object().add("model", target.modelKey()).add("input", inputs).build().toString();
      Embeddings answer = gateway.embed(caller, EmbeddingsRequest.parse(body), requestId);
      vectors.addAll(vectors(answer.json(), batch.size()));
    }
    return vectors;
  }

  private ToIntFunction<String> tokenizer(EmbeddingTarget target) {
    return target.builtinTokenizer() ? builtin::countTokens : tokenCounter::count;
  }

  /**
   * The vectors of an OpenAI embeddings answer, by their {@code index}; 502 {@code upstream_error}
   * when the answer is not one (the provider's fault, not the caller's).
   */
  static List<float[]> vectors(String json, int expected) {
    float[][] vectors = new float[expected][];
    try (JsonReader reader = Jsons.reader(json)) {
      JsonArray data = reader.readObject().getJsonArray("data");
      for (JsonValue item : data) {
        JsonObject entry = item.asJsonObject();
        JsonArray values = entry.getJsonArray("embedding");
        float[] vector = new float[values.size()];
        for (int i = 0; i < vector.length; i++) {
          vector[i] = (float) values.getJsonNumber(i).doubleValue();
        }
        vectors[entry.getInt("index")] = vector;
      }
    } catch (RuntimeException e) {
      throw UpstreamException.error("the embeddings answer is not a list of vectors");
    }
    List<float[]> ordered = new ArrayList<>(expected);
    int dimensions = vectors.length == 0 || vectors[0] == null ? 0 : vectors[0].length;
    for (float[] vector : vectors) {
      if (vector == null || vector.length == 0 || vector.length != dimensions) {
        throw UpstreamException.error("the embeddings answer lacks a vector or mixes dimensions");
      }
      ordered.add(vector);
    }
    return ordered;
  }
}
