package dev.mainspring.agent.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.mainspring.agent.model.AgentSpec;
import dev.mainspring.platform.error.InvalidRequestException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How a request's settings become a version: create and PUT from defaults, PATCH merged. */
class AgentDraftMergeTest {

  private static final AgentSpec CURRENT =
      new AgentSpec(
          "Scout",
          "finds things",
          "Be brief.",
          "chat-small",
          0.4,
          300,
          List.of("time.now", "shell"),
          List.of("shell"),
          12);

  private static AgentDraft draft(String name, String model, String instructions, Integer steps) {
    return new AgentDraft(name, null, instructions, model, null, null, null, null, steps);
  }

  @Test
  void mergeKeepsWhatTheDraftLeavesOut() {
    AgentSpec merged = DefaultAgentService.merge(CURRENT, draft("Scout II", null, null, null));

    assertEquals("Scout II", merged.name());
    assertEquals("Be brief.", merged.instructions());
    assertEquals("chat-small", merged.model());
    assertEquals(List.of("shell"), merged.toolsNeedingApproval());
    assertEquals(12, merged.stepLimit());
  }

  @Test
  void emptyStringsClearModelAndInstructions() {
    AgentSpec merged = DefaultAgentService.merge(CURRENT, draft(null, "", "", null));

    assertNull(merged.model(), "back to the deployment's default chat model");
    assertNull(merged.instructions());
    assertEquals("Scout", merged.name());
  }

  @Test
  void withoutACurrentVersionLeftOutMeansDefault() {
    AgentSpec fresh = DefaultAgentService.merge(null, draft("New", null, null, null));

    assertEquals(AgentSpec.DEFAULT_STEP_LIMIT, fresh.stepLimit());
    assertEquals(List.of(), fresh.tools());
    assertNull(fresh.model());
    assertNull(fresh.temperature());
  }

  @Test
  void withoutACurrentVersionTheNameIsRequired() {
    InvalidRequestException refused =
        assertThrows(
            InvalidRequestException.class,
            () -> DefaultAgentService.merge(null, draft(null, null, "x", 5)));

    assertEquals("name_required", refused.code());
  }

  @Test
  void droppingAToolThatNeedsApprovalWithoutItsApprovalIsRefused() {
    AgentDraft onlyTime =
        new AgentDraft(null, null, null, null, null, null, List.of("time.now"), null, null);

    InvalidRequestException refused =
        assertThrows(
            InvalidRequestException.class, () -> DefaultAgentService.merge(CURRENT, onlyTime));

    assertEquals("approval_tool_not_allowed", refused.code());
  }
}
