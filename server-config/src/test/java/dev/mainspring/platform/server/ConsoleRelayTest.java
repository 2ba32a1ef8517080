package dev.mainspring.platform.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConsoleRelayTest {

  private final List<ConsoleRelay.GeneratedAdmin> admins = new ArrayList<>();

  private ConsoleRelay relay(boolean terminal, String... secrets) {
    return new ConsoleRelay(
        new PrintStream(new ByteArrayOutputStream()), terminal, List.of(secrets), admins::add);
  }

  @Test
  void colourCodesAreRemovedWhenTheOutputIsNoTerminal() {
    String coloured = "[\u001B[1;93mWARNING\u001B[0m] [\u001B[1;94mPayaraMicro\u001B[0m] late";
    assertEquals(Optional.of("[WARNING] [PayaraMicro] late"), relay(false).filter(coloured));
  }

  @Test
  void colourCodesStayOnATerminal() {
    String coloured = "[\u001B[1;93mWARNING\u001B[0m] late";
    assertEquals(Optional.of(coloured), relay(true).filter(coloured));
  }

  @Test
  void bootCommandEchoesShowNoPassword() {
    String echo = "    resources.jdbc-connection-pool.mainspring-pool.property.password=embedded";
    assertEquals(
        Optional.of(
            "    resources.jdbc-connection-pool.mainspring-pool.property.password=********"),
        relay(false).filter(echo));
  }

  @Test
  void passwordsInUrlsAndAfterColonsAreMasked() {
    assertEquals(
        "jdbc:postgresql://db/app?user=app&password=********&ssl=true",
        ConsoleRelay.maskPasswords("jdbc:postgresql://db/app?user=app&password=s3cret&ssl=true"));
    assertEquals("Password: ********", ConsoleRelay.maskPasswords("Password: s3cret"));
  }

  @Test
  void secretsHandedToTheServerAreMaskedWhereverTheyAppear() {
    Optional<String> line =
        relay(false, "k3y-material", "").filter("could not use key k3y-material for this");
    assertEquals(Optional.of("could not use key ******** for this"), line);
  }

  @Test
  void generatedSuperadminPasswordIsTakenOutOfTheOutputAndReported() {
    Optional<String> line =
        relay(false)
            .filter(
                "[mainspring] Created the superadmin admin@mainspring.local with the generated"
                    + " password: AbC-123_xyz");
    assertTrue(line.isEmpty());
    assertEquals(
        List.of(new ConsoleRelay.GeneratedAdmin("admin@mainspring.local", "AbC-123_xyz")), admins);
  }

  @Test
  void otherLinesPassUnchanged() {
    String line = "2026-12-05 15:09:58.775 INFO dev.mainspring.SchemaMigrator: Schema at version 5";
    assertEquals(Optional.of(line), relay(false).filter(line));
    assertTrue(admins.isEmpty());
  }

  @Test
  void relayCopiesEveryLineUntilTheStreamEnds() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ConsoleRelay relay =
        new ConsoleRelay(
            new PrintStream(out, true, StandardCharsets.UTF_8), false, List.of(), admins::add);
    String input = "one\n\u001B[1mtwo\u001B[0m\nthree password=x\n";
    Thread pump = relay.start(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)));
    pump.join(5_000);
    assertFalse(pump.isAlive());
    assertEquals(
        "one\ntwo\nthree password=********\n",
        out.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n"));
  }

  @Test
  void aSuperadminMadeWithAConfiguredPasswordIsNotReported() {
    String line = "[mainspring] Created the superadmin admin@mainspring.local";
    assertEquals(Optional.of(line), relay(false).filter(line));
    assertTrue(admins.isEmpty());
  }
}
