package dev.mainspring.run.api.socketio;

import dev.mainspring.platform.error.MainspringException;
import dev.mainspring.platform.service.Jsons;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.Optional;

/**
 * Reads and answers Socket.IO CONNECT packets as they arrive inside Engine.IO message packets,
 * where the door checks a client's credential before the protocol library sees the packet: {@code
 * 40} ({@code /} namespace), {@code 40{"token":"..."}} (the {@code auth} of {@code io(url,
 * {auth})}), {@code 40/other,{...}}. A refusal is a CONNECT_ERROR ({@code
 * 44{"message","data":{"code"}}}), which a {@code socket.io-client} reports as {@code
 * connect_error} with that message and does not retry on its own, as for a refusing middleware of
 * the reference server.
 */
final class ConnectPackets {

  /**
   * A CONNECT packet.
   *
   * @param namespace the namespace it connects to ({@code /} by default)
   * @param token the {@code token} of its {@code auth} payload, or null
   */
  record Connect(String namespace, String token) {}

  private ConnectPackets() {}

  /** The CONNECT an Engine.IO text packet carries, if it carries one. */
  static Optional<Connect> parse(String engineText) {
    if (engineText == null || engineText.length() < 2 || !engineText.startsWith("40")) {
      return Optional.empty();
    }
    String rest = engineText.substring(2);
    String namespace = "/";
    if (rest.startsWith("/")) {
      int comma = rest.indexOf(',');
      namespace = comma < 0 ? rest : rest.substring(0, comma);
      rest = comma < 0 ? "" : rest.substring(comma + 1);
    }
    return Optional.of(new Connect(namespace, token(rest)));
  }

  private static String token(String payload) {
    if (payload.isBlank()) {
      return null;
    }
    try (var reader = Jsons.reader(payload)) {
      JsonValue value = reader.readValue();
      if (value instanceof JsonObject auth && auth.get("token") instanceof JsonString token) {
        String text = token.getString().strip();
        if (text.regionMatches(true, 0, "Bearer ", 0, 7)) {
          text = text.substring(7).strip();
        }
        return text.isEmpty() ? null : text;
      }
      return null;
    } catch (JsonException | IllegalStateException e) {
      return null;
    }
  }

  /** The Engine.IO text packet that refuses a CONNECT with the error's code and message. */
  static String refusal(String namespace, MainspringException error) {
    return refusal(namespace, error.code(), error.getMessage());
  }

  /** The Engine.IO text packet that refuses a CONNECT with this code and message. */
  static String refusal(String namespace, String code, String message) {
    JsonObject body =
        Jsons.object()
            .add("message", message)
            .add("data", Jsons.object().add("code", code))
            .build();
    return "44" + ("/".equals(namespace) ? "" : namespace + ",") + body;
  }
}
