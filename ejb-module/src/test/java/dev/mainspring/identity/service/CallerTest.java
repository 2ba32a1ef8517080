package dev.mainspring.identity.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.mainspring.identity.model.OrgRole;
import dev.mainspring.platform.error.ForbiddenException;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CallerTest {

  private static Caller caller(boolean superadmin, UUID apiKeyId) {
    return new Caller(
        UUID.randomUUID(), UUID.randomUUID(), OrgRole.ADMIN, superadmin, apiKeyId, Set.of("*"));
  }

  @Test
  void onlyASuperadminsTokenPassesAndTheRefusalSaysWhatIsRefused() {
    Caller superadmin = caller(true, null);
    assertSame(superadmin, superadmin.requireSuperadmin("manages feature flags"));

    ForbiddenException admin =
        assertThrows(
            ForbiddenException.class,
            () -> caller(false, null).requireSuperadmin("manages feature flags"));
    assertEquals("superadmin_required", admin.code());
    assertEquals("only a superadmin manages feature flags", admin.getMessage());

    ForbiddenException key =
        assertThrows(
            ForbiddenException.class,
            () -> caller(true, UUID.randomUUID()).requireSuperadmin("manages feature flags"));
    assertEquals("user_token_required", key.code(), "a superadmin's API key is not their token");
  }
}
