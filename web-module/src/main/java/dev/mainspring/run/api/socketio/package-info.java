/**
 * Document A's realtime command layer: Socket.IO v4 (over Engine.IO v4, WebSocket and HTTP
 * long-polling) as a thin door to the run engine. {@link AgentSockets} holds the protocol servers,
 * {@link EngineIoServlet} and {@link EngineIoEndpoint} carry the two transports, {@link
 * ConnectPackets} authenticates a client's CONNECT, {@link AgentSocket} takes one client's commands
 * and relays the streams it subscribed to.
 */
package dev.mainspring.run.api.socketio;
