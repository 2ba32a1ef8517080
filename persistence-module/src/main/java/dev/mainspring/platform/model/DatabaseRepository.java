package dev.mainspring.platform.model;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The database itself rather than a table: whether it answers and where its connection pools point.
 * Health checks and the provider destination rules ask it, so that plain JDBC stays in the
 * persistence tier.
 */
@ApplicationScoped
public class DatabaseRepository {

  private static final Logger LOG = Logger.getLogger(DatabaseRepository.class.getName());

  @Resource(lookup = "jdbc/mainspring")
  DataSource application;

  @Resource(lookup = "jdbc/mainspring-owner")
  DataSource owner;

  /**
   * PostgreSQL's version, read with a query on a pooled connection: proof that the database
   * answers.
   */
  public String serverVersion() throws SQLException {
    try (Connection c = application.getConnection();
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("select current_setting('server_version')")) {
      r.next();
      return r.getString(1);
    }
  }

  /**
   * The JDBC URLs the application's and the owner's pools connect to; a pool that cannot give a
   * connection now is left out (and logged).
   */
  public List<String> poolUrls() {
    List<String> urls = new ArrayList<>();
    for (DataSource pool : new DataSource[] {application, owner}) {
      if (pool == null) {
        continue;
      }
      try (Connection connection = pool.getConnection()) {
        String url = connection.getMetaData().getURL();
        if (url != null) {
          urls.add(url);
        }
      } catch (SQLException e) {
        LOG.log(Level.WARNING, "could not read where a connection pool points", e);
      }
    }
    return urls;
  }
}
