package dev.mainspring.run.service.tool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class KnowledgeSearchToolTest {

  private final KnowledgeSearchTool tool = new KnowledgeSearchTool();
  private final ToolContext context =
      new ToolContext(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());

  @Test
  void describesItselfWithAQueryItNeeds() {
    assertEquals("knowledge_search", tool.name());
    assertTrue(tool.idempotent());
    JsonObject parameters = tool.parameters();
    assertEquals("query", parameters.getJsonArray("required").getString(0));
    assertTrue(parameters.getJsonObject("properties").containsKey("knowledge_base_id"));
  }

  @Test
  void aMissingQueryOrAMalformedIdIsToldToTheModelBeforeAnySearch() {
    ToolException noQuery =
        assertThrows(
            ToolException.class, () -> tool.call(context, Json.createObjectBuilder().build()));
    assertTrue(noQuery.getMessage().contains("query is required"));
    ToolException blank =
        assertThrows(
            ToolException.class,
            () -> tool.call(context, Json.createObjectBuilder().add("query", "  ").build()));
    assertTrue(blank.getMessage().contains("query is required"));
    ToolException badId =
        assertThrows(
            ToolException.class,
            () ->
                tool.call(
                    context,
                    Json.createObjectBuilder()
                        .add("query", "launch code")
                        .add("knowledge_base_id", "nope")
                        .build()));
    assertTrue(badId.getMessage().contains("not an id"));
  }
}
