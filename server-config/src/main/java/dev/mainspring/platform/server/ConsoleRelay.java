package dev.mainspring.platform.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Carries the server process's console output to the launcher's, line by line, so that what a user
 * sees is the launcher's to decide: no terminal colour codes when the output is not a terminal (a
 * file, a pipe, a container log), no secret, and the superadmin's generated password kept for the
 * launcher's summary rather than lost among the server's lines.
 *
 * <p>Secrets are masked as a last line of defence, whatever printed them: the values the launcher
 * itself handed to the server (database passwords, the master key) wherever they appear, and the
 * value after any {@code password=} or {@code password:}. Payara Micro echoes every boot command
 * with its values substituted, the data source's password among them; the launcher's log settings
 * keep those echoes out of a normal start, and this keeps the password out of a verbose one.
 *
 * <p>The one line taken out is the one {@code AdminBootstrap} prints on the first start of an empty
 * database: {@code [mainspring] Created the superadmin <e-mail> with the generated password:
 * <password>}. Its e-mail and password go to the listener given to the constructor (as a {@link
 * GeneratedAdmin}) instead.
 */
final class ConsoleRelay {

  /** What masked values are replaced with. */
  static final String MASK = "********";

  private static final Pattern ANSI_ESCAPE = Pattern.compile("\u001B\\[[0-9;?]*[ -/]*[@-~]");
  private static final Pattern PASSWORD_VALUE =
      Pattern.compile("(?i)(password\\s*[=:]\\s*)([^\\s,;&\"')\\]]+)");
  private static final Pattern GENERATED_ADMIN =
      Pattern.compile(
          "^\\[mainspring\\] Created the superadmin (\\S+) with the generated password: (\\S+)\\s*$");

  /** The superadmin made on this start, with the password generated for it. */
  record GeneratedAdmin(String email, String password) {}

  private final PrintStream out;
  private final boolean keepColour;
  private final List<String> secrets;
  private final Consumer<GeneratedAdmin> onGeneratedAdmin;

  /**
   * @param out where the lines go
   * @param keepColour whether terminal escape sequences pass (only when {@code out} is a terminal)
   * @param secrets values to mask wherever they appear; blank ones are ignored
   * @param onGeneratedAdmin told of the superadmin's generated password, instead of printing it
   */
  ConsoleRelay(
      PrintStream out,
      boolean keepColour,
      List<String> secrets,
      Consumer<GeneratedAdmin> onGeneratedAdmin) {
    this.out = out;
    this.keepColour = keepColour;
    this.secrets = secrets.stream().filter(s -> s != null && !s.isBlank()).toList();
    this.onGeneratedAdmin = onGeneratedAdmin;
  }

  /** Relays {@code in} until it ends, on a daemon thread of its own; returns that thread. */
  Thread start(InputStream in) {
    Thread pump = new Thread(() -> relay(in), "mainspring-console");
    pump.setDaemon(true);
    pump.start();
    return pump;
  }

  void relay(InputStream in) {
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(in))) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        filter(line).ifPresent(out::println);
      }
    } catch (IOException ended) {
      // the server's side of the pipe closed: nothing more to relay
    }
  }

  /** The line as the user is to see it, or empty when it is not to be printed. */
  Optional<String> filter(String line) {
    String plain = keepColour ? line : ANSI_ESCAPE.matcher(line).replaceAll("");
    Matcher admin = GENERATED_ADMIN.matcher(ANSI_ESCAPE.matcher(line).replaceAll(""));
    if (admin.matches()) {
      onGeneratedAdmin.accept(new GeneratedAdmin(admin.group(1), admin.group(2)));
      return Optional.empty();
    }
    return Optional.of(mask(plain));
  }

  private String mask(String line) {
    String masked = line;
    for (String secret : secrets) {
      masked = masked.replace(secret, MASK);
    }
    return maskPasswords(masked);
  }

  /** {@code text} with the value after each {@code password=} or {@code password:} masked. */
  static String maskPasswords(String text) {
    return PASSWORD_VALUE.matcher(text).replaceAll("$1" + Matcher.quoteReplacement(MASK));
  }
}
