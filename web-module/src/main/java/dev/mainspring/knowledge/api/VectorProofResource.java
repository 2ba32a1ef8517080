package dev.mainspring.knowledge.api;

import dev.mainspring.knowledge.service.proof.VectorProofRequests;
import dev.mainspring.knowledge.service.proof.VectorProofService;
import dev.mainspring.knowledge.service.proof.VectorProofViews;
import dev.mainspring.platform.api.RequestIds;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * Document C's vector proof routes (superadmin): ensure an index, upsert, query and delete
 * documents through the active deployment's vector_store binding. Served by the knowledge context,
 * which owns the vector stores, under the platform's path.
 */
@Path("v1/platform/vector")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@ApplicationScoped
public class VectorProofResource {

  @Inject VectorProofService proofs;

  @POST
  @Path("indexes/ensure")
  public VectorProofViews.Ensured ensure(@NotNull @Valid VectorProofRequests.Ensure body) {
    return proofs.ensure(body);
  }

  @POST
  @Path("documents/upsert")
  public VectorProofViews.Changed upsert(@NotNull @Valid VectorProofRequests.Upsert body) {
    return proofs.upsert(body, RequestIds.current());
  }

  @POST
  @Path("query")
  public VectorProofViews.Hits query(@NotNull @Valid VectorProofRequests.Query body) {
    return proofs.query(body, RequestIds.current());
  }

  @POST
  @Path("documents/delete")
  public VectorProofViews.Changed delete(@NotNull @Valid VectorProofRequests.Delete body) {
    return proofs.delete(body);
  }
}
