package dev.mainspring.run.api.socketio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mainspring.platform.error.UnauthorizedException;
import org.junit.jupiter.api.Test;

class ConnectPacketsTest {

  @Test
  void aConnectToTheMainNamespaceCarriesItsAuthToken() {
    ConnectPackets.Connect connect = ConnectPackets.parse("40{\"token\":\"abc\"}").orElseThrow();
    assertEquals("/", connect.namespace());
    assertEquals("abc", connect.token());
  }

  @Test
  void aBearerPrefixInTheAuthTokenIsTakenOff() {
    assertEquals("abc", ConnectPackets.parse("40{\"token\":\"Bearer abc\"}").orElseThrow().token());
  }

  @Test
  void aConnectWithoutAuthOrToAnotherNamespaceIsStillAConnect() {
    assertNull(ConnectPackets.parse("40").orElseThrow().token());
    ConnectPackets.Connect other = ConnectPackets.parse("40/admin,{\"token\":\"t\"}").orElseThrow();
    assertEquals("/admin", other.namespace());
    assertEquals("t", other.token());
    assertEquals("/admin", ConnectPackets.parse("40/admin").orElseThrow().namespace());
  }

  @Test
  void otherPacketsAndBrokenAuthAreNotMistakenForACredential() {
    assertTrue(ConnectPackets.parse("42[\"query\",{}]").isEmpty(), "an event");
    assertTrue(ConnectPackets.parse("2").isEmpty(), "a ping");
    assertTrue(ConnectPackets.parse("").isEmpty());
    assertTrue(ConnectPackets.parse(null).isEmpty());
    assertNull(ConnectPackets.parse("40{not json").orElseThrow().token());
    assertNull(ConnectPackets.parse("40{\"token\":5}").orElseThrow().token());
    assertNull(ConnectPackets.parse("40[\"token\"]").orElseThrow().token());
  }

  @Test
  void aRefusalIsAConnectErrorWithTheCodeAndMessage() {
    assertEquals(
        "44{\"message\":\"no\",\"data\":{\"code\":\"unauthenticated\"}}",
        ConnectPackets.refusal("/", new UnauthorizedException("unauthenticated", "no")));
    assertTrue(ConnectPackets.refusal("/admin", "x", "y").startsWith("44/admin,{"));
  }
}
