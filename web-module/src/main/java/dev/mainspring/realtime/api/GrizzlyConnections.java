package dev.mainspring.realtime.api;

import jakarta.servlet.ServletResponse;
import jakarta.servlet.ServletResponseWrapper;
import java.lang.reflect.Field;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What the servlet API cannot do with a live stream's connection, done on Payara's Grizzly
 * connection, reached through its response classes (Catalina's {@code ResponseFacade} → {@code
 * Response.getCoyoteResponse()} → Grizzly's {@code Request.getConnection()}).
 *
 * <ul>
 *   <li><b>Bound the write queue.</b> Grizzly queues what a non-blocking write could not send yet;
 *       as Payara configures it, without limit, and the servlet's {@code isReady()} then never
 *       answers false: a client that stopped reading would make the server hold everything ever
 *       written to it (EventStreamsIT saw 7.6 MB queued for one such client). {@link #limitQueue}
 *       sets the connection's limit, so {@code isReady()} answers false past it.
 *   <li><b>Abort.</b> Completing an asynchronous response ends it gracefully: the server still
 *       sends what it queued, then the last chunk, which for a client that does not read never
 *       happens. {@link #abort} closes the connection at once.
 * </ul>
 *
 * <p>On another server, or if those classes change, both do nothing and say so once in the log.
 */
final class GrizzlyConnections {

  private static final Logger LOG = Logger.getLogger(GrizzlyConnections.class.getName());
  private static volatile boolean unsupported;

  private GrizzlyConnections() {}

  /** Limits what the server queues for {@code response}'s connection; answers whether it could. */
  static boolean limitQueue(ServletResponse response, int bytes) {
    Object connection = connection(response);
    if (connection == null) {
      return false;
    }
    try {
      connection
          .getClass()
          .getMethod("setMaxAsyncWriteQueueSize", int.class)
          .invoke(connection, bytes);
      return true;
    } catch (ReflectiveOperationException | RuntimeException e) {
      unsupported(e);
      return false;
    }
  }

  /** Closes the connection under {@code response} at once; answers whether it could. */
  static boolean abort(ServletResponse response) {
    Object connection = connection(response);
    if (connection == null) {
      return false;
    }
    try {
      connection.getClass().getMethod("closeSilently").invoke(connection);
      return true;
    } catch (ReflectiveOperationException | RuntimeException e) {
      unsupported(e);
      return false;
    }
  }

  private static Object connection(ServletResponse response) {
    if (unsupported) {
      return null;
    }
    try {
      ServletResponse r = response;
      while (r instanceof ServletResponseWrapper wrapper) {
        r = wrapper.getResponse();
      }
      Object catalina = field(r, "response");
      Object grizzlyResponse = catalina.getClass().getMethod("getCoyoteResponse").invoke(catalina);
      Object grizzlyRequest =
          grizzlyResponse.getClass().getMethod("getRequest").invoke(grizzlyResponse);
      return grizzlyRequest.getClass().getMethod("getConnection").invoke(grizzlyRequest);
    } catch (ReflectiveOperationException | RuntimeException e) {
      unsupported(e);
      return null;
    }
  }

  private static void unsupported(Exception e) {
    if (!unsupported) {
      unsupported = true;
      LOG.log(
          Level.WARNING,
          "Cannot reach the server's connections: live streams cannot bound the server's write"
              + " queue of a slow client nor close its connection at once",
          e);
    }
  }

  private static Object field(Object target, String name) throws ReflectiveOperationException {
    for (Class<?> type = target.getClass(); type != null; type = type.getSuperclass()) {
      try {
        Field f = type.getDeclaredField(name);
        f.setAccessible(true);
        return f.get(target);
      } catch (NoSuchFieldException e) {
        // look in the superclass
      }
    }
    throw new NoSuchFieldException(name + " in " + target.getClass().getName());
  }
}
