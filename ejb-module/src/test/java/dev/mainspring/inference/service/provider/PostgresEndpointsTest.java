package dev.mainspring.inference.service.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mainspring.platform.error.InvalidRequestException;
import org.junit.jupiter.api.Test;

class PostgresEndpointsTest {

  @Test
  void anEndpointIsStoredWithItsPort() {
    assertEquals(
        "postgresql://10.0.0.7:5432/vectors",
        PostgresEndpoints.check("postgresql://10.0.0.7/vectors"));
    assertEquals(
        "postgresql://db.internal:6543/v_1",
        PostgresEndpoints.check(" postgresql://db.internal:6543/v_1 "));
    assertEquals(
        "jdbc:postgresql://127.0.0.1:5432/postgres",
        PostgresEndpoints.jdbcUrl(PostgresEndpoints.check("postgresql://127.0.0.1/postgres")));
    assertEquals(6543, PostgresEndpoints.port("postgresql://db.internal:6543/v_1"));
    assertEquals("db.internal", PostgresEndpoints.host("postgresql://db.internal:6543/v_1"));
  }

  @Test
  void anythingElseIsRefused() {
    for (String bad :
        new String[] {
          null,
          " ",
          "http://10.0.0.7/vectors",
          "postgresql://10.0.0.7",
          "postgresql://10.0.0.7/",
          "postgresql://10.0.0.7/a/b",
          "postgresql://user:secret@10.0.0.7/vectors",
          "postgresql://10.0.0.7/vectors?sslmode=disable",
          "postgresql:///vectors",
          "not a url"
        }) {
      InvalidRequestException e =
          assertThrows(
              InvalidRequestException.class,
              () -> PostgresEndpoints.check(bad),
              String.valueOf(bad));
      assertEquals("invalid_endpoint_url", e.code());
    }
  }

  @Test
  void theSchemeIsRecognisedBeforeTheRuleIsApplied() {
    assertTrue(PostgresEndpoints.isPostgres("PostgreSQL://x/y"));
    assertFalse(PostgresEndpoints.isPostgres("http://x/y"));
    assertFalse(PostgresEndpoints.isPostgres(null));
  }
}
