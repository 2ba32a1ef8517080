package dev.mainspring.platform.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;

class LauncherSettingsTest {

  @Test
  void aBareStartLogsPayaraAtWarning() {
    LauncherSettings settings = LauncherSettings.from(Map.of());
    assertEquals(Level.WARNING, settings.logLevel());
    assertEquals(8000, settings.port());
  }

  @Test
  void byDefaultTheServerHandsBackTheHeapItNoLongerUses() {
    String options = LauncherSettings.from(Map.of()).javaOptions();
    assertTrue(options.contains("-Xms64m"), options);
    assertTrue(options.contains("-XX:ZUncommitDelay=10"), options);
    assertTrue(options.contains("-XX:+UseZGC"), options);
  }

  @Test
  void javaOptionsFromTheEnvironmentReplaceTheDefaults() {
    assertEquals(
        "-Xmx512m",
        LauncherSettings.from(Map.of("MAINSPRING_JAVA_OPTS", "-Xmx512m")).javaOptions());
  }

  @Test
  void logLevelIsTakenInAnyCase() {
    assertEquals(
        Level.INFO, LauncherSettings.from(Map.of("MAINSPRING_LOG_LEVEL", "info")).logLevel());
  }

  @Test
  void anUnknownLogLevelIsRefusedByName() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> LauncherSettings.from(Map.of("MAINSPRING_LOG_LEVEL", "chatty")));
    assertTrue(e.getMessage().contains("MAINSPRING_LOG_LEVEL"), e.getMessage());
  }

  @Test
  void aPortThatIsNoNumberIsRefusedByName() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> LauncherSettings.from(Map.of("PORT", "80a")));
    assertTrue(e.getMessage().startsWith("PORT must be a whole number"), e.getMessage());
  }
}
