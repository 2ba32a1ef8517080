package dev.mainspring.platform.api;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.util.List;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * CORS for browser frontends on other origins. Only origins listed in {@code
 * mainspring.cors.allowed-origins} (comma-separated, {@code *} for any) are answered; none by
 * default. Preflight requests of an allowed origin are answered here with 204.
 */
@Provider
@PreMatching
public class CorsFilter implements ContainerRequestFilter, ContainerResponseFilter {

  static final String ALLOWED_METHODS = "GET, POST, PUT, PATCH, DELETE, OPTIONS";
  static final String EXPOSED_HEADERS = "X-Request-Id, ETag, Location, Retry-After";

  private final List<String> allowedOrigins;

  public CorsFilter() {
    this(
        ConfigProvider.getConfig()
            .getOptionalValues("mainspring.cors.allowed-origins", String.class)
            .orElse(List.of()));
  }

  CorsFilter(List<String> allowedOrigins) {
    this.allowedOrigins = allowedOrigins.stream().map(String::trim).toList();
  }

  @Override
  public void filter(ContainerRequestContext request) {
    String origin = request.getHeaderString("Origin");
    if ("OPTIONS".equals(request.getMethod())
        && request.getHeaderString("Access-Control-Request-Method") != null
        && isAllowed(origin)) {
      Response.ResponseBuilder preflight =
          Response.noContent()
              .header("Access-Control-Allow-Methods", ALLOWED_METHODS)
              .header("Access-Control-Max-Age", "600");
      String headers = request.getHeaderString("Access-Control-Request-Headers");
      if (headers != null) {
        preflight.header("Access-Control-Allow-Headers", headers);
      }
      request.abortWith(preflight.build());
    }
  }

  @Override
  public void filter(ContainerRequestContext request, ContainerResponseContext response) {
    String origin = request.getHeaderString("Origin");
    if (isAllowed(origin)) {
      var headers = response.getHeaders();
      headers.putSingle("Access-Control-Allow-Origin", origin);
      headers.putSingle("Access-Control-Allow-Credentials", "true");
      headers.putSingle("Access-Control-Expose-Headers", EXPOSED_HEADERS);
      headers.add("Vary", "Origin");
    }
  }

  boolean isAllowed(String origin) {
    return origin != null
        && allowedOrigins.stream()
            .anyMatch(allowed -> allowed.equals("*") || allowed.equalsIgnoreCase(origin));
  }
}
