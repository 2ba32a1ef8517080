package dev.mainspring.knowledge.service.vector.pgvector;

import dev.mainspring.inference.service.provider.PostgresEndpoints;
import dev.mainspring.inference.service.provider.ProviderDestinations;
import dev.mainspring.inference.service.provider.ProviderProbe;
import dev.mainspring.knowledge.service.vector.VectorStoreUnavailableException;
import dev.mainspring.knowledge.service.vector.pgvector.PgVectorSettings.Settings;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The pgvector adapter's own connections: a small pool per provider instance, never the
 * application's JTA datasource, and never used while a transaction of ours is open on the thread
 * (it refuses to). Each connection is in auto-commit mode unless a call runs its own short
 * transaction on that server.
 *
 * <p>Timeouts: connecting takes at most the provider instance's {@code connect_timeout_ms} (rounded
 * up to whole seconds, the driver's unit; also the longest wait for a free connection), and a
 * statement at most {@code mainspring.vector.pgvector.statement-timeout-seconds} (default 10: the
 * driver's query timeout, and a socket read timeout of twice that in case the server stops
 * answering altogether). At most {@code mainspring.vector.pgvector.pool-size} (default 4)
 * connections per instance. The endpoint's host is resolved and checked against the providers'
 * destination rules ({@link ProviderDestinations}), and the connection made to the checked address.
 *
 * <p>Any failure becomes 503 {@code vector_store_unavailable}; the log has the provider, the SQL
 * state and the driver's message, the client neither.
 */
@ApplicationScoped
public class PgVectorConnections {

  private static final Logger LOG = Logger.getLogger(PgVectorConnections.class.getName());

  /** An idle connection older than this is checked before it is used again. */
  private static final long VALIDATE_AFTER_MILLIS = 10_000;

  /** Work on one connection. */
  @FunctionalInterface
  public interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  @Inject PgVectorSettings settings;
  @Inject ProviderDestinations destinations;
  @Resource TransactionSynchronizationRegistry transactions;

  @Inject
  @ConfigProperty(
      name = "mainspring.vector.pgvector.statement-timeout-seconds",
      defaultValue = "10")
  int statementTimeoutSeconds;

  @Inject
  @ConfigProperty(name = "mainspring.vector.pgvector.pool-size", defaultValue = "4")
  int poolSize;

  private final Map<UUID, Pool> pools = new ConcurrentHashMap<>();

  /** The statement timeout, for {@link java.sql.Statement#setQueryTimeout}. */
  public int statementTimeoutSeconds() {
    return statementTimeoutSeconds;
  }

  /**
   * Runs the work on a connection to the provider instance's server; 503 {@code
   * vector_store_unavailable} when the instance has no usable settings, the server cannot be
   * reached, or the work fails with an SQL error.
   */
  public <T> T with(UUID provider, Work<T> work) {
    ProviderProbe.requireNoTransaction(transactions);
    Settings current =
        settings
            .of(provider)
            .orElseThrow(
                () -> {
                  Pool gone = provider == null ? null : pools.remove(provider);
                  if (gone != null) {
                    gone.close();
                  }
                  LOG.warning(
                      () ->
                          "pgvector provider "
                              + provider
                              + " is gone, disabled, has no endpoint or an unreadable credential");
                  return new VectorStoreUnavailableException();
                });
    Pool pool =
        pools.compute(
            provider,
            (id, old) -> {
              if (old != null && old.settings.version() == current.version()) {
                return old;
              }
              if (old != null) {
                old.close();
              }
              return new Pool(current, Math.max(1, poolSize));
            });
    Connection connection = pool.acquire();
    boolean healthy = false;
    try {
      T result = work.run(connection);
      healthy = true;
      return result;
    } catch (SQLException e) {
      LOG.log(
          Level.WARNING,
          "pgvector provider " + provider + " failed (SQL state " + e.getSQLState() + ")",
          e);
      throw new VectorStoreUnavailableException();
    } finally {
      pool.release(connection, healthy);
    }
  }

  @PreDestroy
  void closeAll() {
    pools.values().forEach(Pool::close);
    pools.clear();
  }

  /** A provider instance's connections: idle ones, and permits for at most {@code size}. */
  private final class Pool {

    private final Settings settings;
    private final Semaphore permits;
    private final Deque<Idle> idle = new ArrayDeque<>();
    private volatile boolean closed;

    private record Idle(Connection connection, long since) {}

    Pool(Settings settings, int size) {
      this.settings = settings;
      this.permits = new Semaphore(size, true);
    }

    Connection acquire() {
      try {
        if (!permits.tryAcquire(connectTimeoutMillis(), TimeUnit.MILLISECONDS)) {
          LOG.warning(() -> "pgvector provider " + settings.provider() + ": no free connection");
          throw new VectorStoreUnavailableException();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new VectorStoreUnavailableException();
      }
      try {
        Idle reused;
        while ((reused = poll()) != null) {
          if (System.currentTimeMillis() - reused.since() < VALIDATE_AFTER_MILLIS
              || reused.connection().isValid(statementTimeoutSeconds)) {
            return reused.connection();
          }
          quietlyClose(reused.connection());
        }
        return open();
      } catch (SQLException | RuntimeException e) {
        permits.release();
        if (e instanceof VectorStoreUnavailableException unavailable) {
          throw unavailable;
        }
        LOG.log(Level.WARNING, "pgvector provider " + settings.provider() + ": cannot connect", e);
        throw new VectorStoreUnavailableException();
      }
    }

    void release(Connection connection, boolean healthy) {
      try {
        if (healthy && !closed && connection.getAutoCommit()) {
          synchronized (idle) {
            idle.push(new Idle(connection, System.currentTimeMillis()));
          }
        } else {
          quietlyClose(connection);
        }
      } catch (SQLException e) {
        quietlyClose(connection);
      } finally {
        permits.release();
      }
    }

    void close() {
      closed = true;
      Idle left;
      while ((left = poll()) != null) {
        quietlyClose(left.connection());
      }
    }

    private Idle poll() {
      synchronized (idle) {
        return idle.poll();
      }
    }

    private Connection open() throws SQLException {
      String endpoint = settings.endpoint();
      InetAddress address;
      try {
        address =
            destinations.policy()
                .resolve(PostgresEndpoints.host(endpoint), PostgresEndpoints.port(endpoint))[0];
      } catch (UnknownHostException e) {
        LOG.log(Level.WARNING, "pgvector provider " + settings.provider() + ": refused host", e);
        throw new VectorStoreUnavailableException();
      }
      String host =
          address instanceof Inet6Address
              ? "[" + address.getHostAddress() + "]"
              : address.getHostAddress();
      String database = endpoint.substring(endpoint.lastIndexOf('/') + 1);
      String url =
          "jdbc:postgresql://" + host + ":" + PostgresEndpoints.port(endpoint) + "/" + database;
      Properties properties = new Properties();
      properties.setProperty("user", settings.user());
      if (settings.password() != null) {
        properties.setProperty("password", settings.password());
      }
      int connectSeconds = (int) Math.max(1, (connectTimeoutMillis() + 999) / 1000);
      properties.setProperty("connectTimeout", Integer.toString(connectSeconds));
      properties.setProperty("loginTimeout", Integer.toString(connectSeconds));
      properties.setProperty("socketTimeout", Integer.toString(2 * statementTimeoutSeconds));
      properties.setProperty("tcpKeepAlive", "true");
      properties.setProperty("ApplicationName", "mainspring-pgvector");
      Connection connection = new org.postgresql.Driver().connect(url, properties);
      if (connection == null) {
        throw new SQLException("the driver does not take " + url);
      }
      connection.setAutoCommit(true);
      return connection;
    }

    private long connectTimeoutMillis() {
      return Math.max(1000, settings.connectTimeoutMs());
    }
  }

  private static void quietlyClose(Connection connection) {
    try {
      connection.close();
    } catch (SQLException e) {
      LOG.log(Level.FINE, "closing a pgvector connection failed", e);
    }
  }
}
