package dev.mainspring.platform.api;

import dev.mainspring.platform.error.MainspringException;
import dev.mainspring.platform.service.Jsons;
import jakarta.json.JsonValue;

/**
 * The one writer of OpenAI's error shape, {@code {"error":{"message","type","param","code"}}},
 * which OpenAI clients parse. The OpenAI-compatible endpoints answer every failure in it: errors of
 * authentication ({@code MainspringAuthenticationMechanism}), of the JAX-RS runtime and of
 * Mainspring itself ({@link OpenAiErrorShape} rewrites their problem+json), and a stream's failure
 * after it began. Mainspring's other endpoints, including document C's {@code /v1/models/inference}
 * and {@code /v1/models/generate}, answer problem+json.
 */
public final class OpenAiErrors {

  private OpenAiErrors() {}

  /**
   * Whether a request goes to an OpenAI-compatible endpoint: {@code /v1/chat/completions}, {@code
   * /v1/embeddings}, {@code /v1/models} and {@code GET /v1/models/{model}}. {@code path} is the
   * request path below the application's context root, with or without its leading slash.
   */
  public static boolean isOpenAiCall(String method, String path) {
    String p = path.startsWith("/") ? path.substring(1) : path;
    if (p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    if (p.equals("v1/chat/completions") || p.equals("v1/embeddings") || p.equals("v1/models")) {
      return true;
    }
    if (!p.startsWith("v1/models/")) {
      return false;
    }
    String model = p.substring("v1/models/".length());
    return !("POST".equalsIgnoreCase(method)
        && (model.equals("inference") || model.equals("generate")));
  }

  /** OpenAI's error type for a status. */
  public static String type(int status) {
    return switch (status) {
      case 400, 409, 413, 415, 422 -> "invalid_request_error";
      case 401 -> "authentication_error";
      case 403 -> "permission_error";
      case 404 -> "not_found_error";
      case 429 -> "rate_limit_error";
      default -> status < 500 ? "invalid_request_error" : "api_error";
    };
  }

  /** The body of an error with this status, stable code and plain message. */
  public static String body(int status, String code, String message) {
    return Jsons.object()
        .add(
            "error",
            Jsons.object()
                .add("message", message)
                .add("type", type(status))
                .add("param", JsonValue.NULL)
                .add("code", code))
        .build()
        .toString();
  }

  /** The body of a domain error. */
  public static String body(MainspringException e) {
    return body(e.status(), e.code(), e.getMessage() == null ? e.title() : e.getMessage());
  }
}
