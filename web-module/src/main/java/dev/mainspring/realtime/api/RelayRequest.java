package dev.mainspring.realtime.api;

import dev.mainspring.realtime.service.StoredEvent;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * What {@link SseRelay#open} sends one client.
 *
 * @param orgId the organization the stream belongs to (checked by the caller: the relay reads as
 *     this organization)
 * @param stream the event log's stream, for example {@code thread:<uuid>}
 * @param afterSequence the last sequence the client has; the relay sends what comes after it
 * @param format an event's whole SSE frame, ending with a blank line ({@code "id: 3\nevent:
 *     x\ndata: {...}\n\n"}); the caller chooses its fields
 * @param terminal whether an event ends the stream: after its frame the relay writes {@code
 *     closingFrame} (if any) and completes the response
 * @param closingFrame written after a terminal event's frame, or null
 * @param heartbeat how long the stream may stay silent before the relay writes {@code
 *     heartbeatFrame}; the heartbeat is also what finds a client that went away
 * @param heartbeatFrame a comment line ({@code ": heartbeat\n\n"}) unless the caller gives another
 */
public record RelayRequest(
    UUID orgId,
    String stream,
    long afterSequence,
    Function<StoredEvent, String> format,
    Predicate<StoredEvent> terminal,
    String closingFrame,
    Duration heartbeat,
    String heartbeatFrame) {

  /** The frame a heartbeat writes unless the caller gives another: an SSE comment. */
  public static final String COMMENT_HEARTBEAT = ": heartbeat\n\n";

  public RelayRequest {
    Objects.requireNonNull(orgId, "orgId");
    Objects.requireNonNull(stream, "stream");
    Objects.requireNonNull(format, "format");
    terminal = terminal == null ? e -> false : terminal;
    heartbeat = heartbeat == null ? Duration.ofSeconds(15) : heartbeat;
    heartbeatFrame = heartbeatFrame == null ? COMMENT_HEARTBEAT : heartbeatFrame;
    if (afterSequence < 0) {
      throw new IllegalArgumentException("afterSequence must be 0 or more");
    }
    if (heartbeat.isNegative() || heartbeat.isZero()) {
      throw new IllegalArgumentException("heartbeat must be positive");
    }
  }

  /**
   * A stream without an end: every event formatted by {@code format}, a comment line as heartbeat.
   */
  public static RelayRequest of(
      UUID orgId,
      String stream,
      long afterSequence,
      Function<StoredEvent, String> format,
      Duration heartbeat) {
    return new RelayRequest(orgId, stream, afterSequence, format, null, null, heartbeat, null);
  }

  /** The same request, ending after an event {@code terminal} accepts with {@code closingFrame}. */
  public RelayRequest endingWith(Predicate<StoredEvent> terminal, String closingFrame) {
    return new RelayRequest(
        orgId, stream, afterSequence, format, terminal, closingFrame, heartbeat, heartbeatFrame);
  }

  /** The same request with another heartbeat frame. */
  public RelayRequest withHeartbeatFrame(String frame) {
    return new RelayRequest(
        orgId, stream, afterSequence, format, terminal, closingFrame, heartbeat, frame);
  }

  /**
   * The standard frame of an event: {@code id: <sequence>}, {@code event: <type>} and {@code data:
   * <the event's JSON>}.
   */
  public static String standardFrame(StoredEvent e) {
    return "id: " + e.sequence() + "\nevent: " + e.type() + "\ndata: " + e.data() + "\n\n";
  }
}
