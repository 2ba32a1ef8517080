package dev.mainspring.run.api;

import dev.mainspring.platform.service.Jsons;
import dev.mainspring.realtime.service.StoredEvent;
import dev.mainspring.run.service.RunEvent;
import jakarta.json.JsonObjectBuilder;

/**
 * Document E's Server-Sent Events of a run: {@code event: message}, {@code id: <sequence>}, and
 * {@code data:} the event's members with its {@code type} and {@code sequence}, one line of JSON.
 */
public final class RunFrames {

  /**
   * Sent every heartbeat interval while nothing else is: keeps proxies and clients from timing out.
   */
  public static final String PING = "event: message\ndata: {\"type\":\"ping\"}\n\n";

  private RunFrames() {}

  /** The event as one SSE frame. */
  public static String frame(StoredEvent event) {
    JsonObjectBuilder data = Jsons.object().add("type", event.type());
    event.data().forEach(data::add);
    data.add("sequence", event.sequence());
    return "id: " + event.sequence() + "\nevent: message\ndata: " + data.build() + "\n\n";
  }

  /** Whether the event is a run's last: after it the stream ends. */
  public static boolean last(StoredEvent event) {
    return RunEvent.CONTROL.equals(event.type());
  }
}
