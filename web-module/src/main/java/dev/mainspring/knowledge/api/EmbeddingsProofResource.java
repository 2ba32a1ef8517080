package dev.mainspring.knowledge.api;

import dev.mainspring.knowledge.service.proof.VectorProofRequests;
import dev.mainspring.knowledge.service.proof.VectorProofService;
import dev.mainspring.knowledge.service.proof.VectorProofViews;
import dev.mainspring.platform.api.RequestIds;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * Document C's embeddings proof route (superadmin): embeds texts through the active deployment's
 * embeddings binding, so an operator sees the embeddings data plane answer without ingesting
 * anything. The sibling of the vector proof routes ({@link VectorProofResource}).
 */
@Path("v1/platform/embeddings")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@ApplicationScoped
public class EmbeddingsProofResource {

  @Inject VectorProofService proofs;

  /** {@code {"model","dimensions","data":[{"index","embedding":[...]}]}}. */
  @POST
  public JsonObject embed(@NotNull @Valid VectorProofRequests.Embeddings body) {
    VectorProofViews.Embedded embedded = proofs.embeddings(body, RequestIds.current());
    JsonArrayBuilder data = Json.createArrayBuilder();
    for (int i = 0; i < embedded.embeddings().size(); i++) {
      JsonArrayBuilder vector = Json.createArrayBuilder();
      for (float value : embedded.embeddings().get(i)) {
        vector.add(value);
      }
      data.add(Json.createObjectBuilder().add("index", i).add("embedding", vector));
    }
    return Json.createObjectBuilder()
        .add("model", embedded.model())
        .add("dimensions", embedded.dimensions())
        .add("data", data)
        .build();
  }
}
