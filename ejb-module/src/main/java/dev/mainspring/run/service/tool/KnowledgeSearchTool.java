package dev.mainspring.run.service.tool;

import dev.mainspring.identity.service.Caller;
import dev.mainspring.knowledge.service.KnowledgeSearch;
import dev.mainspring.knowledge.service.QueryResultView;
import dev.mainspring.platform.service.Jsons;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * {@code knowledge_search}: searches the knowledge bases bound to the active deployment (its
 * vector_store binding; active and ready ones only) and answers the best passages with what to cite
 * (document title, source path, ids), so an agent can answer from them with citations.
 */
@ApplicationScoped
public class KnowledgeSearchTool implements Tool {

  static final int MAX_RESULTS = 10;
  static final int DEFAULT_RESULTS = 5;

  @Inject KnowledgeSearch search;

  @Override
  public String name() {
    return "knowledge_search";
  }

  @Override
  public String description() {
    return "Searches the knowledge bases bound to this deployment for passages relevant to a"
        + " query (meaning and keywords) and returns them, best first, with their document's"
        + " title and source path to cite.";
  }

  @Override
  public JsonObject parameters() {
    return Jsons.object()
        .add("type", "object")
        .add(
            "properties",
            Jsons.object()
                .add(
                    "query",
                    Jsons.object()
                        .add("type", "string")
                        .add("description", "what to look for, in plain words"))
                .add(
                    "knowledge_base_id",
                    Jsons.object()
                        .add("type", "string")
                        .add("description", "only this bound knowledge base (optional)"))
                .add(
                    "top_k",
                    Jsons.object()
                        .add("type", "integer")
                        .add("description", "most passages, 1 to " + MAX_RESULTS)))
        .add("required", Jsons.array().add("query"))
        .build();
  }

  @Override
  public boolean idempotent() {
    return true;
  }

  @Override
  public String call(ToolContext context, JsonObject arguments) {
    if (!(arguments.get("query") instanceof JsonString query) || query.getString().isBlank()) {
      throw new ToolException("query is required: what to look for");
    }
    UUID knowledgeBase = null;
    if (arguments.get("knowledge_base_id") instanceof JsonString id) {
      try {
        knowledgeBase = UUID.fromString(id.getString());
      } catch (IllegalArgumentException e) {
        throw new ToolException("knowledge_base_id is not an id");
      }
    }
    int topK = DEFAULT_RESULTS;
    if (arguments.get("top_k") instanceof JsonNumber given) {
      topK = Math.max(1, Math.min(MAX_RESULTS, given.intValue()));
    }
    List<UUID> bound = search.boundKnowledgeBases();
    if (bound.isEmpty()) {
      throw new ToolException("no knowledge base is bound to this deployment");
    }
    UUID scope = context.knowledgeBaseId();
    if (scope != null) {
      // A thread scoped to one knowledge base (a knowledge playground session) searches only it,
      // whatever the model asked for.
      knowledgeBase = scope;
    }
    if (knowledgeBase != null && !bound.contains(knowledgeBase)) {
      throw new ToolException("knowledge base " + knowledgeBase + " is not bound here");
    }
    Caller caller = new Caller(context.userId(), context.orgId(), null, false, null, Set.of());
    List<QueryResultView.Hit> hits =
        search.searchBound(
            caller,
            query.getString().strip(),
            knowledgeBase,
            topK,
            "run_" + context.runId() + "_knowledge_search");
    JsonArrayBuilder results = Jsons.array();
    int n = 1;
    for (QueryResultView.Hit hit : hits) {
      results.add(
          Jsons.object()
              .add("citation", "[" + n++ + "]")
              .add("document_title", hit.documentTitle())
              .add("source_path", hit.sourcePath() == null ? "" : hit.sourcePath())
              .add("document_id", hit.documentId().toString())
              .add("chunk_id", hit.chunkId().toString())
              .add("text", hit.text()));
    }
    return Jsons.object().add("results", results).build().toString();
  }
}
