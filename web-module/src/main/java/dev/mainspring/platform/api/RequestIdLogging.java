package dev.mainspring.platform.api;

import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Puts the request id into every log line Mainspring's own loggers ({@code dev.mainspring.*}) write
 * while serving a request. java.util.logging has no diagnostic context, so records of those loggers
 * pass through a handler that prefixes {@code [request_id=...]} and hands them on to the server's
 * own handlers.
 */
@WebListener
public class RequestIdLogging implements ServletContextListener {

  static final String ROOT = "dev.mainspring";

  private final Logger appLogger = Logger.getLogger(ROOT);
  private final Handler handler = new PrefixingHandler();

  @Override
  public void contextInitialized(ServletContextEvent event) {
    appLogger.addHandler(handler);
    appLogger.setUseParentHandlers(false);
  }

  @Override
  public void contextDestroyed(ServletContextEvent event) {
    appLogger.setUseParentHandlers(true);
    appLogger.removeHandler(handler);
  }

  /** Prefixes the current request id and forwards to the root logger's handlers. */
  static final class PrefixingHandler extends Handler {

    @Override
    public void publish(LogRecord record) {
      String requestId = RequestIds.current();
      if (requestId != null && record.getMessage() != null) {
        record.setMessage("[request_id=" + requestId + "] " + record.getMessage());
      }
      for (Handler root : Logger.getLogger("").getHandlers()) {
        root.publish(record);
      }
    }

    @Override
    public void flush() {
      for (Handler root : Logger.getLogger("").getHandlers()) {
        root.flush();
      }
    }

    @Override
    public void close() {}
  }
}
