package dev.mainspring.platform.api;

import dev.mainspring.platform.error.InvalidRequestException;
import jakarta.annotation.Priority;
import jakarta.json.JsonException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Checks the text of every request before any resource sees it, so that no resource has to:
 *
 * <ul>
 *   <li>A body declared in a character set other than UTF-8 (or its subset US-ASCII) answers 415
 *       {@code unsupported_charset}. JSON between systems is UTF-8 (RFC 8259); a name the JVM does
 *       not know made the JSON provider fail with a 500 before.
 *   <li>A NUL character (U+0000) in the path, a query parameter or the body answers 400 {@code
 *       invalid_text}. PostgreSQL cannot store NUL in text, so it would fail only on writing, as a
 *       500, and any work before it would be wasted. The OpenAI-compatible endpoints are exempt:
 *       they pass a client's text to a model, store none of it, and OpenAI clients may send any
 *       text. A multipart body (an upload) is not checked either: files are binary, and the upload
 *       refuses NUL in the text it extracts. (A NUL encoded in the path, {@code %00}, never
 *       arrives: the HTTP server itself answers 400 with no body.)
 * </ul>
 *
 * Both fail before the request changes anything.
 */
@Provider
@PreMatching
@Priority(RequestTextGuard.PRIORITY)
public class RequestTextGuard implements ContainerRequestFilter, ReaderInterceptor {

  /** After the request id and the caller are bound, before everything else. */
  static final int PRIORITY = 3;

  private static final String CHECK_BODY = RequestTextGuard.class.getName() + ".checkBody";

  @Override
  public void filter(ContainerRequestContext request) {
    // Whether a body comes is judged from the headers: asking JAX-RS (hasEntity) would read the
    // body's first byte, and wait for it.
    boolean hasBody =
        request.getLength() > 0 || request.getHeaderString("Transfer-Encoding") != null;
    if (hasBody && !isUtf8(request.getMediaType())) {
      throw new CharsetNotSupportedException();
    }
    if (isOpenAiEndpoint(request.getUriInfo().getPath())) {
      return;
    }
    if (request.getUriInfo().getPath().indexOf('\0') >= 0) {
      throw new InvalidRequestException(
          "invalid_text", "the path contains a NUL character (\\u0000)");
    }
    MultivaluedMap<String, String> query = request.getUriInfo().getQueryParameters();
    for (Map.Entry<String, List<String>> parameter : query.entrySet()) {
      if (hasNul(parameter.getKey()) || parameter.getValue().stream().anyMatch(v -> hasNul(v))) {
        throw new InvalidRequestException(
            "invalid_text", "a query parameter contains a NUL character (\\u0000)");
      }
    }
    if (!isMultipart(request.getMediaType())) {
      request.setProperty(CHECK_BODY, Boolean.TRUE);
    }
  }

  /** Multipart bodies carry files (a PDF has NUL bytes); the upload checks the text it extracts. */
  private static boolean isMultipart(MediaType type) {
    return type != null && "multipart".equalsIgnoreCase(type.getType());
  }

  @Override
  public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
    if (context.getProperty(CHECK_BODY) != null) {
      context.setInputStream(new NulDetectingInputStream(context.getInputStream()));
    }
    try {
      return context.proceed();
    } catch (RuntimeException e) {
      if (isJsonParseError(e)) {
        // JSON-P's body reader (a JsonObject parameter) throws its parse error as it is; Jersey
        // wraps it in a MappableException on the way, which it unwraps again to map the parse
        // error itself: no mapper knew it, so it answered 500. JSON-B's errors come wrapped in a
        // ProcessingException that MalformedJsonMapper maps.
        throw new InvalidRequestException(
            "malformed_json", "the request body is not valid JSON for this endpoint");
      }
      throw e;
    }
  }

  /** Whether {@code e} is, or was caused by, a JSON-P error (a body that is not JSON). */
  static boolean isJsonParseError(Throwable e) {
    return MalformedJsonMapper.causeOfType(e, JsonException.class) != null;
  }

  private static boolean hasNul(String text) {
    return text != null && text.indexOf('\0') >= 0;
  }

  /** Whether a body of this type is UTF-8: no charset parameter, or one naming UTF-8 or ASCII. */
  static boolean isUtf8(MediaType type) {
    String charset = type == null ? null : type.getParameters().get(MediaType.CHARSET_PARAMETER);
    if (charset == null) {
      return true;
    }
    try {
      Charset named = Charset.forName(charset.trim());
      return named.equals(StandardCharsets.UTF_8) || named.equals(StandardCharsets.US_ASCII);
    } catch (IllegalArgumentException unknownOrIllegal) {
      return false;
    }
  }

  /**
   * The OpenAI-compatible endpoints: {@code /v1/chat/completions}, {@code /v1/embeddings}, {@code
   * /v1/models} and {@code /v1/models/{model}} (not document C's {@code /v1/models/inference} and
   * {@code /v1/models/generate}). {@code path} is relative to the application, as JAX-RS gives it.
   */
  static boolean isOpenAiEndpoint(String path) {
    String p = path.startsWith("/") ? path.substring(1) : path;
    return p.equals("v1/chat/completions")
        || p.equals("v1/embeddings")
        || p.equals("v1/models")
        || (p.startsWith("v1/models/")
            && !p.equals("v1/models/inference")
            && !p.equals("v1/models/generate"));
  }
}
