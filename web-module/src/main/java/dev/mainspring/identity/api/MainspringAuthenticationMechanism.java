package dev.mainspring.identity.api;

import dev.mainspring.identity.service.Caller;
import dev.mainspring.identity.service.CallerResolver;
import dev.mainspring.identity.service.apikey.ApiKeys;
import dev.mainspring.identity.service.apikey.VerifiedApiKeys;
import dev.mainspring.platform.api.JsonConfig;
import dev.mainspring.platform.api.OpenAiErrors;
import dev.mainspring.platform.api.Problem;
import dev.mainspring.platform.api.RequestIds;
import dev.mainspring.platform.error.MainspringException;
import dev.mainspring.platform.error.UnauthorizedException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.bind.Jsonb;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The one way in, run for every request by {@link MainspringAuthModule}, the Jakarta Authentication
 * module registered for the web module. Credentials, in this order: {@code Authorization: Bearer
 * <token or API key>}, {@code X-API-Key: <key>}, and on the {@code GET} of SSE stream endpoints
 * only (paths ending in {@code /stream}) {@code ?token=} for EventSource clients. {@code
 * /api/internal/*} and {@code /v1/internal/*} take the configured service token in {@code
 * X-Service-Token} instead. The organization of the request is {@code X-Org-Id} or the user's
 * default one (an API key's own, always).
 *
 * <p>Public paths (health, login, registration, refresh, logout, JWKS, organization name check,
 * payment webhooks) pass without credentials, and so do the server's own MicroProfile endpoints
 * ({@code /health/*}, {@code /metrics}, {@code /openapi}): Payara adds their servlets to whichever
 * application sits at the root context, so with Mainspring there (the launcher, the EAR) this
 * module guards them too, and a load balancer's probe or a Prometheus scrape carries no
 * credentials. Bad credentials fail everywhere. Failures answer 401 with a problem body and {@code
 * WWW-Authenticate}; they never say which part of a credential was wrong beyond the problem code.
 */
@ApplicationScoped
public class MainspringAuthenticationMechanism {

  /**
   * Who the container is to know the caller as: a name and groups, or nobody ({@link #ANONYMOUS})
   * for a public path without credentials.
   */
  public record Login(String name, Set<String> groups) {
    public static final Login ANONYMOUS = new Login(null, Set.of());
  }

  /** The request attribute that carries the {@link Caller} to the JAX-RS tier. */
  public static final String CALLER = Caller.class.getName();

  private static final Logger LOG =
      Logger.getLogger(MainspringAuthenticationMechanism.class.getName());
  private static final Jsonb JSON = JsonConfig.create();
  private static final Set<String> PUBLIC =
      Set.of(
          "/api/health",
          "/api/health/deep",
          "/api/auth/login",
          "/api/auth/register",
          "/api/auth/refresh",
          "/api/auth/logout",
          "/api/auth/jwks",
          "/api/orgs/check-name",
          // Payment providers' webhooks: authenticated by their signature, verified by billing.
          "/api/billing/webhook",
          "/api/webhooks/polar");

  /**
   * The servlet paths of Payara's MicroProfile Health, Metrics and OpenAPI servlets. Matched on the
   * servlet path the container mapped the request to, not on the raw URI, so that a path such as
   * {@code /health/../api/projects} cannot pass as one of them.
   */
  private static final Set<String> SERVER_ENDPOINTS = Set.of("/health", "/metrics", "/openapi");

  @Inject CallerResolver callers;
  @Inject VerifiedApiKeys apiKeys;

  @Inject
  @ConfigProperty(name = "mainspring.internal.service-token")
  Optional<String> serviceToken;

  /**
   * Authenticates one request: the login for the container, or empty when it failed and the failure
   * (401 with {@code WWW-Authenticate}, or 400/403) has been written to {@code response}.
   */
  public Optional<Login> authenticate(HttpServletRequest request, HttpServletResponse response) {
    String requestId = RequestIds.accept(request.getHeader(RequestIds.HEADER));
    request.setAttribute(RequestIds.HEADER, requestId);
    String path = request.getRequestURI().substring(request.getContextPath().length());
    try {
      if (path.startsWith("/api/internal/") || path.startsWith("/v1/internal/")) {
        return Optional.of(internal(request));
      }
      String credential = credential(request, path);
      if (credential == null) {
        if (PUBLIC.contains(path)
            || SERVER_ENDPOINTS.contains(request.getServletPath())
            || isSocketIo(path)
            || "OPTIONS".equals(request.getMethod())) {
          return Optional.of(Login.ANONYMOUS);
        }
        throw new UnauthorizedException(
            "unauthenticated", "this request needs credentials: a bearer token or an API key");
      }
      Caller caller = resolve(credential, requestedOrg(request));
      request.setAttribute(CALLER, caller);
      return Optional.of(new Login(caller.userId().toString(), caller.groups()));
    } catch (MainspringException e) {
      return fail(request, response, requestId, path, e);
    } catch (RuntimeException e) {
      MainspringException domain = domainCause(e);
      if (domain != null) {
        return fail(request, response, requestId, path, domain);
      }
      LOG.log(Level.SEVERE, "Authentication failed unexpectedly for request " + requestId, e);
      return fail(
          request,
          response,
          requestId,
          path,
          new UnauthorizedException("unauthenticated", "the credentials could not be checked"));
    }
  }

  /**
   * The caller behind a credential (an API key or a bearer token) in the requested organization
   * (null: the user's default one), checked as for a request; for connections that authenticate
   * once and act many times (Socket.IO), which check their credential again for every command.
   *
   * @throws MainspringException (401, 403, 400) when the credential does not hold
   */
  public Caller resolve(String credential, UUID requested) {
    return ApiKeys.looksLikeApiKey(credential)
        ? apiKeyCaller(credential, requested)
        : callers.forBearerToken(credential, requested);
  }

  private Caller apiKeyCaller(String key, UUID requested) {
    Caller caller = apiKeys.authenticate(key);
    if (requested != null && !requested.equals(caller.orgId())) {
      throw new dev.mainspring.platform.error.ForbiddenException(
          "wrong_organization", "an API key acts only in the organization it was created in");
    }
    return caller;
  }

  private Login internal(HttpServletRequest request) {
    String presented = request.getHeader("X-Service-Token");
    boolean valid =
        presented != null
            && serviceToken.filter(t -> !t.isBlank()).isPresent()
            && MessageDigest.isEqual(
                presented.getBytes(StandardCharsets.UTF_8),
                serviceToken.get().getBytes(StandardCharsets.UTF_8));
    if (!valid) {
      throw new UnauthorizedException("invalid_service_token", "a valid X-Service-Token is needed");
    }
    return new Login("service", Set.of("service"));
  }

  /** The credential of the request, or null. {@code ?token=} counts on streaming paths only. */
  public static String credential(HttpServletRequest request, String path) {
    String authorization = request.getHeader("Authorization");
    if (authorization != null) {
      if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)
          || authorization.substring(7).isBlank()) {
        throw new UnauthorizedException(
            "unauthenticated", "the Authorization header must be 'Bearer <token>'");
      }
      return authorization.substring(7).strip();
    }
    String apiKey = request.getHeader("X-API-Key");
    if (apiKey != null && !apiKey.isBlank()) {
      return apiKey.strip();
    }
    if (!isStreaming(request, path)) {
      return null;
    }
    String token = queryParameter(request.getQueryString(), "token");
    return token == null || token.isBlank() ? null : token.strip();
  }

  /**
   * The first value of {@code name} in the query string, or null. Not {@code getParameter}: for a
   * form-encoded request that reads the whole body, and it would wait, holding a request thread,
   * for a body a client sends a byte at a time, before its credentials are even checked.
   */
  public static String queryParameter(String query, String name) {
    if (query == null) {
      return null;
    }
    for (String pair : query.split("&")) {
      int equals = pair.indexOf('=');
      String key = equals < 0 ? pair : pair.substring(0, equals);
      if (decode(key).equals(name)) {
        return equals < 0 ? "" : decode(pair.substring(equals + 1));
      }
    }
    return null;
  }

  private static String decode(String text) {
    try {
      return java.net.URLDecoder.decode(text, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException malformed) {
      return "";
    }
  }

  /**
   * Whether {@code ?token=} may carry the credential: on the {@code GET} of an SSE stream endpoint
   * (a path ending in {@code /stream}) and on a WebSocket handshake, where a browser's EventSource
   * and WebSocket cannot set headers. A token in a URL ends up in logs and histories, so no other
   * request takes one, not even with an {@code Accept: text/event-stream} header.
   */
  static boolean isStreaming(HttpServletRequest request, String path) {
    if (isSocketIo(path)) {
      // Engine.IO's long-polling transport repeats the handshake's query on every request
      return true;
    }
    if (!"GET".equals(request.getMethod())) {
      return false;
    }
    return path.endsWith("/stream") || "websocket".equalsIgnoreCase(request.getHeader("Upgrade"));
  }

  /**
   * Whether the path is the Socket.IO door. Its requests may come without credentials: a Socket.IO
   * client may send its token in the CONNECT packet instead ({@code auth: {token}}), which the door
   * itself checks before any command is taken; a credential that does come with a request is
   * checked here as everywhere.
   */
  static boolean isSocketIo(String path) {
    return path.equals("/socket.io") || path.startsWith("/socket.io/");
  }

  /** The organization a request asks to act in ({@code X-Org-Id}), or null for the default. */
  public static UUID requestedOrg(HttpServletRequest request) {
    return requestedOrg(request.getHeader("X-Org-Id"));
  }

  /** The organization named by an {@code X-Org-Id} value, or null when there is none. */
  public static UUID requestedOrg(String header) {
    if (header == null || header.isBlank()) {
      return null;
    }
    try {
      return UUID.fromString(header.strip());
    } catch (IllegalArgumentException e) {
      throw new dev.mainspring.platform.error.InvalidRequestException(
          "invalid_org_id", "X-Org-Id must be a UUID");
    }
  }

  private static MainspringException domainCause(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof MainspringException m) {
        return m;
      }
    }
    return null;
  }

  private static Optional<Login> fail(
      HttpServletRequest request,
      HttpServletResponse response,
      String requestId,
      String path,
      MainspringException e) {
    try {
      response.setStatus(e.status());
      response.setHeader(RequestIds.HEADER, requestId);
      e.headers().forEach(response::setHeader);
      if (e.status() == 401 && !e.headers().containsKey("WWW-Authenticate")) {
        response.setHeader("WWW-Authenticate", "Bearer realm=\"mainspring\"");
      }
      if (OpenAiErrors.isOpenAiCall(request.getMethod(), path)) {
        response.setHeader("Content-Type", "application/json");
        response.getOutputStream().write(OpenAiErrors.body(e).getBytes(StandardCharsets.UTF_8));
        return Optional.empty();
      }
      response.setHeader("Content-Type", Problem.MEDIA_TYPE);
      Problem problem =
          new Problem(
              "urn:mainspring:problem:" + e.code(),
              e.title(),
              e.status(),
              e.getMessage(),
              e.code(),
              requestId,
              null);
      response.getOutputStream().write(JSON.toJson(problem).getBytes(StandardCharsets.UTF_8));
    } catch (IOException io) {
      LOG.log(Level.FINE, "could not write the authentication failure", io);
    }
    return Optional.empty();
  }
}
