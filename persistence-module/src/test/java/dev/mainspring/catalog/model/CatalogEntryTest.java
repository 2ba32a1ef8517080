package dev.mainspring.catalog.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class CatalogEntryTest {

  @Test
  void publishingMovesToANewerVersionOfTheSameArtifactOnly() {
    CatalogEntry entry = CatalogEntry.platform("agent", "agent.a", null);
    entry.publish(new RegistryArtifact("agent", "agent.a", 1, "{\"name\":\"A\"}", null), "active");
    assertEquals(1, entry.getCurrentVersion());
    assertTrue(entry.isActive());
    assertTrue(entry.isPlatform());

    entry.publish(
        new RegistryArtifact("agent", "agent.a", 2, "{\"name\":\"B\"}", null), "inactive");
    assertEquals(2, entry.getCurrentVersion());
    assertEquals("{\"name\":\"B\"}", entry.getSpec());
    assertFalse(entry.isActive());

    assertThrows(
        IllegalArgumentException.class,
        () -> entry.publish(new RegistryArtifact("agent", "agent.a", 2, "{}", null), "active"),
        "a version does not go back or repeat");
    assertThrows(
        IllegalArgumentException.class,
        () -> entry.publish(new RegistryArtifact("agent", "agent.b", 3, "{}", null), "active"));
    assertThrows(
        IllegalArgumentException.class,
        () -> entry.publish(new RegistryArtifact("agent", "agent.a", 3, "{}", null), "gone"));
  }

  @Test
  void aUserEntryBelongsToAnOrganizationAndAUser() {
    UUID owner = UUID.randomUUID();
    UUID org = UUID.randomUUID();
    CatalogEntry entry = CatalogEntry.user("agent", "agent.project.x", owner, org);
    assertFalse(entry.isPlatform());
    assertEquals(owner, entry.getOwnerUserId());
    assertEquals(org, entry.getOrgId());
    assertThrows(
        NullPointerException.class, () -> CatalogEntry.user("agent", "agent.y", owner, null));
  }

  @Test
  void registryVersionsStartAtOne() {
    assertThrows(
        IllegalArgumentException.class,
        () -> new RegistryArtifact("tool", "tool.t", 0, "{}", null));
  }

  @Test
  void aPlaygroundSessionIsChatOrKnowledgeWithATitle() {
    UUID id = UUID.randomUUID();
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new PlaygroundSession(
                id, UUID.randomUUID(), UUID.randomUUID(), "voice", "t", null, null, null));
    PlaygroundSession session =
        new PlaygroundSession(
            id, UUID.randomUUID(), UUID.randomUUID(), "knowledge", "t", "agent.k", null, null);
    assertEquals(id, session.getId());
    assertThrows(IllegalArgumentException.class, () -> session.change(" ", null, null, null));
  }
}
