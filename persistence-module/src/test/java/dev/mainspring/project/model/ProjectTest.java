package dev.mainspring.project.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mainspring.platform.model.Timestamps;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProjectTest {

  private static final java.util.UUID ORG = java.util.UUID.randomUUID();

  /** Waits until the entity clock has moved past {@code instant}, so a touch is visible. */
  private static void clockPasses(Instant instant) {
    while (!Timestamps.now().isAfter(instant)) {
      Thread.onSpinWait();
    }
  }

  @Test
  void newProjectHasAnIdAndWasCreatedAndUpdatedAtOnce() {
    Project project = Project.create(ORG, null, "Apollo", "to the moon");

    assertNotNull(project.getId());
    assertEquals(7, project.getId().version());
    assertEquals("Apollo", project.getName());
    assertEquals("to the moon", project.getDescription());
    assertEquals(project.getCreatedAt(), project.getUpdatedAt());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "\t\n"})
  void blankNameIsRejected(String name) {
    assertThrows(IllegalArgumentException.class, () -> Project.create(ORG, null, name, null));
  }

  @Test
  void missingNameIsRejected() {
    assertThrows(NullPointerException.class, () -> Project.create(ORG, null, null, null));
  }

  @Test
  void nameOfTheMaximumLengthIsAccepted() {
    String longest = "n".repeat(Project.NAME_MAX);

    assertEquals(longest, Project.create(ORG, null, longest, null).getName());
  }

  @Test
  void nameOverTheMaximumLengthIsRejected() {
    String tooLong = "n".repeat(Project.NAME_MAX + 1);

    assertThrows(IllegalArgumentException.class, () -> Project.create(ORG, null, tooLong, null));
  }

  @Test
  void renameChangesTheNameAndTouchesUpdatedAtOnly() {
    Project project = Project.create(ORG, null, "Apollo", null);
    Instant created = project.getCreatedAt();
    clockPasses(created);

    project.rename("Artemis");

    assertEquals("Artemis", project.getName());
    assertTrue(project.getUpdatedAt().isAfter(created), project.getUpdatedAt()::toString);
    assertEquals(created, project.getCreatedAt());
  }

  @Test
  void renameToBlankIsRejectedAndKeepsTheProjectAsItWas() {
    Project project = Project.create(ORG, null, "Apollo", null);
    Instant updated = project.getUpdatedAt();

    assertThrows(IllegalArgumentException.class, () -> project.rename("  "));

    assertEquals("Apollo", project.getName());
    assertEquals(updated, project.getUpdatedAt());
  }

  @Test
  void describeChangesTheDescriptionAndTouchesUpdatedAt() {
    Project project = Project.create(ORG, null, "Apollo", "old");
    Instant created = project.getCreatedAt();
    clockPasses(created);

    project.describe(null);

    assertNull(project.getDescription());
    assertTrue(project.getUpdatedAt().isAfter(created));
  }
}
