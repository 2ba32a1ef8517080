package dev.mainspring.platform.api;

import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The request id of the request this thread serves. Taken from the client's {@code X-Request-Id}
 * when it is well-formed (1 to 128 of {@code A-Z a-z 0-9 . _ : -}), otherwise made here.
 */
public final class RequestIds {

  public static final String HEADER = "X-Request-Id";

  private static final Pattern WELL_FORMED = Pattern.compile("[A-Za-z0-9._:\\-]{1,128}");
  private static final ThreadLocal<String> CURRENT = new ThreadLocal<>();

  private RequestIds() {}

  /** The client's id if it is well-formed, otherwise a new one. */
  public static String accept(String fromClient) {
    return fromClient != null && WELL_FORMED.matcher(fromClient).matches()
        ? fromClient
        : UUID.randomUUID().toString();
  }

  /** The id of the request being served on this thread, or null outside a request. */
  public static String current() {
    return CURRENT.get();
  }

  static void bind(String requestId) {
    CURRENT.set(requestId);
  }

  static void unbind() {
    CURRENT.remove();
  }
}
