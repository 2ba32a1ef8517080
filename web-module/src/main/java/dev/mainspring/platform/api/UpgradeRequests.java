package dev.mainspring.platform.api;

import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletRequestWrapper;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Makes the HTTP server answer a request with an {@code Upgrade} header as plain HTTP/1.1.
 *
 * <p>Grizzly, Payara's HTTP server, marks such a request as the start of a switched protocol
 * ("ignore content modifiers") as soon as its headers are parsed, and only its HTTP/2 filter takes
 * the mark back, for h2c upgrades it accepts; HTTP/2 is off on the plain listener. While the mark
 * is set, the server frames neither side: the body comes unframed (read by {@link UnframedBody})
 * and the answer goes out without {@code Content-Type}, {@code Content-Length} or chunking, {@code
 * Date} and {@code Connection: close}. Mainspring switches no protocol, so once the body has been
 * read the mark is taken back here, as the HTTP/2 filter would, and the answer is an ordinary
 * HTTP/1.1 one. The server still closes the connection after it (it does for every request that
 * asked for an upgrade).
 *
 * <p>No setting of Payara's listener does this and none of its extension points reaches the
 * server's filter chain, so the mark is taken back through the server's own request objects, by
 * their public methods: Payara's request facade, its connector request, Grizzly's request and
 * Grizzly's HTTP header. Should a later Payara lay them out differently, this logs a warning once
 * and the answer goes out as the server frames it (PlatformIT's upgrade tests then fail).
 */
final class UpgradeRequests {

  private static final Logger LOG = Logger.getLogger(UpgradeRequests.class.getName());
  private static final AtomicBoolean WARNED = new AtomicBoolean();

  private UpgradeRequests() {}

  /** Whether the HTTP server took this request for the start of a switched protocol. */
  static boolean isUpgrade(ServletRequest request) {
    return request instanceof jakarta.servlet.http.HttpServletRequest http
        && http.getHeader("Upgrade") != null;
  }

  /**
   * Whether the request is a WebSocket opening handshake ({@code GET} with {@code Upgrade:
   * websocket}): a protocol switch Mainspring does make, at its WebSocket endpoints, so its upgrade
   * mark must stay.
   */
  static boolean isWebSocketHandshake(jakarta.servlet.http.HttpServletRequest request) {
    return "GET".equals(request.getMethod())
        && "websocket".equalsIgnoreCase(request.getHeader("Upgrade"));
  }

  /**
   * Takes back the server's upgrade mark, so the answer is framed as HTTP/1.1. Call it once the
   * body has been read (bytes after it would be decoded as HTTP/1.1 again) and before answering.
   */
  static void answerAsPlainHttp(ServletRequest request) {
    ServletRequest server = request;
    while (server instanceof ServletRequestWrapper wrapper) {
      server = wrapper.getRequest();
    }
    try {
      Object connectorRequest = call(server, "getUnwrappedCoyoteRequest");
      Object grizzlyRequest = call(connectorRequest, "getCoyoteRequest");
      Object header = call(grizzlyRequest, "getRequest");
      publicMethod(header.getClass(), "setIgnoreContentModifiers", boolean.class)
          .invoke(header, false);
    } catch (ReflectiveOperationException | RuntimeException e) {
      if (WARNED.compareAndSet(false, true)) {
        LOG.log(
            Level.WARNING,
            "cannot make the HTTP server frame answers to requests with an Upgrade header; they go"
                + " out without Content-Type and Content-Length",
            e);
      }
    }
  }

  private static Object call(Object target, String method) throws ReflectiveOperationException {
    Object result = publicMethod(target.getClass(), method).invoke(target);
    if (result == null) {
      throw new NoSuchMethodException(method + " answered null");
    }
    return result;
  }

  /** The method as declared by the nearest public class (the runtime class may not be public). */
  private static Method publicMethod(Class<?> type, String name, Class<?>... parameters)
      throws NoSuchMethodException {
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      if (Modifier.isPublic(c.getModifiers())) {
        return c.getMethod(name, parameters);
      }
    }
    throw new NoSuchMethodException(name);
  }
}
