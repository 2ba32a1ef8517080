package dev.mainspring.platform.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Level;

/**
 * The java.util.logging configuration the launcher gives Payara Micro ({@code --logproperties}):
 * one plain line per record on the console, Mainspring's own loggers at INFO, and everything else
 * (Payara, Weld, EclipseLink, Flyway, ...) at {@code MAINSPRING_LOG_LEVEL}, WARNING unless set.
 *
 * <p>Why: Payara Micro's own configuration prints some 700 lines on a first start (each boot
 * command echoed with its values, every EJB's JNDI names, the REST endpoint list, certificate
 * dumps), in colour whether or not the output is a terminal. A user needs the launcher's summary
 * and what went wrong; {@code MAINSPRING_LOG_LEVEL=INFO} brings Payara's usual log back.
 *
 * <p>At the default level the warnings about expired root certificates in Payara's bundled trust
 * store ({@code javax.enterprise.system.security.ssl}, five dumps of a certificate each on every
 * start) are raised to SEVERE: they concern certificates nobody serves any more and ask nothing of
 * the operator.
 */
final class ServerLogging {

  static final Level DEFAULT_LEVEL = Level.WARNING;

  /** One line: time, level, logger, message, then the stack trace if any. */
  static final String LINE_FORMAT = "%1$tF %1$tT.%1$tL %4$s %3$s: %5$s%6$s%n";

  private ServerLogging() {}

  /** The configuration for {@code level} (the level of every logger but Mainspring's). */
  static String properties(Level level) {
    Level own = level.intValue() < Level.INFO.intValue() ? level : Level.INFO;
    StringBuilder p = new StringBuilder();
    p.append(
            "# Written by the Mainspring launcher at every start; set MAINSPRING_LOG_LEVEL instead")
        .append(" of editing it.\n");
    p.append("handlers=java.util.logging.ConsoleHandler\n");
    p.append("java.util.logging.ConsoleHandler.level=ALL\n");
    p.append("java.util.logging.ConsoleHandler.formatter=java.util.logging.SimpleFormatter\n");
    p.append("java.util.logging.SimpleFormatter.format=").append(LINE_FORMAT).append('\n');
    p.append(".level=").append(level.getName()).append('\n');
    // Payara's web container sets its virtual servers' loggers to the level of the logger named
    // "org.apache.catalina.level" (sic), INFO when that has none; without this line they log at
    // INFO whatever the root level.
    p.append("org.apache.catalina.level.level=").append(level.getName()).append('\n');
    p.append("dev.mainspring.level=").append(own.getName()).append('\n');
    if (level.equals(DEFAULT_LEVEL)) {
      p.append("javax.enterprise.system.security.ssl.level=SEVERE\n");
    }
    return p.toString();
  }

  /** Writes the configuration for {@code level} to {@code file}. */
  static Path write(Path file, Level level) throws IOException {
    Files.createDirectories(file.getParent());
    return Files.writeString(file, properties(level));
  }
}
