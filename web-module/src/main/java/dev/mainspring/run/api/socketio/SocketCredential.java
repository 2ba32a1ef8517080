package dev.mainspring.run.api.socketio;

import java.util.UUID;

/**
 * What a Socket.IO client presented: a bearer token or an API key, and the organization it asked
 * for ({@code X-Org-Id}; null for the user's default one). Kept for the connection's life: every
 * command is checked against it again, so an expired token, a revoked key or a lost membership
 * stops a connection at its next command.
 *
 * @param credential the token or key, never null
 * @param requestedOrg the organization asked for, or null
 * @param address the client's address, for audit records
 */
record SocketCredential(String credential, UUID requestedOrg, String address) {

  /** The credential of a WebSocket handshake, from its headers or {@code ?token=}; or null. */
  static String fromHandshake(String authorization, String apiKey, String queryToken) {
    if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      String token = authorization.substring(7).strip();
      if (!token.isEmpty()) {
        return token;
      }
    }
    if (apiKey != null && !apiKey.isBlank()) {
      return apiKey.strip();
    }
    return queryToken == null || queryToken.isBlank() ? null : queryToken.strip();
  }
}
