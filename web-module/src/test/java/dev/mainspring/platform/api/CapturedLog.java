package dev.mainspring.platform.api;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Collects what one class logs while a test runs, instead of printing it.
 *
 * <pre>{@code
 * try (CapturedLog log = CapturedLog.of(UnexpectedExceptionMapper.class)) {
 *   ...
 *   log.records()
 * }
 * }</pre>
 */
final class CapturedLog implements AutoCloseable {

  private final Logger logger;
  private final boolean usedParentHandlers;
  private final Level level;
  private final List<LogRecord> records = new ArrayList<>();
  private final Handler handler =
      new Handler() {
        @Override
        public void publish(LogRecord record) {
          records.add(record);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };

  private CapturedLog(Logger logger) {
    this.logger = logger;
    this.usedParentHandlers = logger.getUseParentHandlers();
    this.level = logger.getLevel();
    logger.setLevel(Level.ALL); // FINE records too
    logger.addHandler(handler);
    logger.setUseParentHandlers(false);
  }

  /** Starts capturing the logger named after {@code type}. */
  static CapturedLog of(Class<?> type) {
    return new CapturedLog(Logger.getLogger(type.getName()));
  }

  List<LogRecord> records() {
    return List.copyOf(records);
  }

  @Override
  public void close() {
    logger.removeHandler(handler);
    logger.setUseParentHandlers(usedParentHandlers);
    logger.setLevel(level);
  }
}
