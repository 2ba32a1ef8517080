package dev.mainspring.inference.service.provider;

import dev.mainspring.platform.error.InvalidRequestException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.regex.Pattern;

/**
 * The rule for the {@code endpoint_url} of a provider whose adapter speaks the PostgreSQL protocol
 * (the {@code pgvector} family): {@code postgresql://host[:port]/database}, port 5432 when left
 * out, no user info (the login belongs in secret refs), no query and no fragment. Stored with the
 * port written out.
 *
 * <pre>{@code
 * PostgresEndpoints.check("postgresql://10.0.0.7/vectors"); // "postgresql://10.0.0.7:5432/vectors"
 * PostgresEndpoints.jdbcUrl("postgresql://10.0.0.7:5432/vectors"); // "jdbc:postgresql://..."
 * }</pre>
 */
public final class PostgresEndpoints {

  /** PostgreSQL's own port, used when the endpoint names none. */
  public static final int DEFAULT_PORT = 5432;

  private static final Pattern DATABASE = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,62}");

  private PostgresEndpoints() {}

  /** The endpoint as stored; 400 {@code invalid_endpoint_url} when it breaks the rule. */
  public static String check(String url) {
    if (url == null || url.isBlank()) {
      throw invalid("endpoint_url is required for this provider family");
    }
    URI uri;
    try {
      uri = new URI(url.strip());
    } catch (URISyntaxException e) {
      throw invalid("endpoint_url is not a URL");
    }
    if (!"postgresql".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
      throw invalid("endpoint_url must be postgresql://host[:port]/database");
    }
    if (uri.getRawUserInfo() != null) {
      throw invalid("endpoint_url must not carry credentials; use secret_refs");
    }
    if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
      throw invalid("endpoint_url must not have a query or a fragment");
    }
    String path = uri.getPath() == null ? "" : uri.getPath();
    String database = path.startsWith("/") ? path.substring(1) : path;
    if (!DATABASE.matcher(database).matches()) {
      throw invalid("endpoint_url must name one database: postgresql://host[:port]/database");
    }
    int port = uri.getPort() < 0 ? DEFAULT_PORT : uri.getPort();
    return "postgresql://" + uri.getHost() + ":" + port + "/" + database;
  }

  /** Whether the URL is of this form's scheme (it may still break the rule). */
  public static boolean isPostgres(String url) {
    return url != null && url.strip().regionMatches(true, 0, "postgresql:", 0, 11);
  }

  /** The JDBC URL of a stored endpoint. */
  public static String jdbcUrl(String endpoint) {
    return "jdbc:" + endpoint;
  }

  /** The host of a stored endpoint. */
  public static String host(String endpoint) {
    return URI.create(endpoint).getHost();
  }

  /** The port of a stored endpoint. */
  public static int port(String endpoint) {
    int port = URI.create(endpoint).getPort();
    return port < 0 ? DEFAULT_PORT : port;
  }

  private static InvalidRequestException invalid(String message) {
    return new InvalidRequestException("invalid_endpoint_url", message);
  }
}
