package dev.mainspring.run.service.tool;

import dev.mainspring.conversation.service.FoundMessage;
import dev.mainspring.conversation.service.MessageService;
import dev.mainspring.platform.service.Jsons;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.util.List;

/**
 * {@code search_threads}: finds messages of the organization's threads that contain a text, newest
 * first, so an agent can recall what was said elsewhere. Only the run's organization is searched
 * (row-level security holds it there too).
 */
@ApplicationScoped
public class SearchThreadsTool implements Tool {

  static final int MAX_RESULTS = 20;
  static final int SNIPPET_CHARS = 300;

  @Inject MessageService messages;

  @Override
  public String name() {
    return "search_threads";
  }

  @Override
  public String description() {
    return "Searches the messages of this organization's conversation threads for a text"
        + " (case-insensitive) and returns the newest matches with their thread.";
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
                    Jsons.object().add("type", "string").add("description", "the text to find"))
                .add(
                    "limit",
                    Jsons.object()
                        .add("type", "integer")
                        .add("description", "most results, 1 to " + MAX_RESULTS)))
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
      throw new ToolException("query is required: the text to find");
    }
    int limit = 10;
    if (arguments.get("limit") instanceof JsonNumber given) {
      limit = Math.max(1, Math.min(MAX_RESULTS, given.intValue()));
    }
    List<FoundMessage> found =
        messages.searchForRun(context.orgId(), query.getString().strip(), limit);
    JsonArrayBuilder results = Jsons.array();
    for (FoundMessage m : found) {
      String text = m.text() == null ? "" : m.text();
      results.add(
          Jsons.object()
              .add("thread_id", m.threadId().toString())
              .add("thread_title", m.threadTitle() == null ? "" : m.threadTitle())
              .add("message_id", m.messageId().toString())
              .add("role", m.role())
              .add(
                  "text",
                  text.length() > SNIPPET_CHARS ? text.substring(0, SNIPPET_CHARS) + "…" : text));
    }
    return Jsons.object().add("results", results).build().toString();
  }
}
