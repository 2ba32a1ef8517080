package dev.mainspring.knowledge.api;

import dev.mainspring.knowledge.service.SyncRunView;
import dev.mainspring.knowledge.service.SyncService;
import dev.mainspring.platform.api.QueryParams;
import dev.mainspring.platform.service.Page;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.UUID;

/**
 * The knowledge base's source sync runs (document C), admins read; "sync now" is {@link
 * SourceResource#sync}.
 */
@Path("v1/context/knowledge-bases/{knowledge_base_id}/sync-runs")
@Produces(MediaType.APPLICATION_JSON)
@ApplicationScoped
public class SyncRunResource {

  @Inject SyncService runs;

  /** A page of sync runs, newest first. */
  public record SyncRunList(List<SyncRunView> syncRuns, String nextCursor) {}

  @GET
  public SyncRunList list(
      @PathParam("knowledge_base_id") UUID knowledgeBaseId,
      @QueryParam("limit") String limit,
      @QueryParam("cursor") String cursor) {
    Page<SyncRunView> page = runs.list(knowledgeBaseId, QueryParams.page(limit, cursor));
    return new SyncRunList(page.items(), page.nextCursor());
  }

  @GET
  @Path("{sync_run_id}")
  public SyncRunView get(
      @PathParam("knowledge_base_id") UUID knowledgeBaseId, @PathParam("sync_run_id") UUID runId) {
    return runs.get(knowledgeBaseId, runId);
  }
}
