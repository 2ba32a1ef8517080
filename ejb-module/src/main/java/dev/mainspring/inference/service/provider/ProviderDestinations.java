package dev.mainspring.inference.service.provider;

import dev.mainspring.inference.service.upstream.DestinationPolicy;
import dev.mainspring.platform.error.InvalidRequestException;
import dev.mainspring.platform.model.DatabaseRepository;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The {@link DestinationPolicy} of this installation: the defaults, the allow-list {@code
 * mainspring.providers.allowed-destinations}, {@code mainspring.providers.allow-private-networks},
 * and the database's own host and port, read from {@code DB_URL} and from the URLs of the
 * application's and the owner's connection pools. Built once, on first use: the bootstrap uses it
 * at startup, outside any transaction (inside one, the pools are not asked, since a second pool
 * cannot join a transaction of the first). An allow-list entry that is no address or range is left
 * out and logged: the list only ever allows more.
 */
@ApplicationScoped
public class ProviderDestinations {

  private static final Logger LOG = Logger.getLogger(ProviderDestinations.class.getName());
  private static final int POSTGRES_PORT = 5432;

  @Inject
  @ConfigProperty(name = "mainspring.providers.allowed-destinations")
  Optional<String> allowList;

  @Inject
  @ConfigProperty(name = "mainspring.providers.allow-private-networks", defaultValue = "true")
  boolean allowPrivate;

  @Inject
  @ConfigProperty(name = "DB_URL")
  Optional<String> databaseUrl;

  @Resource TransactionSynchronizationRegistry transactions;

  @Inject DatabaseRepository database;

  private volatile DestinationPolicy policy;
  private volatile DestinationPolicy publicPolicy;

  /** The rules every provider connection follows. */
  public DestinationPolicy policy() {
    DestinationPolicy current = policy;
    if (current == null) {
      synchronized (this) {
        if (policy == null) {
          policy = build(allowPrivate);
        }
        current = policy;
      }
    }
    return current;
  }

  /**
   * The rules for a destination a user (not a superadmin) named, such as the base URL of their own
   * key: as {@link #policy()}, and loopback and private addresses only when {@code privateNetworks}
   * is true as well.
   */
  public DestinationPolicy policy(boolean privateNetworks) {
    if (privateNetworks) {
      return policy();
    }
    DestinationPolicy current = publicPolicy;
    if (current == null) {
      synchronized (this) {
        if (publicPolicy == null) {
          publicPolicy = build(false);
        }
        current = publicPolicy;
      }
    }
    return current;
  }

  /**
   * Checks a provider's endpoint URL, already of a valid form ({@link EndpointUrls#check}), against
   * the rules: every address its host resolves to must be allowed on its port. A host name that
   * does not resolve (yet) passes; it is checked again on every connection. Resolving a name may
   * wait on DNS, so callers do it before they touch the database.
   *
   * @throws InvalidRequestException 400 {@code endpoint_not_allowed}
   */
  public void check(String endpointUrl) {
    URI url = URI.create(endpointUrl);
    int port =
        url.getPort() >= 0
            ? url.getPort()
            : "https".equals(url.getScheme())
                ? 443
                : "postgresql".equals(url.getScheme()) ? PostgresEndpoints.DEFAULT_PORT : 80;
    try {
      policy().resolve(url.getHost(), port);
    } catch (DestinationPolicy.DestinationRefusedException e) {
      LOG.log(Level.FINE, "refused the provider endpoint {0}: {1}", new Object[] {url, e});
      throw new InvalidRequestException(
          "endpoint_not_allowed",
          "endpoint_url points to an address providers may not use (link-local, cloud metadata,"
              + " the database, or a private network where those are not allowed); an operator"
              + " can allow it with mainspring.providers.allowed-destinations");
    } catch (UnknownHostException e) {
      LOG.log(Level.FINE, "the provider endpoint {0} does not resolve yet", url);
    }
  }

  private DestinationPolicy build(boolean privateAllowed) {
    List<String> entries = new ArrayList<>();
    for (String entry : allowList.orElse("").split(",")) {
      if (entry.isBlank()) {
        continue;
      }
      try {
        DestinationPolicy.Range.parse(entry.strip());
        entries.add(entry.strip());
      } catch (IllegalArgumentException e) {
        LOG.severe(() -> "mainspring.providers.allowed-destinations: ignoring " + e.getMessage());
      }
    }
    Set<String> urls = new LinkedHashSet<>();
    databaseUrl.ifPresent(urls::add);
    if (transactions == null
        || transactions.getTransactionStatus() == Status.STATUS_NO_TRANSACTION) {
      urls.addAll(database.poolUrls());
    }
    Set<InetSocketAddress> databaseEndpoints = new LinkedHashSet<>();
    for (String url : urls) {
      databaseEndpoints.addAll(resolved(url));
    }
    return DestinationPolicy.of(String.join(",", entries), privateAllowed, databaseEndpoints);
  }

  private static List<InetSocketAddress> resolved(String url) {
    List<InetSocketAddress> endpoints = new ArrayList<>();
    for (HostPort endpoint : jdbcEndpoints(url)) {
      try {
        for (InetAddress address : InetAddress.getAllByName(endpoint.host())) {
          endpoints.add(new InetSocketAddress(address, endpoint.port()));
        }
      } catch (UnknownHostException e) {
        LOG.warning(() -> "the database host " + endpoint.host() + " does not resolve");
      }
    }
    return endpoints;
  }

  /** A host and port of a PostgreSQL JDBC URL. */
  record HostPort(String host, int port) {}

  /**
   * The hosts and ports of {@code jdbc:postgresql://host[:port][,host[:port]...]/db?...}; {@code
   * jdbc:postgresql:db} means localhost:5432. Empty for anything else.
   */
  static List<HostPort> jdbcEndpoints(String jdbcUrl) {
    String prefix = "jdbc:postgresql:";
    if (jdbcUrl == null || !jdbcUrl.startsWith(prefix)) {
      return List.of();
    }
    String rest = jdbcUrl.substring(prefix.length());
    if (!rest.startsWith("//")) {
      return List.of(new HostPort("localhost", POSTGRES_PORT));
    }
    rest = rest.substring(2);
    int end = rest.length();
    for (char stop : new char[] {'/', '?'}) {
      int at = rest.indexOf(stop);
      if (at >= 0 && at < end) {
        end = at;
      }
    }
    List<HostPort> endpoints = new ArrayList<>();
    for (String part : rest.substring(0, end).split(",")) {
      if (part.isBlank()) {
        continue;
      }
      String host = part;
      int port = POSTGRES_PORT;
      int colon = part.lastIndexOf(':');
      if (colon > part.lastIndexOf(']')) {
        host = part.substring(0, colon);
        try {
          port = Integer.parseInt(part.substring(colon + 1));
        } catch (NumberFormatException e) {
          continue;
        }
      }
      if (host.startsWith("[") && host.endsWith("]")) {
        host = host.substring(1, host.length() - 1);
      }
      endpoints.add(new HostPort(host.isEmpty() ? "localhost" : host, port));
    }
    return endpoints;
  }
}
