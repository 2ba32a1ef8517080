package dev.mainspring.realtime.service;

import java.util.UUID;

/** The names of the event log's streams, and what a name may be. */
public final class Streams {

  /** Longest stream name accepted. */
  public static final int NAME_MAX = 200;

  /** Longest event type accepted. */
  public static final int TYPE_MAX = 100;

  private Streams() {}

  /** The stream of a thread's message events. */
  public static String thread(UUID threadId) {
    return "thread:" + threadId;
  }

  /**
   * The stream of an organization's workspace changes: projects, threads and members (document B's
   * workspace events), for organization-wide readers such as long-poll queues.
   */
  public static String workspace(UUID orgId) {
    return "workspace:" + orgId;
  }

  /** The stream of an agent run's events. */
  public static String run(UUID runId) {
    return "run:" + runId;
  }

  /**
   * Refuses a name that is blank, too long or holds whitespace: the notification payload is the
   * name, a space and the sequence.
   */
  static String checkName(String stream) {
    if (stream == null || stream.isEmpty() || stream.length() > NAME_MAX) {
      throw new IllegalArgumentException("a stream name has 1 to " + NAME_MAX + " characters");
    }
    for (int i = 0; i < stream.length(); i++) {
      if (Character.isWhitespace(stream.charAt(i)) || stream.charAt(i) == '\0') {
        throw new IllegalArgumentException("a stream name holds no whitespace: " + stream);
      }
    }
    return stream;
  }

  static String checkType(String type) {
    if (type == null || type.isBlank() || type.length() > TYPE_MAX || type.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("an event type has 1 to " + TYPE_MAX + " characters");
    }
    return type;
  }

  static int checkLimit(int limit) {
    if (limit < 1 || limit > EventLog.MAX_READ) {
      throw new IllegalArgumentException(
          "a read answers 1 to " + EventLog.MAX_READ + " events, not " + limit);
    }
    return limit;
  }
}
