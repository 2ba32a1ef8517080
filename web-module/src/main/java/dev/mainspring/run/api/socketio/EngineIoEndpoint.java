package dev.mainspring.run.api.socketio;

import io.socket.engineio.server.EngineIoWebSocket;
import io.socket.engineio.server.utils.ParseQS;
import jakarta.inject.Inject;
import jakarta.websocket.CloseReason;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpoint;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.IOException;
import java.net.URL;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Engine.IO's WebSocket transport at {@code /socket.io/}, a Jakarta WebSocket endpoint: a fresh
 * connection, or the upgrade of a long-polling one ({@code ?sid=}). Inbound text is checked by
 * {@link AgentSockets#admit} before the library reads it. Outbound frames are sent asynchronously,
 * one at a time, from a queue: a client that lets more than {@code
 * mainspring.socketio.max-buffered-bytes} wait is closed ({@code 1013 Try Again Later}) and resumes
 * by sequence, so a slow reader never holds a server thread or unbounded memory.
 */
@ServerEndpoint(value = "/socket.io/", configurator = EngineIoEndpoint.Handshake.class)
public class EngineIoEndpoint {

  private static final Logger LOG = Logger.getLogger(EngineIoEndpoint.class.getName());
  private static final String PRESENTED = EngineIoEndpoint.class.getName() + ".presented";
  private static final String HEADERS = EngineIoEndpoint.class.getName() + ".headers";

  @Inject AgentSockets sockets;

  private Adapter adapter;
  private AgentSockets.Presented presented;

  /** Keeps what the handshake carried, for the connection's session. */
  public static class Handshake extends ServerEndpointConfig.Configurator {
    @Override
    public void modifyHandshake(
        ServerEndpointConfig config, HandshakeRequest request, HandshakeResponse response) {
      Map<String, List<String>> headers = request.getHeaders();
      String token = null;
      String query = request.getQueryString();
      if (query != null) {
        token = ParseQS.decode(query).get("token");
      }
      config
          .getUserProperties()
          .put(
              PRESENTED,
              new AgentSockets.Presented(
                  SocketCredential.fromHandshake(
                      first(headers, "Authorization"), first(headers, "X-API-Key"), token),
                  first(headers, "X-Org-Id"),
                  null));
      config.getUserProperties().put(HEADERS, Map.copyOf(headers));
    }

    private static String first(Map<String, List<String>> headers, String name) {
      for (Map.Entry<String, List<String>> e : headers.entrySet()) {
        if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
          return e.getValue().get(0);
        }
      }
      return null;
    }
  }

  @OnOpen
  @SuppressWarnings("unchecked")
  public void open(Session session, EndpointConfig config) {
    AgentSockets.Presented handshake =
        (AgentSockets.Presented) session.getUserProperties().get(PRESENTED);
    Object address = session.getUserProperties().get("jakarta.websocket.endpoint.remoteAddress");
    presented =
        new AgentSockets.Presented(
            handshake == null ? null : handshake.credential(),
            handshake == null ? null : handshake.orgHeader(),
            address == null ? null : address.toString());
    Map<String, List<String>> headers =
        (Map<String, List<String>>)
            session.getUserProperties().getOrDefault(HEADERS, Map.<String, List<String>>of());
    Map<String, String> query =
        session.getQueryString() == null
            ? new HashMap<>()
            : new HashMap<>(ParseQS.decode(session.getQueryString()));
    long max =
        ConfigProvider.getConfig()
            .getOptionalValue("mainspring.socketio.max-buffered-bytes", Long.class)
            .orElse(1_048_576L);
    session.setMaxTextMessageBufferSize(1 << 20);
    adapter = new Adapter(session, query, headers, max);
    sockets.engine().handleWebSocket(adapter);
  }

  @OnMessage
  public void text(String message) {
    Optional<String> refusal = sockets.admit(message, presented);
    if (refusal.isPresent()) {
      adapter.write(refusal.get());
      return;
    }
    try {
      adapter.emit("message", message);
    } finally {
      if (ConnectPackets.parse(message).isPresent()) {
        sockets.passed();
      }
    }
  }

  @OnMessage
  public void binary(byte[] message) {
    adapter.emit("message", (Object) message);
  }

  @OnClose
  public void close(Session session, CloseReason reason) {
    if (adapter != null) {
      adapter.closed();
      adapter.emit("close");
    }
  }

  @OnError
  public void error(Session session, Throwable error) {
    if (adapter != null) {
      adapter.emit("error", "write error", String.valueOf(error.getClass().getSimpleName()));
    }
  }

  /**
   * The context class loader of a WebSocket send. Tyrus restarts the session's idle-timeout task at
   * every frame it sends, on the server's managed scheduled executor, which first captures the
   * thread's context: Payara then looks up the Jakarta Concurrency {@code ThreadContextProvider}
   * services through the context class loader, and with the application's loader that is a lookup
   * in every jar of the WAR. At 3,000 Socket.IO connections with an event a second each, two thirds
   * of the server's CPU samples were that lookup (streams benchmark, issue 15). This loader loads
   * classes as the application's does but has no service files, so the lookup is empty at once. The
   * application declares no thread-context providers, and the task it is captured for does nothing
   * (no idle timeout is set on these sessions).
   */
  private static final ClassLoader SENDING = new NoServiceFiles(EngineIoEndpoint.class);

  /** Delegates to the application's class loader, except that it lists no service files. */
  private static final class NoServiceFiles extends ClassLoader {
    NoServiceFiles(Class<?> of) {
      super(of.getClassLoader());
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
      return name.startsWith("META-INF/services/")
          ? Collections.emptyEnumeration()
          : super.getResources(name);
    }
  }

  /** The library's view of the connection: queued asynchronous sends, bounded. */
  private static final class Adapter extends EngineIoWebSocket {
    private final Session session;
    private final Map<String, String> query;
    private final Map<String, List<String>> headers;
    private final long maxQueuedBytes;
    private final ArrayDeque<Object> queue = new ArrayDeque<>();
    private long queuedBytes;
    private boolean sending;
    private boolean closed;

    Adapter(
        Session session,
        Map<String, String> query,
        Map<String, List<String>> headers,
        long maxQueuedBytes) {
      this.session = session;
      this.query = query;
      this.headers = headers;
      this.maxQueuedBytes = maxQueuedBytes;
    }

    @Override
    public Map<String, String> getQuery() {
      return query;
    }

    @Override
    public Map<String, List<String>> getConnectionHeaders() {
      return headers;
    }

    @Override
    public void write(String message) {
      enqueue(message, message.length());
    }

    @Override
    public void write(byte[] message) {
      enqueue(message, message.length);
    }

    private void enqueue(Object frame, long size) {
      synchronized (this) {
        if (closed) {
          return;
        }
        queuedBytes += size;
        if (queuedBytes > maxQueuedBytes) {
          closed = true;
          queue.clear();
        } else {
          queue.add(frame);
          if (!sending) {
            sendNext();
          }
          return;
        }
      }
      LOG.info("A Socket.IO WebSocket read too slowly and was closed; it resumes by sequence");
      closeSession(
          new CloseReason(CloseReason.CloseCodes.TRY_AGAIN_LATER, "the client read too slowly"));
    }

    /** Sends the next queued frame; called holding the lock. */
    private void sendNext() {
      Object frame = queue.poll();
      if (frame == null || closed) {
        sending = false;
        return;
      }
      sending = true;
      long size = frame instanceof String s ? s.length() : ((byte[]) frame).length;
      Thread thread = Thread.currentThread();
      ClassLoader previous = thread.getContextClassLoader();
      thread.setContextClassLoader(SENDING);
      try {
        if (frame instanceof String text) {
          session.getAsyncRemote().sendText(text, result -> sent(size, result.isOK()));
        } else {
          session
              .getAsyncRemote()
              .sendBinary(ByteBuffer.wrap((byte[]) frame), result -> sent(size, result.isOK()));
        }
      } catch (RuntimeException e) {
        sending = false;
        closed = true;
        LOG.log(Level.FINE, "A WebSocket send failed", e);
      } finally {
        thread.setContextClassLoader(previous);
      }
    }

    private void sent(long size, boolean ok) {
      synchronized (this) {
        queuedBytes -= size;
        if (!ok) {
          closed = true;
          queue.clear();
          sending = false;
          return;
        }
        sendNext();
      }
    }

    synchronized void closed() {
      closed = true;
      queue.clear();
    }

    @Override
    public void close() {
      closeSession(new CloseReason(CloseReason.CloseCodes.NORMAL_CLOSURE, ""));
    }

    private void closeSession(CloseReason reason) {
      try {
        if (session.isOpen()) {
          session.close(reason);
        }
      } catch (IOException | IllegalStateException e) {
        LOG.log(Level.FINE, "A WebSocket did not close cleanly", e);
      }
    }
  }
}
