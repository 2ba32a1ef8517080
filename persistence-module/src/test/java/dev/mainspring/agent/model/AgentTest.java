package dev.mainspring.agent.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mainspring.platform.error.ConflictException;
import dev.mainspring.platform.error.InvalidRequestException;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AgentTest {

  private static final UUID ORG = UUID.randomUUID();
  private static final UUID ALICE = UUID.randomUUID();
  private static final UUID BOB = UUID.randomUUID();

  private static AgentSpec spec(String name, List<String> tools, List<String> approval, int steps) {
    return new AgentSpec(name, null, "Be brief.", null, 0.3, 256, tools, approval, steps);
  }

  private static AgentSpec spec(String name) {
    return spec(name, List.of(), List.of(), AgentSpec.DEFAULT_STEP_LIMIT);
  }

  private static String codeOf(Runnable rule) {
    return assertThrows(InvalidRequestException.class, rule::run).code();
  }

  @Test
  void newAgentStartsAtVersionOneWhichIsCurrent() {
    Agent.NewAgent made = Agent.create(ORG, ALICE, spec("Scout"));

    assertEquals(1, made.version().getVersion());
    assertEquals(1, made.agent().getCurrentVersion());
    assertEquals(made.version().getId(), made.agent().getCurrentVersionId());
    assertEquals(made.agent().getId(), made.version().getAgentId());
    assertEquals(ORG, made.version().getOrgId());
    assertEquals(ALICE, made.version().getCreatedBy());
    assertEquals("user", made.agent().getClassification());
    assertFalse(made.agent().isDefault());
  }

  @Test
  void eachRevisionIsANewVersionAndLeavesTheOldOneAsItWas() {
    Agent.NewAgent made = Agent.create(ORG, ALICE, spec("Scout"));
    AgentVersion first = made.version();

    AgentVersion second = made.agent().revise(spec("Scout II"), BOB);
    AgentVersion third = made.agent().revise(spec("Scout III"), ALICE);

    assertEquals(2, second.getVersion());
    assertEquals(3, third.getVersion());
    assertEquals(3, made.agent().getCurrentVersion());
    assertEquals(third.getId(), made.agent().getCurrentVersionId());
    assertNotEquals(first.getId(), second.getId());
    assertEquals("Scout", first.getName());
    assertEquals("Scout II", second.getName());
    assertEquals(BOB, second.getCreatedBy());
    assertEquals(ALICE, made.agent().getCreatedBy(), "the agent keeps its creator");
  }

  @Test
  void versionReadsBackTheSpecItWasMadeFrom() {
    AgentSpec spec =
        new AgentSpec(
            "Clock",
            "tells the time",
            "Answer with the time.",
            "chat-small",
            1.5,
            4096,
            List.of("time.now", "threads.search"),
            List.of("threads.search"),
            50);

    assertEquals(spec, Agent.create(ORG, ALICE, spec).version().spec());
  }

  @Test
  void defaultAgentIsAPlatformAgentWithGenericInstructionsAndTheDefaultModel() {
    Agent.NewAgent made = Agent.createDefault(ORG);

    assertTrue(made.agent().isDefault());
    assertEquals("platform", made.agent().getClassification());
    assertNull(made.agent().getCreatedBy());
    assertNull(made.version().getModel());
    assertEquals(AgentSpec.DEFAULT_INSTRUCTIONS, made.version().getInstructions());
    assertEquals(AgentSpec.DEFAULT_STEP_LIMIT, made.version().getStepLimit());
  }

  @Test
  void defaultAgentCannotBeDeleted() {
    Agent agent = Agent.createDefault(ORG).agent();

    ConflictException refused = assertThrows(ConflictException.class, agent::delete);

    assertEquals("agent_not_deletable", refused.code());
    assertFalse(agent.isDeleted());
  }

  @Test
  void deletedAgentKeepsItsVersionPointerAndCannotBeRevised() {
    Agent agent = Agent.create(ORG, ALICE, spec("Scout")).agent();
    UUID current = agent.getCurrentVersionId();

    agent.delete();

    assertTrue(agent.isDeleted());
    assertEquals(current, agent.getCurrentVersionId());
    assertThrows(IllegalStateException.class, () -> agent.revise(spec("Ghost"), ALICE));
  }

  @Test
  void adminsChangeAnyAgentMembersOnlyTheirOwnAndNeverTheDefault() {
    Agent alices = Agent.create(ORG, ALICE, spec("Scout")).agent();
    Agent byKeyless = Agent.create(ORG, null, spec("Orphan")).agent();
    Agent fallback = Agent.createDefault(ORG).agent();

    assertTrue(alices.mayBeChangedBy(ALICE, false));
    assertFalse(alices.mayBeChangedBy(BOB, false));
    assertTrue(alices.mayBeChangedBy(BOB, true));
    assertFalse(byKeyless.mayBeChangedBy(BOB, false));
    assertFalse(fallback.mayBeChangedBy(ALICE, false));
    assertTrue(fallback.mayBeChangedBy(ALICE, true));
  }

  @Test
  void stepLimitIsBoundedToOneToFifty() {
    assertEquals(1, spec("a", List.of(), List.of(), 1).stepLimit());
    assertEquals(50, spec("a", List.of(), List.of(), 50).stepLimit());
    assertEquals("invalid_step_limit", codeOf(() -> spec("a", List.of(), List.of(), 0)));
    assertEquals("invalid_step_limit", codeOf(() -> spec("a", List.of(), List.of(), 51)));
  }

  @Test
  void temperatureAndMaxTokensAreBounded() {
    assertEquals(
        "invalid_temperature",
        codeOf(() -> new AgentSpec("a", null, null, null, 2.01, null, null, null, 10)));
    assertEquals(
        "invalid_temperature",
        codeOf(() -> new AgentSpec("a", null, null, null, -0.1, null, null, null, 10)));
    assertEquals(
        "invalid_temperature",
        codeOf(() -> new AgentSpec("a", null, null, null, Double.NaN, null, null, null, 10)));
    assertEquals(
        "invalid_max_tokens",
        codeOf(() -> new AgentSpec("a", null, null, null, null, 0, null, null, 10)));
    assertEquals(2.0, new AgentSpec("a", null, null, null, 2.0, 1, null, null, 10).temperature());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "Upper", "9lives", "has space", "semi;colon"})
  void malformedToolNamesAreRejected(String tool) {
    assertEquals(
        "invalid_tool_name",
        codeOf(() -> spec("a", List.of(tool), List.of(), AgentSpec.DEFAULT_STEP_LIMIT)));
  }

  @Test
  void toolNameOfSixtyFourCharactersIsTheLongestAccepted() {
    String longest = "t".repeat(64);

    assertEquals(List.of(longest), spec("a", List.of(longest), List.of(), 10).tools());
    assertEquals(
        "invalid_tool_name", codeOf(() -> spec("a", List.of(longest + "x"), List.of(), 10)));
  }

  @Test
  void duplicateToolsCollapseInTheirFirstOrder() {
    AgentSpec spec = spec("a", List.of("time.now", "search", "time.now"), List.of(), 10);

    assertEquals(List.of("time.now", "search"), spec.tools());
  }

  @Test
  void toolsNeedingApprovalMustBeAmongTheTools() {
    assertEquals(
        "approval_tool_not_allowed",
        codeOf(() -> spec("a", List.of("time.now"), List.of("shell.exec"), 10)));
    assertEquals(
        List.of("shell.exec"),
        spec("a", List.of("time.now", "shell.exec"), List.of("shell.exec"), 10)
            .toolsNeedingApproval());
  }

  @Test
  void moreThanSixtyFourToolsAreRejected() {
    List<String> tools =
        java.util.stream.IntStream.rangeClosed(0, AgentSpec.TOOLS_MAX)
            .mapToObj(i -> "tool" + i)
            .toList();

    assertEquals("too_many_tools", codeOf(() -> spec("a", tools, List.of(), 10)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "  "})
  void blankNameIsRejected(String name) {
    assertEquals("name_required", codeOf(() -> spec(name)));
  }

  @Test
  void missingNameIsRejectedAndTheLongestNameIsAccepted() {
    assertEquals("name_required", codeOf(() -> spec(null)));
    assertEquals(AgentSpec.NAME_MAX, spec("n".repeat(AgentSpec.NAME_MAX)).name().length());
    assertEquals("invalid_name", codeOf(() -> spec("n".repeat(AgentSpec.NAME_MAX + 1))));
  }
}
