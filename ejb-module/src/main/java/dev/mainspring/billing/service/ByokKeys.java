package dev.mainspring.billing.service;

import dev.mainspring.platform.error.InvalidRequestException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * The rules of a user's own provider key (bring your own key), checked without a database.
 *
 * <ul>
 *   <li>{@code api_key}: required, at most {@value #MAX_KEY_LENGTH} characters, no whitespace or
 *       control characters (it travels in an HTTP header).
 *   <li>{@code base_url}: the root of the provider's OpenAI-compatible API, {@value
 *       #DEFAULT_BASE_URL} (OpenRouter) when left out; absolute http or https with a host, no user
 *       info, query or fragment; a trailing slash is dropped and scheme and host are lower-cased.
 *   <li>The key is used for a gateway call only when the provider serving the call has exactly this
 *       base URL as its endpoint ({@link #sameEndpoint}): a key never travels to another host.
 * </ul>
 *
 * <pre>{@code
 * ByokKeys.baseUrl(null);                 // "https://openrouter.ai/api/v1"
 * ByokKeys.hint("sk-or-v1-abcdef1234");   // "1234"
 * }</pre>
 */
public final class ByokKeys {

  /** OpenRouter's API root, the base URL of a key stored without one. */
  public static final String DEFAULT_BASE_URL = "https://openrouter.ai/api/v1";

  static final int MAX_KEY_LENGTH = 500;
  static final int MAX_URL_LENGTH = 2000;

  private ByokKeys() {}

  /** The key as stored: stripped; 400 {@code api_key_required} or {@code invalid_api_key}. */
  public static String apiKey(String given) {
    if (given == null || given.isBlank()) {
      throw new InvalidRequestException("api_key_required", "api_key is required");
    }
    String key = given.strip();
    if (key.length() > MAX_KEY_LENGTH) {
      throw new InvalidRequestException(
          "invalid_api_key", "api_key is longer than " + MAX_KEY_LENGTH + " characters");
    }
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (Character.isWhitespace(c) || Character.isISOControl(c) || c > 0x7e) {
        throw new InvalidRequestException(
            "invalid_api_key", "api_key may hold printable ASCII characters only, no spaces");
      }
    }
    return key;
  }

  /**
   * The base URL as stored, {@link #DEFAULT_BASE_URL} for none; 400 {@code invalid_base_url} when
   * it breaks the rule.
   */
  public static String baseUrl(String given) {
    if (given == null || given.isBlank()) {
      return DEFAULT_BASE_URL;
    }
    if (given.length() > MAX_URL_LENGTH) {
      throw invalidUrl("base_url is longer than " + MAX_URL_LENGTH + " characters");
    }
    URI uri;
    try {
      uri = new URI(given.strip());
    } catch (URISyntaxException e) {
      throw invalidUrl("base_url is not a URL");
    }
    String scheme = uri.getScheme();
    if (scheme == null
        || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
        || uri.getHost() == null) {
      throw invalidUrl("base_url must be an absolute http or https URL with a host");
    }
    if (uri.getRawUserInfo() != null) {
      throw invalidUrl("base_url must not carry credentials; send the key as api_key");
    }
    if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
      throw invalidUrl("base_url must not have a query or a fragment");
    }
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    while (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    return scheme.toLowerCase(Locale.ROOT)
        + "://"
        + uri.getHost().toLowerCase(Locale.ROOT)
        + (uri.getPort() >= 0 ? ":" + uri.getPort() : "")
        + path;
  }

  /**
   * Whether a request's {@code scope} names the organization's key ({@code organization}) rather
   * than the caller's own ({@code user}, or none); 400 {@code invalid_scope} for anything else.
   */
  public static boolean organizationScope(String scope) {
    if (scope == null || scope.isBlank() || scope.equals("user")) {
      return false;
    }
    if (scope.equals("organization")) {
      return true;
    }
    throw new InvalidRequestException("invalid_scope", "scope must be user or organization");
  }

  /** The last four characters of the key, all a client is ever shown of it. */
  public static String hint(String apiKey) {
    return apiKey.length() <= 4 ? "" : apiKey.substring(apiKey.length() - 4);
  }

  /**
   * Whether a provider whose endpoint is {@code providerEndpoint} is the one a key stored for
   * {@code baseUrl} belongs to: the same scheme, host, port and path, ignoring case of scheme and
   * host, a trailing slash and an explicit default port. False for anything that is no valid URL.
   */
  public static boolean sameEndpoint(String providerEndpoint, String baseUrl) {
    if (providerEndpoint == null || baseUrl == null) {
      return false;
    }
    try {
      return withoutDefaultPort(baseUrl(providerEndpoint))
          .equals(withoutDefaultPort(baseUrl(baseUrl)));
    } catch (InvalidRequestException e) {
      return false;
    }
  }

  /** Whether the base URL is OpenRouter's, whose {@code GET /key} tells whether a key is valid. */
  public static boolean isOpenRouter(String baseUrl) {
    String host = URI.create(baseUrl).getHost();
    return host != null && (host.equals("openrouter.ai") || host.endsWith(".openrouter.ai"));
  }

  private static String withoutDefaultPort(String url) {
    URI uri = URI.create(url);
    boolean defaultPort =
        ("https".equals(uri.getScheme()) && uri.getPort() == 443)
            || ("http".equals(uri.getScheme()) && uri.getPort() == 80);
    return defaultPort ? url.replaceFirst(":" + uri.getPort(), "") : url;
  }

  private static InvalidRequestException invalidUrl(String message) {
    return new InvalidRequestException("invalid_base_url", message);
  }
}
