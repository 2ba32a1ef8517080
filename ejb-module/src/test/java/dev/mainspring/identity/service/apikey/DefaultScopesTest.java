package dev.mainspring.identity.service.apikey;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mainspring.identity.model.OrgRole;
import dev.mainspring.identity.service.Caller;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The scopes a key gets when its creator names none. */
class DefaultScopesTest {

  private static Caller caller(OrgRole role, boolean superadmin) {
    return new Caller(UUID.randomUUID(), UUID.randomUUID(), role, superadmin, null, Set.of());
  }

  @Test
  void memberKeyMayWriteWhatAMemberMayWrite() {
    assertEquals(
        List.of("projects:write", "threads:write", "agents:write", "models:write"),
        ApiKeyService.defaultScopes(caller(OrgRole.MEMBER, false)));
  }

  @Test
  void superadminOutsideTheOrganizationGetsAnAdminsScopes() {
    assertEquals(
        ApiKeyService.defaultScopes(caller(OrgRole.ADMIN, false)),
        ApiKeyService.defaultScopes(caller(null, true)));
  }

  @Test
  void everyDefaultScopeIsAValidScope() {
    for (OrgRole role : OrgRole.values()) {
      for (String scope : ApiKeyService.ROLE_SCOPES.get(role)) {
        assertTrue(ApiKeyService.SCOPE.matcher(scope).matches(), scope);
      }
    }
  }
}
