package dev.mainspring.billing.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.mainspring.platform.error.InvalidRequestException;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ResetQuotasBodyTest {

  @Test
  void noBodyAnEmptyObjectOrANullIdResetEveryEndedPeriod() {
    assertNull(ResetQuotasBody.parse(null).organizationId());
    assertNull(ResetQuotasBody.parse("  ").organizationId());
    assertNull(ResetQuotasBody.parse("{}").organizationId());
    assertNull(ResetQuotasBody.parse("{\"organization_id\":null}").organizationId());
  }

  @Test
  void anOrganizationIdNamesTheOneToReset() {
    UUID org = UUID.randomUUID();
    assertEquals(
        org, ResetQuotasBody.parse("{\"organization_id\":\"" + org + "\"}").organizationId());
  }

  @Test
  void anythingElseIsRefusedWithAStableCode() {
    assertEquals(
        "invalid_organization_id",
        assertThrows(
                InvalidRequestException.class,
                () -> ResetQuotasBody.parse("{\"organization_id\":\"nope\"}"))
            .code());
    assertEquals(
        "invalid_organization_id",
        assertThrows(
                InvalidRequestException.class,
                () -> ResetQuotasBody.parse("{\"organization_id\":7}"))
            .code());
    assertEquals(
        "malformed_json",
        assertThrows(InvalidRequestException.class, () -> ResetQuotasBody.parse("[1]")).code());
    assertEquals(
        "malformed_json",
        assertThrows(InvalidRequestException.class, () -> ResetQuotasBody.parse("{")).code());
  }
}
