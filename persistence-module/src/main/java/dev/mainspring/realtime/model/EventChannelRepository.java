package dev.mainspring.realtime.model;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.postgresql.Driver;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * One PostgreSQL connection that listens on {@link EventRepository#CHANNEL}. It is its own
 * connection, opened with the driver and not borrowed from the server's pools: a listening session
 * must stay open for the life of the instance, and a pooled connection would be validated, reset or
 * handed to a transaction. Not thread-safe: one thread polls it.
 */
public final class EventChannelRepository implements AutoCloseable {

  private final Connection connection;
  private final PGConnection notifications;

  private EventChannelRepository(Connection connection) throws SQLException {
    this.connection = connection;
    this.notifications = connection.unwrap(PGConnection.class);
  }

  /**
   * Opens a connection to {@code url} as {@code user} and listens on the channel.
   *
   * @throws SQLException when the database cannot be reached or refuses the login
   */
  public static EventChannelRepository listen(
      String url, String user, String password, int connectTimeoutSeconds) throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", user);
    properties.setProperty("password", password == null ? "" : password);
    properties.setProperty("connectTimeout", Integer.toString(connectTimeoutSeconds));
    properties.setProperty("ApplicationName", "mainspring-event-wakeups");
    // a dead server or a cut network shows as a failed read rather than a wait without end
    properties.setProperty("tcpKeepAlive", "true");
    Connection connection = new Driver().connect(url, properties);
    if (connection == null) {
      throw new SQLException("not a PostgreSQL JDBC URL: " + url);
    }
    try {
      connection.setAutoCommit(true);
      try (Statement listen = connection.createStatement()) {
        listen.execute("LISTEN " + EventRepository.CHANNEL);
      }
      return new EventChannelRepository(connection);
    } catch (SQLException e) {
      connection.close();
      throw e;
    }
  }

  /**
   * The payloads ({@code "<stream> <sequence>"}) notified since the last poll, waiting up to {@code
   * timeoutMillis} for the first one.
   *
   * @throws SQLException when the connection is broken
   */
  public List<String> poll(int timeoutMillis) throws SQLException {
    PGNotification[] received = notifications.getNotifications(timeoutMillis);
    if (received == null || received.length == 0) {
      if (connection.isClosed()) {
        throw new SQLException("the listening connection is closed");
      }
      return List.of();
    }
    List<String> payloads = new ArrayList<>(received.length);
    for (PGNotification n : received) {
      payloads.add(n.getParameter());
    }
    return payloads;
  }

  /**
   * Checks the connection with a round trip: a connection whose server went away answers {@link
   * #poll} with nothing until the socket's keep-alive notices, which may take minutes.
   *
   * @throws SQLException when the connection is broken
   */
  public void ping() throws SQLException {
    try (Statement ping = connection.createStatement()) {
      ping.execute("select 1");
    }
  }

  @Override
  public void close() {
    try {
      connection.close();
    } catch (SQLException ignored) {
      // the connection is gone either way
    }
  }
}
