package dev.mainspring.inference.service.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mainspring.inference.service.provider.ProviderDestinations.HostPort;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProviderDestinationsTest {

  @Test
  void hostsAndPortsOfAPostgresUrl() {
    assertEquals(
        List.of(new HostPort("localhost", 54321)),
        ProviderDestinations.jdbcEndpoints("jdbc:postgresql://localhost:54321/mainspring"));
    assertEquals(
        List.of(new HostPort("db.internal", 5432)),
        ProviderDestinations.jdbcEndpoints("jdbc:postgresql://db.internal/mainspring?ssl=true"));
    assertEquals(
        List.of(new HostPort("10.0.0.1", 5433), new HostPort("::1", 5432)),
        ProviderDestinations.jdbcEndpoints("jdbc:postgresql://10.0.0.1:5433,[::1]/db"));
    assertEquals(
        List.of(new HostPort("localhost", 5432)),
        ProviderDestinations.jdbcEndpoints("jdbc:postgresql:mainspring"));
  }

  @Test
  void otherUrlsNameNoEndpoint() {
    assertEquals(List.of(), ProviderDestinations.jdbcEndpoints("jdbc:h2:mem:test"));
    assertEquals(List.of(), ProviderDestinations.jdbcEndpoints(null));
  }
}
