package dev.mainspring.inference.service.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DestinationPolicyTest {

  private static final List<InetSocketAddress> DATABASE =
      List.of(new InetSocketAddress(address("127.0.0.1"), 5432));

  private final DestinationPolicy defaults = DestinationPolicy.of("", true, DATABASE);

  @ParameterizedTest
  @ValueSource(
      strings = {
        "169.254.169.254",
        "169.254.0.1",
        "fe80::1",
        "febf::1",
        "100.100.100.200",
        "fd00:ec2::254",
        "168.63.129.16",
        "0.0.0.0",
        "::",
        "224.0.0.1",
        "255.255.255.255",
        "ff02::1",
        "::ffff:169.254.169.254",
        "::169.254.169.254",
        "64:ff9b::a9fe:a9fe",
        "2002:a9fe:a9fe::1"
      })
  void metadataLinkLocalAndNonUnicastAddressesAreRefusedByDefault(String literal) {
    assertTrue(defaults.refusal(address(literal), 80).isPresent(), literal);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "127.0.0.1",
        "127.1.2.3",
        "::1",
        "10.0.0.5",
        "172.16.9.9",
        "192.168.1.20",
        "100.64.0.7",
        "fd12:3456::1",
        "8.8.8.8",
        "2606:4700::1111"
      })
  void loopbackPrivateAndPublicAddressesAreAllowedByDefault(String literal) {
    assertEquals(java.util.Optional.empty(), defaults.refusal(address(literal), 8000), literal);
  }

  @Test
  void theDatabasePortIsRefusedOnEveryLoopbackAddressButOtherPortsAreNot() {
    assertTrue(defaults.refusal(address("127.0.0.1"), 5432).isPresent());
    assertTrue(defaults.refusal(address("127.0.0.2"), 5432).isPresent());
    assertTrue(defaults.refusal(address("::1"), 5432).isPresent());
    assertFalse(defaults.refusal(address("127.0.0.1"), 5433).isPresent());
    assertFalse(defaults.refusal(address("10.0.0.1"), 5432).isPresent());
    assertTrue(
        defaults.refusal(address("127.0.0.1"), 5432).get().contains("database"),
        defaults.refusal(address("127.0.0.1"), 5432).get());
  }

  @Test
  void databaseOnAnotherHostIsRefusedOnlyThere() {
    DestinationPolicy policy =
        DestinationPolicy.of("", true, List.of(new InetSocketAddress(address("10.1.2.3"), 5432)));

    assertTrue(policy.refusal(address("10.1.2.3"), 5432).isPresent());
    assertFalse(policy.refusal(address("10.1.2.4"), 5432).isPresent());
    assertFalse(policy.refusal(address("127.0.0.1"), 5432).isPresent());
  }

  @Test
  void privateNetworksCanBeRefused() {
    DestinationPolicy strict = DestinationPolicy.of("", false, List.of());

    assertTrue(strict.refusal(address("127.0.0.1"), 8000).isPresent());
    assertTrue(strict.refusal(address("192.168.1.20"), 8000).isPresent());
    assertTrue(strict.refusal(address("fd12::1"), 8000).isPresent());
    assertFalse(strict.refusal(address("8.8.8.8"), 443).isPresent());
  }

  @Test
  void allowListOverridesEveryRule() {
    DestinationPolicy policy =
        DestinationPolicy.of(
            " 169.254.10.0/24 , fe80::/10,127.0.0.1, 192.168.7.7", false, DATABASE);

    assertFalse(policy.refusal(address("169.254.10.9"), 80).isPresent());
    assertTrue(policy.refusal(address("169.254.169.254"), 80).isPresent());
    assertFalse(policy.refusal(address("fe80::1234"), 80).isPresent());
    assertFalse(policy.refusal(address("127.0.0.1"), 5432).isPresent());
    assertTrue(policy.refusal(address("127.0.0.2"), 8000).isPresent());
    assertFalse(policy.refusal(address("192.168.7.7"), 8000).isPresent());
  }

  @ParameterizedTest
  @ValueSource(strings = {"metadata.internal", "10.0.0.0/33", "10.0.0/8", "fe80::/x", "1.2.3.4/-1"})
  void allowListEntriesMustBeAddressesOrRanges(String entry) {
    assertThrows(
        IllegalArgumentException.class, () -> DestinationPolicy.of(entry, true, List.of()));
  }

  @Test
  void everyResolvedAddressIsChecked() throws UnknownHostException {
    assertEquals(1, defaults.resolve("127.0.0.1", 8000).length);
    assertEquals(1, defaults.resolve("[::1]", 8000).length);
    DestinationPolicy.DestinationRefusedException refused =
        assertThrows(
            DestinationPolicy.DestinationRefusedException.class,
            () -> defaults.resolve("169.254.169.254", 80));
    assertTrue(refused.getMessage().contains("link-local"), refused.getMessage());
    assertThrows(
        DestinationPolicy.DestinationRefusedException.class,
        () -> DestinationPolicy.of("", false, List.of()).resolve("localhost", 8000));
  }

  @Test
  void rangesMatchByPrefix() {
    DestinationPolicy.Range range = DestinationPolicy.Range.parse("172.16.0.0/12");

    assertTrue(range.contains(address("172.31.255.255")));
    assertFalse(range.contains(address("172.32.0.0")));
    assertFalse(range.contains(address("::1")));
    assertTrue(DestinationPolicy.Range.parse("0.0.0.0/0").contains(address("8.8.8.8")));
  }

  private static InetAddress address(String literal) {
    try {
      return InetAddress.getByName(literal);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
