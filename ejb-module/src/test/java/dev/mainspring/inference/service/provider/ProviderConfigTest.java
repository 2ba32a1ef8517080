package dev.mainspring.inference.service.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ProviderConfigTest {

  @Test
  void missingMembersTakeTheirDefaults() {
    ProviderConfig given = new ProviderConfig(null, null, null, 0, null, 9, null);

    assertEquals(new ProviderConfig(5_000, 60_000, 60_000, 0, 64, 9, 30_000), given.withDefaults());
  }

  @Test
  void anEmptyConfigIsTheDefaults() {
    assertEquals(
        ProviderConfig.DEFAULTS,
        new ProviderConfig(null, null, null, null, null, null, null).withDefaults());
  }
}
