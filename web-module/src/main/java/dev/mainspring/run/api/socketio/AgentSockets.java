package dev.mainspring.run.api.socketio;

import dev.mainspring.conversation.service.MessageService;
import dev.mainspring.identity.api.MainspringAuthenticationMechanism;
import dev.mainspring.platform.error.MainspringException;
import dev.mainspring.platform.error.UnauthorizedException;
import dev.mainspring.realtime.api.StreamReader;
import dev.mainspring.realtime.service.EventWakeups;
import dev.mainspring.run.service.RunService;
import io.socket.engineio.server.EngineIoServer;
import io.socket.engineio.server.EngineIoServerOptions;
import io.socket.engineio.server.EngineIoSocket;
import io.socket.engineio.server.parser.Packet;
import io.socket.socketio.server.SocketIoServer;
import io.socket.socketio.server.SocketIoSocket;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The Socket.IO server of this instance: the protocol library's Engine.IO and Socket.IO servers,
 * the check of every CONNECT, and the clients connected here.
 *
 * <p>The library has no hook that sees a CONNECT's {@code auth} before it accepts the connection,
 * so the transports hand every inbound text packet to {@link #admit} first: a CONNECT whose
 * credential fails is answered with a CONNECT_ERROR and never reaches the library; one that holds
 * is passed on with its credential in a thread-local, and the library, which handles the packet
 * synchronously on the same thread, calls {@link #connected} with it. Each connected client is an
 * {@link AgentSocket}. Clients are not shared between instances: a client that reconnects to
 * another instance subscribes again from the last sequence it saw, and the event log (in
 * PostgreSQL) gives it everything after that.
 */
@ApplicationScoped
public class AgentSockets {

  private static final Logger LOG = Logger.getLogger(AgentSockets.class.getName());

  /** The credential of the CONNECT being passed to the library on this thread. */
  private static final ThreadLocal<SocketCredential> CONNECTING = new ThreadLocal<>();

  /**
   * Makes the thread of the Engine.IO timers (pings, ping timeouts). Not the managed scheduled
   * executor: that one has a single thread for the whole server, which also runs a task for every
   * WebSocket frame Tyrus sends (its idle-timeout check, scheduled anew at each send), and each
   * task handed to it first captures the application's context (a class-loader resource scan under
   * a lock). With thousands of connections that thread fell so far behind that pings came later
   * than the clients' ping timeout and the clients dropped (streams benchmark, issue 15).
   */
  @Resource ManagedThreadFactory threadFactory;

  private ScheduledThreadPoolExecutor timers;

  @Resource ManagedExecutorService executor;

  @Inject SocketCalls calls;
  @Inject RunService runs;
  @Inject MessageService messages;
  @Inject StreamReader reader;
  @Inject EventWakeups wakeups;

  @Inject
  @ConfigProperty(name = "mainspring.socketio.ping-interval-ms", defaultValue = "25000")
  long pingIntervalMillis;

  @Inject
  @ConfigProperty(name = "mainspring.socketio.ping-timeout-ms", defaultValue = "20000")
  long pingTimeoutMillis;

  @Inject
  @ConfigProperty(name = "mainspring.cors.allowed-origins")
  Optional<String> allowedOrigins;

  @Inject
  @ConfigProperty(name = "mainspring.socketio.max-buffered-bytes", defaultValue = "1048576")
  long maxBufferedBytes;

  private final Map<String, AgentSocket> clients = new ConcurrentHashMap<>();

  /** Engine.IO connections by id, to answer a refused CONNECT that came by long-polling. */
  private final Map<String, EngineIoSocket> connections = new ConcurrentHashMap<>();

  private EngineIoServer engine;

  @PostConstruct
  void start() {
    EngineIoServerOptions options = EngineIoServerOptions.newFromDefault();
    options.setPingInterval(pingIntervalMillis);
    options.setPingTimeout(pingTimeoutMillis);
    options.setAllowedCorsOrigins(origins());
    timers = new ScheduledThreadPoolExecutor(1, threadFactory);
    // a ping timeout is cancelled at every pong: drop it from the queue then, not 20 s later
    timers.setRemoveOnCancelPolicy(true);
    options.setScheduledExecutorService(timers);
    engine = new EngineIoServer(options);
    engine.on(
        "connection",
        args -> {
          EngineIoSocket connection = (EngineIoSocket) args[0];
          connections.put(connection.getId(), connection);
          connection.on("close", closed -> connections.remove(connection.getId()));
        });
    SocketIoServer io = new SocketIoServer(engine);
    io.namespace("/")
        .on(
            "connection",
            args -> {
              if (args.length > 0 && args[0] instanceof SocketIoSocket socket) {
                connected(socket);
              }
            });
  }

  @PreDestroy
  void stop() {
    for (AgentSocket client : clients.values()) {
      client.close();
    }
    if (timers != null) {
      timers.shutdownNow();
    }
  }

  private String[] origins() {
    String configured = allowedOrigins.orElse("").strip();
    if (configured.isEmpty()) {
      // same-origin pages and non-browser clients need no CORS answer at all
      return EngineIoServerOptions.ALLOWED_CORS_ORIGIN_NONE;
    }
    if ("*".equals(configured)) {
      return EngineIoServerOptions.ALLOWED_CORS_ORIGIN_ALL;
    }
    return Arrays.stream(configured.split(","))
        .map(String::strip)
        .filter(o -> !o.isEmpty())
        .toArray(String[]::new);
  }

  /** The Engine.IO server the transports hand their requests and connections to. */
  EngineIoServer engine() {
    return engine;
  }

  /** Clients connected to this instance now. */
  public int connected() {
    return clients.size();
  }

  /**
   * Checks an inbound Engine.IO text packet before the library sees it. Empty: pass it on, then
   * call {@link #passed}; present: the refusal to send back instead, the packet being dropped.
   *
   * @param presented what the transport's request carried (a credential or none, {@code X-Org-Id},
   *     the address)
   */
  Optional<String> admit(String engineText, Presented presented) {
    Optional<ConnectPackets.Connect> connect = ConnectPackets.parse(engineText);
    if (connect.isEmpty()) {
      return Optional.empty();
    }
    String namespace = connect.get().namespace();
    String token = connect.get().token() != null ? connect.get().token() : presented.credential();
    try {
      if (token == null) {
        throw new UnauthorizedException(
            "unauthenticated",
            "connect with a bearer token or an API key: auth {token}, ?token=, or a header");
      }
      SocketCredential credential =
          new SocketCredential(
              token,
              MainspringAuthenticationMechanism.requestedOrg(presented.orgHeader()),
              presented.address());
      calls.as(credential, caller -> caller.requireOrg());
      CONNECTING.set(credential);
      return Optional.empty();
    } catch (MainspringException refused) {
      return Optional.of(ConnectPackets.refusal(namespace, refused));
    } catch (RuntimeException e) {
      MainspringException domain = AgentSocket.domainCause(e);
      if (domain != null) {
        return Optional.of(ConnectPackets.refusal(namespace, domain));
      }
      LOG.log(Level.WARNING, "A Socket.IO connect could not be checked", e);
      return Optional.of(
          ConnectPackets.refusal(
              namespace, "unauthenticated", "the credentials could not be checked"));
    }
  }

  /**
   * What a transport's request carried.
   *
   * @param credential a bearer token or API key from a header or {@code ?token=}, or null
   * @param orgHeader the {@code X-Org-Id} header, or null
   * @param address the client's address
   */
  record Presented(String credential, String orgHeader, String address) {}

  /**
   * Sends refusals of CONNECTs that came in a long-polling body to the connection named by the
   * request's {@code sid}; they go out with its next poll.
   */
  void refuse(String queryString, List<String> refusals) {
    String sid = MainspringAuthenticationMechanism.queryParameter(queryString, "sid");
    EngineIoSocket connection = sid == null ? null : connections.get(sid);
    if (connection == null) {
      return;
    }
    for (String refusal : refusals) {
      // an Engine.IO message packet ('4') whose data is the Socket.IO packet
      connection.send(new Packet<>(Packet.MESSAGE, refusal.substring(1)));
    }
  }

  /** Ends what {@link #admit} began on this thread, once the packet has been passed on. */
  void passed() {
    CONNECTING.remove();
  }

  /** The credential checked for the CONNECT the library is handling on this thread. */
  private void connected(SocketIoSocket socket) {
    SocketCredential credential = CONNECTING.get();
    if (credential == null) {
      // not through admit: cannot happen for "/" unless a transport skipped the check
      socket.disconnect(true);
      return;
    }
    EngineIoSocket connection = socket.getClient().getConnection();
    AgentSocket client =
        new AgentSocket(
            socket,
            connection,
            credential,
            calls,
            runs,
            messages,
            reader,
            wakeups,
            executor,
            maxBufferedBytes);
    clients.put(socket.getId(), client);
    socket.on("disconnect", args -> forget(socket.getId()));
    client.start();
  }

  private void forget(String id) {
    AgentSocket client = clients.remove(id);
    if (client != null) {
      client.close();
    }
  }
}
