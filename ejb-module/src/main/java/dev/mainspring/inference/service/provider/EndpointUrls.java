package dev.mainspring.inference.service.provider;

import dev.mainspring.platform.error.InvalidRequestException;
import java.net.URI;
import java.net.URISyntaxException;

/**
 * The rule for a provider's {@code endpoint_url}, the root of its OpenAI API such as {@code
 * http://10.0.0.5:8000/v1}: absolute http or https with a host, no user info (credentials belong in
 * secret refs), no query and no fragment. A trailing slash is dropped.
 */
public final class EndpointUrls {

  private EndpointUrls() {}

  /** The URL as stored; 400 {@code invalid_endpoint_url} when it breaks the rule. */
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
    String scheme = uri.getScheme();
    if (scheme == null
        || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
        || uri.getHost() == null) {
      throw invalid("endpoint_url must be an absolute http or https URL with a host");
    }
    if (uri.getRawUserInfo() != null) {
      throw invalid("endpoint_url must not carry credentials; use secret_refs");
    }
    if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
      throw invalid("endpoint_url must not have a query or a fragment");
    }
    String text = uri.toString();
    return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
  }

  private static InvalidRequestException invalid(String message) {
    return new InvalidRequestException("invalid_endpoint_url", message);
  }
}
