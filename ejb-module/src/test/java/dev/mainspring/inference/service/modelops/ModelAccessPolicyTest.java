package dev.mainspring.inference.service.modelops;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mainspring.identity.model.OrgRole;
import dev.mainspring.identity.service.Caller;
import dev.mainspring.inference.model.modelops.ModelAccess;
import dev.mainspring.inference.model.modelops.ModelAccessGrant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ModelAccessPolicyTest {

  private final ModelAccessPolicy policy = new ModelAccessPolicy();
  private final UUID granted = UUID.randomUUID();
  private final UUID other = UUID.randomUUID();

  private static Caller in(UUID orgId, OrgRole role) {
    return new Caller(UUID.randomUUID(), orgId, role, false, null, Set.of());
  }

  private static ModelAccess rule(String scope, ModelAccessGrant... grants) {
    ModelAccess access = new ModelAccess(UUID.randomUUID());
    access.set(scope, List.of(grants), null);
    return access;
  }

  @Test
  void modelWithoutRuleOrSharedWithEveryoneIsOpenToAll() {
    assertTrue(policy.allows(null, in(other, OrgRole.MEMBER)));
    assertTrue(policy.allows(null, in(null, null)));
    assertTrue(policy.allows(rule(ModelAccess.EVERYONE), in(other, OrgRole.MEMBER)));
    assertTrue(policy.allows(rule(ModelAccess.EVERYONE), in(null, null)));
  }

  @Test
  void nobodyButSuperadminsUsesAClosedModel() {
    ModelAccess closed = rule(ModelAccess.NOBODY);
    assertFalse(policy.allows(closed, in(granted, OrgRole.ADMIN)));
    assertTrue(
        policy.allows(closed, new Caller(UUID.randomUUID(), null, null, true, null, Set.of())));
  }

  @Test
  void restrictedModelIsOpenToTheGrantedRolesOfGrantedOrganizations() {
    ModelAccess adminsOnly =
        rule(ModelAccess.RESTRICTED, new ModelAccessGrant(granted, false, true));
    assertTrue(policy.allows(adminsOnly, in(granted, OrgRole.ADMIN)));
    assertFalse(policy.allows(adminsOnly, in(granted, OrgRole.MEMBER)));
    assertFalse(policy.allows(adminsOnly, in(other, OrgRole.ADMIN)));

    ModelAccess membersOnly =
        rule(ModelAccess.RESTRICTED, new ModelAccessGrant(granted, true, false));
    assertTrue(policy.allows(membersOnly, in(granted, OrgRole.MEMBER)));
    assertFalse(policy.allows(membersOnly, in(granted, OrgRole.ADMIN)));
  }

  @Test
  void callerWithoutOrganizationMayNotUseARestrictedModel() {
    ModelAccess restricted =
        rule(ModelAccess.RESTRICTED, new ModelAccessGrant(granted, true, true));
    assertFalse(policy.allows(restricted, in(null, null)));
    assertFalse(policy.allows(rule(ModelAccess.RESTRICTED), in(granted, OrgRole.ADMIN)));
  }

  @Test
  void superadminUsesEveryModel() {
    Caller superadmin = new Caller(UUID.randomUUID(), other, OrgRole.MEMBER, true, null, Set.of());
    assertTrue(policy.allows(rule(ModelAccess.RESTRICTED), superadmin));
  }
}
