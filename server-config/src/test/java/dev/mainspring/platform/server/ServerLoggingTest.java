package dev.mainspring.platform.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.StringReader;
import java.util.Properties;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;

class ServerLoggingTest {

  private static Properties parsed(Level level) throws Exception {
    Properties p = new Properties();
    p.load(new StringReader(ServerLogging.properties(level)));
    return p;
  }

  @Test
  void byDefaultPayaraLogsWarningsAndMainspringItsOwnInformation() throws Exception {
    Properties p = parsed(ServerLogging.DEFAULT_LEVEL);
    assertEquals("WARNING", p.getProperty(".level"));
    assertEquals("INFO", p.getProperty("dev.mainspring.level"));
    assertEquals("WARNING", p.getProperty("org.apache.catalina.level.level"));
    assertEquals("SEVERE", p.getProperty("javax.enterprise.system.security.ssl.level"));
  }

  @Test
  void linesArePlainText() throws Exception {
    Properties p = parsed(ServerLogging.DEFAULT_LEVEL);
    assertEquals(
        "java.util.logging.SimpleFormatter",
        p.getProperty("java.util.logging.ConsoleHandler.formatter"));
    assertEquals(
        ServerLogging.LINE_FORMAT, p.getProperty("java.util.logging.SimpleFormatter.format"));
  }

  @Test
  void aChosenLevelAppliesToEveryLoggerAndHidesNothing() throws Exception {
    Properties p = parsed(Level.INFO);
    assertEquals("INFO", p.getProperty(".level"));
    assertEquals("INFO", p.getProperty("org.apache.catalina.level.level"));
    assertFalse(p.containsKey("javax.enterprise.system.security.ssl.level"));
  }

  @Test
  void aFinerLevelAlsoAppliesToMainspringsLoggers() throws Exception {
    assertEquals("FINE", parsed(Level.FINE).getProperty("dev.mainspring.level"));
  }
}
