package dev.mainspring.inference.service.upstream;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which network addresses Mainspring may send a provider request to. A provider's endpoint is typed
 * in by a superadmin (or comes from {@code LLM_URL}), and Mainspring then connects to it from
 * inside the operator's network: without a rule, an endpoint could reach a cloud's instance
 * metadata service (credentials of the machine) or the application's own database.
 *
 * <p>Refused unless allow-listed:
 *
 * <ul>
 *   <li>link-local addresses ({@code 169.254.0.0/16}, {@code fe80::/10}), where the metadata
 *       services of AWS, GCP, Azure and others answer, and the other metadata addresses ({@code
 *       100.100.100.200}, {@code fd00:ec2::254}, {@code 168.63.129.16});
 *   <li>addresses that name no single remote host: unspecified ({@code 0.0.0.0/8}, {@code ::}),
 *       multicast, broadcast and reserved ({@code 240.0.0.0/4});
 *   <li>the database's own host and port ({@code protectedEndpoints});
 *   <li>loopback and private ranges ({@code 127.0.0.0/8}, {@code ::1}, {@code 10.0.0.0/8}, {@code
 *       172.16.0.0/12}, {@code 192.168.0.0/16}, {@code 100.64.0.0/10}, {@code fc00::/7}) only when
 *       {@code allowPrivate} is false. They are allowed by default: local model servers on the same
 *       machine or LAN are what {@code vllm_local} and {@code llama_cpp_local} are for.
 * </ul>
 *
 * An IPv6 address that carries an IPv4 one (IPv4-compatible, NAT64 {@code 64:ff9b::/96}, 6to4
 * {@code 2002::/16}) is judged by the IPv4 address too. A host name is resolved and every address
 * it resolves to must pass; {@link #dnsResolver} applies the same check when a connection is made,
 * so a name that resolves elsewhere later is refused then.
 *
 * <pre>{@code
 * DestinationPolicy policy = DestinationPolicy.of("169.254.10.0/24", true, databaseEndpoints);
 * policy.refusal(InetAddress.getByName("169.254.169.254"), 80); // Optional["a link-local ..."]
 * }</pre>
 */
public final class DestinationPolicy {

  /** The default rules with no allow-list and no protected endpoints. */
  public static final DestinationPolicy DEFAULT = new DestinationPolicy(List.of(), true, List.of());

  private static final Pattern IPV4_LITERAL = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

  private static final List<Range> LINK_LOCAL =
      List.of(Range.parse("169.254.0.0/16"), Range.parse("fe80::/10"));
  private static final List<Range> METADATA =
      List.of(
          Range.parse("100.100.100.200"),
          Range.parse("fd00:ec2::254"),
          Range.parse("168.63.129.16"));
  private static final List<Range> NO_SINGLE_HOST =
      List.of(
          Range.parse("0.0.0.0/8"),
          Range.parse("::/128"),
          Range.parse("224.0.0.0/4"),
          Range.parse("240.0.0.0/4"),
          Range.parse("ff00::/8"));
  private static final List<Range> PRIVATE =
      List.of(
          Range.parse("127.0.0.0/8"),
          Range.parse("::1/128"),
          Range.parse("10.0.0.0/8"),
          Range.parse("172.16.0.0/12"),
          Range.parse("192.168.0.0/16"),
          Range.parse("100.64.0.0/10"),
          Range.parse("fc00::/7"),
          Range.parse("fec0::/10"));
  private static final Range LOOPBACK_V4 = Range.parse("127.0.0.0/8");
  private static final Range LOOPBACK_V6 = Range.parse("::1/128");

  private final List<Range> allowed;
  private final boolean allowPrivate;
  private final List<InetSocketAddress> protectedEndpoints;

  /**
   * @param allowed ranges allowed whatever the other rules say
   * @param allowPrivate whether loopback and private ranges are allowed
   * @param protectedEndpoints resolved addresses and ports that are refused (the database's)
   */
  public DestinationPolicy(
      List<Range> allowed, boolean allowPrivate, Collection<InetSocketAddress> protectedEndpoints) {
    this.allowed = List.copyOf(allowed);
    this.allowPrivate = allowPrivate;
    this.protectedEndpoints = List.copyOf(protectedEndpoints);
  }

  /**
   * The policy of a configuration: {@code allowList} is a comma-separated list of IP addresses and
   * CIDR ranges (blank for none).
   *
   * @throws IllegalArgumentException naming an entry that is no address or range
   */
  public static DestinationPolicy of(
      String allowList, boolean allowPrivate, Collection<InetSocketAddress> protectedEndpoints) {
    List<Range> ranges = new ArrayList<>();
    if (allowList != null) {
      for (String entry : allowList.split(",")) {
        if (!entry.isBlank()) {
          ranges.add(Range.parse(entry.strip()));
        }
      }
    }
    return new DestinationPolicy(ranges, allowPrivate, protectedEndpoints);
  }

  /** Why a connection to {@code address} on {@code port} is refused; empty when it is allowed. */
  public Optional<String> refusal(InetAddress address, int port) {
    List<InetAddress> judged = new ArrayList<>(List.of(address));
    embeddedIpv4(address).ifPresent(judged::add);
    if (judged.stream().allMatch(a -> within(allowed, a))) {
      return Optional.empty();
    }
    for (InetAddress a : judged) {
      Optional<String> reason = refusalOf(a, port);
      if (reason.isPresent()) {
        return reason;
      }
    }
    return Optional.empty();
  }

  /**
   * Every address {@code host} resolves to, when each of them is allowed on {@code port}.
   *
   * @throws DestinationRefusedException when one is refused (a {@link UnknownHostException}, so an
   *     HTTP client treats it as a connection that could not be made)
   * @throws UnknownHostException when the name does not resolve
   */
  public InetAddress[] resolve(String host, int port) throws UnknownHostException {
    InetAddress[] addresses = InetAddress.getAllByName(unbracketed(host));
    for (InetAddress address : addresses) {
      Optional<String> reason = refusal(address, port);
      if (reason.isPresent()) {
        throw new DestinationRefusedException(
            host + " (" + address.getHostAddress() + ", port " + port + ") is " + reason.get());
      }
    }
    return addresses;
  }

  /** A resolver for an HTTP client that connects only where this policy allows. */
  public org.apache.hc.client5.http.DnsResolver dnsResolver(int defaultPort) {
    return new PolicyDnsResolver(this, defaultPort);
  }

  private Optional<String> refusalOf(InetAddress address, int port) {
    if (within(LINK_LOCAL, address)) {
      return Optional.of("a link-local address, where cloud metadata services answer");
    }
    if (within(METADATA, address)) {
      return Optional.of("a cloud metadata address");
    }
    if (within(NO_SINGLE_HOST, address)) {
      return Optional.of("an unspecified, multicast or reserved address");
    }
    if (isProtected(address, port)) {
      return Optional.of("the database's own address");
    }
    if (!allowPrivate && within(PRIVATE, address)) {
      return Optional.of("a loopback or private address, and private networks are not allowed");
    }
    return Optional.empty();
  }

  /** The database's address and port; on loopback any loopback address reaches it. */
  private boolean isProtected(InetAddress address, int port) {
    for (InetSocketAddress endpoint : protectedEndpoints) {
      if (endpoint.getPort() != port || endpoint.getAddress() == null) {
        continue;
      }
      InetAddress database = endpoint.getAddress();
      if (database.equals(address) || (isLoopback(database) && isLoopback(address))) {
        return true;
      }
    }
    return false;
  }

  private static boolean isLoopback(InetAddress address) {
    return LOOPBACK_V4.contains(address) || LOOPBACK_V6.contains(address);
  }

  private static boolean within(List<Range> ranges, InetAddress address) {
    for (Range range : ranges) {
      if (range.contains(address)) {
        return true;
      }
    }
    return false;
  }

  /** The IPv4 address an IPv6 one carries: IPv4-compatible, NAT64 or 6to4. */
  static Optional<InetAddress> embeddedIpv4(InetAddress address) {
    if (!(address instanceof Inet6Address)) {
      return Optional.empty();
    }
    byte[] b = address.getAddress();
    byte[] v4 = null;
    if (allZero(b, 0, 12) && !allZero(b, 12, 15)) {
      v4 = Arrays.copyOfRange(b, 12, 16); // ::a.b.c.d, but not :: or ::1
    } else if (b[0] == 0x00 && b[1] == 0x64 && (b[2] & 0xff) == 0xff && b[3] == (byte) 0x9b) {
      if (allZero(b, 4, 12)) {
        v4 = Arrays.copyOfRange(b, 12, 16); // 64:ff9b::/96
      }
    } else if (b[0] == 0x20 && b[1] == 0x02) {
      v4 = Arrays.copyOfRange(b, 2, 6); // 2002:AABB:CCDD::/48
    }
    if (v4 == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(InetAddress.getByAddress(v4));
    } catch (UnknownHostException impossible) {
      return Optional.empty();
    }
  }

  private static boolean allZero(byte[] bytes, int from, int to) {
    for (int i = from; i < to; i++) {
      if (bytes[i] != 0) {
        return false;
      }
    }
    return true;
  }

  private static String unbracketed(String host) {
    return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
  }

  /** An IP address or a CIDR range of IPv4 or IPv6 addresses. */
  public record Range(byte[] network, int prefixLength) {

    /**
     * {@code 10.0.0.0/8}, {@code fe80::/10}, or a single address; literals only, no host names.
     *
     * @throws IllegalArgumentException for anything else
     */
    public static Range parse(String text) {
      int slash = text.indexOf('/');
      String literal = slash < 0 ? text : text.substring(0, slash);
      if (!literal.contains(":") && !IPV4_LITERAL.matcher(literal).matches()) {
        throw new IllegalArgumentException(text + " is not an IP address or CIDR range");
      }
      InetAddress address;
      try {
        address = InetAddress.getByName(unbracketed(literal)); // a literal: no name lookup
      } catch (UnknownHostException e) {
        throw new IllegalArgumentException(text + " is not an IP address or CIDR range");
      }
      byte[] bytes = address.getAddress();
      int prefix = bytes.length * 8;
      if (slash >= 0) {
        try {
          prefix = Integer.parseInt(text.substring(slash + 1));
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException(text + " has no valid prefix length");
        }
        if (prefix < 0 || prefix > bytes.length * 8) {
          throw new IllegalArgumentException(text + " has no valid prefix length");
        }
      }
      return new Range(bytes, prefix);
    }

    /** Whether {@code address} (of the same family) lies in the range. */
    public boolean contains(InetAddress address) {
      byte[] candidate = address.getAddress();
      if (candidate.length != network.length) {
        return false;
      }
      int full = prefixLength / 8;
      for (int i = 0; i < full; i++) {
        if (candidate[i] != network[i]) {
          return false;
        }
      }
      int rest = prefixLength % 8;
      if (rest == 0) {
        return true;
      }
      int mask = (0xff << (8 - rest)) & 0xff;
      return (candidate[full] & mask) == (network[full] & mask);
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Range range
          && prefixLength == range.prefixLength
          && Arrays.equals(network, range.network);
    }

    @Override
    public int hashCode() {
      return 31 * Arrays.hashCode(network) + prefixLength;
    }

    @Override
    public String toString() {
      try {
        return InetAddress.getByAddress(network).getHostAddress() + "/" + prefixLength;
      } catch (UnknownHostException impossible) {
        return Arrays.toString(network) + "/" + prefixLength;
      }
    }
  }

  /** A host name resolved to an address the policy refuses. */
  public static final class DestinationRefusedException extends UnknownHostException {
    private static final long serialVersionUID = 1L;

    DestinationRefusedException(String message) {
      super(message);
    }
  }

  /** Resolves as the system does, then refuses what the policy refuses. */
  private static final class PolicyDnsResolver implements org.apache.hc.client5.http.DnsResolver {

    private final DestinationPolicy policy;
    private final int defaultPort;

    PolicyDnsResolver(DestinationPolicy policy, int defaultPort) {
      this.policy = policy;
      this.defaultPort = defaultPort;
    }

    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
      return policy.resolve(host, defaultPort);
    }

    @Override
    public List<InetSocketAddress> resolve(String host, int port) throws UnknownHostException {
      List<InetSocketAddress> endpoints = new ArrayList<>();
      for (InetAddress address : policy.resolve(host, port)) {
        endpoints.add(new InetSocketAddress(address, port));
      }
      return endpoints;
    }

    @Override
    public String resolveCanonicalHostname(String host) throws UnknownHostException {
      return org.apache.hc.client5.http.SystemDefaultDnsResolver.INSTANCE.resolveCanonicalHostname(
          host);
    }
  }
}
