package dev.mainspring.catalog.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mainspring.platform.error.InvalidRequestException;
import dev.mainspring.platform.service.Jsons;
import jakarta.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

class CatalogDraftsTest {

  private static JsonObject json(String text) {
    return Jsons.reader(text).readObject();
  }

  private static String code(Runnable r) {
    return assertThrows(InvalidRequestException.class, r::run).code();
  }

  @Test
  void anAgentsSpecRoundTripsThroughItsRegistryForm() {
    CatalogAgentDraft draft =
        CatalogAgentDraft.of(
            json(
                "{\"name\":\"A\",\"instructions\":\"Do.\",\"temperature\":0.5,"
                    + "\"tool_refs\":[\"tool.x\",\"tool.x\",\"tool.y\"],"
                    + "\"tools_needing_approval\":[\"tool.y\"],\"knowledge_retrieval\":true}"));
    assertEquals(List.of("tool.x", "tool.y"), draft.toolRefs(), "duplicates dropped, order kept");
    assertEquals("active", draft.status());
    assertEquals(draft, CatalogAgentDraft.of(draft.toSpec()));
    assertEquals(List.of("knowledge_search"), draft.toAgentSpec().tools());
  }

  @Test
  void anAgentsWrongMembersAreRefusedWithTheirCodes() {
    assertEquals("name_required", code(() -> CatalogAgentDraft.of(json("{}"))));
    assertEquals(
        "invalid_temperature",
        code(() -> CatalogAgentDraft.of(json("{\"name\":\"a\",\"temperature\":3}"))));
    assertEquals(
        "invalid_tool_refs",
        code(() -> CatalogAgentDraft.of(json("{\"name\":\"a\",\"tool_refs\":[\"web\"]}"))));
    assertEquals(
        "invalid_tools_needing_approval",
        code(
            () ->
                CatalogAgentDraft.of(
                    json("{\"name\":\"a\",\"tools_needing_approval\":[\"tool.x\"]}"))));
    assertEquals(
        "invalid_status",
        code(() -> CatalogAgentDraft.of(json("{\"name\":\"a\",\"status\":\"gone\"}"))));
  }

  @Test
  void toolSpecsAreConstrainedAsDocumentCsFirstPhaseSays() {
    CatalogToolDraft tool =
        CatalogToolDraft.of(json("{\"name\":\"T\",\"transport\":\"mcp\",\"tool_name\":\"t\"}"));
    assertEquals("default", tool.connectionProfileRef());
    assertEquals("object", tool.inputSchema().getString("type"));
    assertFalse(tool.onlineOnly());
    assertEquals("mcp_runtime", tool.capability());
    assertEquals(tool, CatalogToolDraft.of(tool.toSpec()));
    assertEquals(
        "sandbox_execution",
        CatalogToolDraft.of(
                json("{\"name\":\"T\",\"transport\":\"sandbox_http\",\"tool_name\":\"t\"}"))
            .capability());
    assertEquals(
        "invalid_transport",
        code(
            () ->
                CatalogToolDraft.of(
                    json("{\"name\":\"T\",\"transport\":\"http\",\"tool_name\":\"t\"}"))));
    assertEquals(
        "invalid_connection_profile_ref",
        code(
            () ->
                CatalogToolDraft.of(
                    json(
                        "{\"name\":\"T\",\"transport\":\"mcp\",\"tool_name\":\"t\","
                            + "\"connection_profile_ref\":\"other\"}"))));
    assertEquals(
        "invalid_input_schema",
        code(
            () ->
                CatalogToolDraft.of(
                    json(
                        "{\"name\":\"T\",\"transport\":\"mcp\",\"tool_name\":\"t\","
                            + "\"input_schema\":{\"type\":\"string\"}}"))));
  }

  @Test
  void referencesHaveTheirKindsPrefix() {
    assertTrue(CatalogSpecs.AGENT_REF.matcher("agent.knowledge_chat").matches());
    assertTrue(CatalogSpecs.AGENT_REF.matcher("agent.project.01a24e8c-45e4-7dc0").matches());
    assertFalse(CatalogSpecs.AGENT_REF.matcher("tool.web_search").matches());
    assertFalse(CatalogSpecs.TOOL_REF.matcher("tool.Web").matches());
  }
}
