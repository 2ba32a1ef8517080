package dev.mainspring.run.api.socketio;

import dev.mainspring.conversation.service.MessageService;
import dev.mainspring.platform.api.JsonConfig;
import dev.mainspring.platform.error.InvalidRequestException;
import dev.mainspring.platform.error.MainspringException;
import dev.mainspring.platform.service.Jsons;
import dev.mainspring.realtime.api.StreamReader;
import dev.mainspring.realtime.service.EventWakeups;
import dev.mainspring.realtime.service.StoredEvent;
import dev.mainspring.realtime.service.StreamRef;
import dev.mainspring.realtime.service.Streams;
import dev.mainspring.run.api.RunResponse;
import dev.mainspring.run.service.ApprovalDecision;
import dev.mainspring.run.service.InitiateRun;
import dev.mainspring.run.service.InitiatedRun;
import dev.mainspring.run.service.RunEvent;
import dev.mainspring.run.service.RunService;
import dev.mainspring.run.service.RunView;
import dev.mainspring.run.service.StartRun;
import io.socket.engineio.server.EngineIoSocket;
import io.socket.socketio.server.SocketIoSocket;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.bind.Jsonb;
import jakarta.validation.ConstraintViolationException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.json.JSONException;
import org.json.JSONObject;

/**
 * One Socket.IO client: document A's agent-execution commands, each answered by an acknowledgement,
 * and the streams it subscribed to, relayed as events.
 *
 * <p>Commands ({@code query}, {@code plan}, {@code continue_run}, {@code cancel}, {@code
 * subscribe}, {@code unsubscribe}) run on the managed executor, as the connection's caller checked
 * again ({@link SocketCalls}); an acknowledgement is {@code {"ok":true,...}} or {@code
 * {"ok":false,"error":{"status","code","message"}}}. Any other event is answered with the error
 * {@code unknown_event}: by acknowledgement when it asked for one, else as a {@code command_error}
 * event, never dropped in silence.
 *
 * <p>A subscription relays its stream from the client's sequence: {@code run_event} ({@code
 * {"run_id","type","sequence",...}}) until the run's last event, {@code thread_event} ({@code
 * {"thread_id","type","sequence",...}}) until unsubscribed. The stream is read from the event log
 * when {@link EventWakeups} says it grew, by the {@link StreamReader} shared with the SSE clients,
 * so events arrive in order and once. Memory is bounded: a client whose undelivered events pass
 * {@code mainspring.socketio.max-buffered-bytes} is disconnected (a WebSocket whose sends lag that
 * far is closed by {@link EngineIoEndpoint}), and resumes by subscribing again from the last
 * sequence it got.
 */
final class AgentSocket {

  private static final Logger LOG = Logger.getLogger(AgentSocket.class.getName());
  private static final Jsonb JSON = JsonConfig.create();
  private static final Set<String> COMMANDS =
      Set.of("query", "plan", "continue_run", "cancel", "subscribe", "unsubscribe");

  private final SocketIoSocket socket;
  private final EngineIoSocket connection;
  private final SocketCredential credential;
  private final SocketCalls calls;
  private final RunService runs;
  private final MessageService messages;
  private final StreamReader reader;
  private final EventWakeups wakeups;
  private final ManagedExecutorService executor;
  private final long maxBufferedBytes;

  private final Map<String, Subscription> subscriptions = new ConcurrentHashMap<>();

  /** Bytes handed to the connection and not yet taken by a poll (long-polling). */
  private final AtomicLong pending = new AtomicLong();

  private volatile boolean closed;

  @SuppressWarnings("java:S107") // one client's collaborators, all given by AgentSockets
  AgentSocket(
      SocketIoSocket socket,
      EngineIoSocket connection,
      SocketCredential credential,
      SocketCalls calls,
      RunService runs,
      MessageService messages,
      StreamReader reader,
      EventWakeups wakeups,
      ManagedExecutorService executor,
      long maxBufferedBytes) {
    this.socket = socket;
    this.connection = connection;
    this.credential = credential;
    this.calls = calls;
    this.runs = runs;
    this.messages = messages;
    this.reader = reader;
    this.wakeups = wakeups;
    this.executor = executor;
    this.maxBufferedBytes = maxBufferedBytes;
  }

  void start() {
    // the connection's write buffer is handed to the transport whole: what waits is gone
    connection.on("flush", args -> pending.set(0));
    socket.registerAllEventListener(this::onEvent);
  }

  void close() {
    closed = true;
    for (Subscription s : subscriptions.values()) {
      s.end();
    }
    subscriptions.clear();
  }

  // ---- commands

  private void onEvent(String name, Object... args) {
    SocketIoSocket.ReceivedByLocalAcknowledgementCallback ack =
        args.length > 0
                && args[args.length - 1]
                    instanceof SocketIoSocket.ReceivedByLocalAcknowledgementCallback callback
            ? callback
            : null;
    Object payload = args.length > 0 && args[0] != ack ? args[0] : null;
    try {
      executor.execute(() -> command(name, payload, ack));
    } catch (RejectedExecutionException e) {
      reply(name, ack, failure(503, "server_busy", "the server is busy; try again"));
    }
  }

  private void command(
      String name, Object payload, SocketIoSocket.ReceivedByLocalAcknowledgementCallback ack) {
    JsonObject answer;
    Runnable after = null;
    try {
      JsonObject body = body(payload);
      switch (name) {
        case "query", "plan" -> {
          Started started = start(body, "plan".equals(name));
          answer = started.answer();
          after = () -> subscribeRun(started.runId(), 0L);
        }
        case "continue_run" -> {
          UUID runId = uuid(body, "run_id", true);
          RunView run =
              body.containsKey("approved")
                  ? as(c -> runs.approve(runId, decision(body)))
                  : as(c -> runs.get(runId));
          Long from = sequence(body);
          answer = ok().add("run", json(RunResponse.of(run))).build();
          after = () -> subscribeRun(runId, from);
        }
        case "cancel" -> {
          UUID runId = uuid(body, "run_id", true);
          answer = ok().add("run", json(RunResponse.of(as(c -> runs.stop(runId))))).build();
        }
        case "subscribe" -> answer = subscribe(body);
        case "unsubscribe" -> {
          String stream = streamOf(body);
          Subscription s = subscriptions.remove(stream);
          if (s != null) {
            s.end();
          }
          answer = ok().add("stream", stream).build();
        }
        default ->
            answer =
                failure(
                    400,
                    "unknown_event",
                    "no command '"
                        + name
                        + "'; the commands are "
                        + String.join(", ", COMMANDS.stream().sorted().toList()));
      }
    } catch (RuntimeException e) {
      answer = failure(e);
    }
    reply(name, ack, answer);
    if (after != null) {
      after.run();
    }
  }

  private record Started(UUID runId, JsonObject answer) {}

  private Started start(JsonObject body, boolean plan) {
    UUID threadId = uuid(body, "thread_id", false);
    String prompt = string(body, "prompt");
    String model = string(body, "model");
    UUID agentId = uuid(body, "agent_id", false);
    String strategy = string(body, "multitask_strategy");
    String mode = plan ? StartRun.PLAN : StartRun.RUN;
    if (threadId != null) {
      RunView run =
          as(c -> runs.start(threadId, new StartRun(prompt, model, agentId, strategy, mode)));
      return new Started(
          run.id(),
          ok().add("run", json(RunResponse.of(run))).add("thread_id", threadId.toString()).build());
    }
    if (prompt == null || prompt.isBlank()) {
      throw new InvalidRequestException(
          "prompt_required", "a query without thread_id starts a new thread and needs a prompt");
    }
    InitiatedRun made =
        as(c -> runs.initiate(new InitiateRun(prompt, model, agentId, strategy, mode)));
    return new Started(
        made.run().id(),
        ok().add("run", json(RunResponse.of(made.run())))
            .add("thread_id", made.run().threadId().toString())
            .add("project_id", made.projectId().toString())
            .build());
  }

  private static ApprovalDecision decision(JsonObject body) {
    JsonValue approved = body.get("approved");
    if (approved != JsonValue.TRUE && approved != JsonValue.FALSE) {
      throw new InvalidRequestException("invalid_command", "approved must be true or false");
    }
    JsonValue arguments = body.get("arguments");
    if (arguments != null
        && arguments != JsonValue.NULL
        && arguments.getValueType() != JsonValue.ValueType.OBJECT) {
      throw new InvalidRequestException("invalid_command", "arguments must be an object");
    }
    return new ApprovalDecision(
        string(body, "call_id"),
        approved == JsonValue.TRUE,
        arguments instanceof JsonObject o ? o : null,
        string(body, "reason"));
  }

  private JsonObject subscribe(JsonObject body) {
    Long after = sequence(body);
    UUID runId = uuid(body, "run_id", false);
    if (runId != null) {
      boolean live = subscribeRunChecked(runId, after);
      return ok().add("stream", Streams.run(runId)).add("ended", !live).build();
    }
    UUID threadId = uuid(body, "thread_id", false);
    if (threadId == null) {
      throw new InvalidRequestException("invalid_command", "subscribe needs run_id or thread_id");
    }
    StreamRef ref = as(c -> messages.eventStream(threadId));
    if (after != null || !subscriptions.containsKey(ref.stream())) {
      follow(new Subscription(ref, "thread_id", threadId, after == null ? 0 : after));
    }
    return ok().add("stream", ref.stream()).build();
  }

  /** Subscribes after a command that made or changed the run; failures only logged. */
  private void subscribeRun(UUID runId, Long after) {
    try {
      subscribeRunChecked(runId, after);
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, "Could not follow run " + runId, e);
    }
  }

  /**
   * Follows the run from {@code after} (null: from the start, unless already followed, which then
   * goes on as it is); whether its stream has more for the client (false: it has ended and all was
   * seen).
   */
  private boolean subscribeRunChecked(UUID runId, Long after) {
    long from = after == null ? 0 : after;
    java.util.Optional<StreamRef> ref = as(c -> runs.eventStream(runId, from));
    if (ref.isEmpty()) {
      return false;
    }
    Subscription existing = subscriptions.get(ref.get().stream());
    if (existing != null && !existing.over && (after == null || after >= existing.after.get())) {
      // already relayed from an earlier point: nothing is lost by keeping it
      return true;
    }
    follow(new Subscription(ref.get(), "run_id", runId, from));
    return true;
  }

  private void follow(Subscription s) {
    if (closed) {
      return;
    }
    Subscription previous = subscriptions.put(s.ref.stream(), s);
    if (previous != null) {
      previous.end();
    }
    // subscribe before the first read: an event committed in between then wakes the reader
    s.wake =
        wakeups.subscribe(
            s.ref.stream(),
            (stream, sequence) -> {
              if (sequence == EventWakeups.ANY_SEQUENCE || sequence > s.after.get()) {
                s.schedule();
              }
            });
    s.schedule();
  }

  private <T> T as(Function<dev.mainspring.identity.service.Caller, T> work) {
    return calls.as(credential, work);
  }

  // ---- relay

  /**
   * One followed stream, read by the {@link StreamReader} this instance's SSE clients share: many
   * subscriptions' streams in one query, their events handed over by its one task, in order.
   */
  private final class Subscription extends StreamReader.Follower {
    final StreamRef ref;
    final String idMember;
    final String id;
    final AtomicLong after;
    volatile boolean over;
    volatile EventWakeups.Subscription wake;

    Subscription(StreamRef ref, String idMember, UUID id, long after) {
      this.ref = ref;
      this.idMember = idMember;
      this.id = id.toString();
      this.after = new AtomicLong(after);
    }

    void schedule() {
      reader.wake(this);
    }

    @Override
    protected UUID orgId() {
      return ref.orgId();
    }

    @Override
    protected String stream() {
      return ref.stream();
    }

    @Override
    protected long lastSequence() {
      return after.get();
    }

    @Override
    protected boolean ended() {
      return over || closed;
    }

    @Override
    protected void take(List<StoredEvent> events) {
      for (StoredEvent event : events) {
        if (ended()) {
          return;
        }
        if (event.sequence() <= after.get()) {
          continue;
        }
        if (!deliver(this, event)) {
          return;
        }
        after.set(event.sequence());
        if ("run_id".equals(idMember) && RunEvent.CONTROL.equals(event.type())) {
          subscriptions.remove(ref.stream(), this);
          end();
          return;
        }
      }
    }

    void end() {
      over = true;
      EventWakeups.Subscription w = wake;
      if (w != null) {
        w.close();
      }
    }
  }

  /** Emits the event; false when the client was cut off for reading too slowly. */
  private boolean deliver(Subscription s, StoredEvent event) {
    JsonObjectBuilder data = Jsons.object().add(s.idMember, s.id);
    data.add("type", event.type());
    event.data().forEach(data::add);
    data.add("sequence", event.sequence());
    String text = data.build().toString();
    if (pending.addAndGet(text.length()) > maxBufferedBytes) {
      LOG.info("A Socket.IO client read too slowly and was disconnected; it resumes by sequence");
      socket.disconnect(true);
      return false;
    }
    try {
      socket.send("run_id".equals(s.idMember) ? "run_event" : "thread_event", new JSONObject(text));
    } catch (JSONException | IllegalArgumentException e) {
      LOG.log(Level.WARNING, "An event could not be encoded for Socket.IO", e);
    }
    return true;
  }

  // ---- answers

  private void reply(
      String name, SocketIoSocket.ReceivedByLocalAcknowledgementCallback ack, JsonObject answer) {
    if (closed && ack == null) {
      return;
    }
    try {
      JSONObject body = new JSONObject(answer.toString());
      if (ack != null) {
        ack.sendAcknowledgement(body);
      } else if (!answer.getBoolean("ok", false)) {
        body.put("event", name);
        socket.send("command_error", body);
      }
    } catch (JSONException | IllegalArgumentException e) {
      LOG.log(Level.WARNING, "A Socket.IO answer could not be encoded", e);
    }
  }

  private static JsonObjectBuilder ok() {
    return Jsons.object().add("ok", true);
  }

  private static JsonObject failure(int status, String code, String message) {
    return Jsons.object()
        .add("ok", false)
        .add(
            "error", Jsons.object().add("status", status).add("code", code).add("message", message))
        .build();
  }

  private static JsonObject failure(RuntimeException e) {
    MainspringException domain = domainCause(e);
    if (domain != null) {
      JsonObjectBuilder error =
          Jsons.object()
              .add("status", domain.status())
              .add("code", domain.code())
              .add("message", domain.getMessage());
      domain
          .members()
          .forEach(
              (k, v) -> {
                JsonArrayBuilder values = Jsons.array();
                v.forEach(values::add);
                error.add(k, values);
              });
      return Jsons.object().add("ok", false).add("error", error).build();
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ConstraintViolationException invalid) {
        String message =
            invalid.getConstraintViolations().stream()
                .map(v -> v.getPropertyPath() + " " + v.getMessage())
                .sorted()
                .findFirst()
                .orElse("the command is not valid");
        return failure(400, "validation_failed", message);
      }
    }
    LOG.log(Level.SEVERE, "A Socket.IO command failed unexpectedly", e);
    return failure(500, "internal_error", "the command failed; it was logged");
  }

  static MainspringException domainCause(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof MainspringException m) {
        return m;
      }
    }
    return null;
  }

  private static JsonValue json(Object value) {
    try (var reader = Jsons.reader(JSON.toJson(value))) {
      return reader.readValue();
    }
  }

  // ---- reading commands

  private static JsonObject body(Object payload) {
    if (payload == null || payload == JSONObject.NULL) {
      return JsonValue.EMPTY_JSON_OBJECT;
    }
    if (!(payload instanceof JSONObject)) {
      throw new InvalidRequestException("invalid_command", "a command's argument is an object");
    }
    try (var reader = Jsons.reader(payload.toString())) {
      return reader.readObject();
    } catch (JsonException e) {
      throw new InvalidRequestException("invalid_command", "a command's argument is an object");
    }
  }

  private static String string(JsonObject body, String name) {
    JsonValue value = body.get(name);
    if (value == null || value == JsonValue.NULL) {
      return null;
    }
    if (value instanceof JsonString s) {
      return s.getString();
    }
    throw new InvalidRequestException("invalid_command", name + " must be a string");
  }

  private static UUID uuid(JsonObject body, String name, boolean required) {
    String text = string(body, name);
    if (text == null) {
      if (required) {
        throw new InvalidRequestException("invalid_command", name + " is required");
      }
      return null;
    }
    try {
      return UUID.fromString(text);
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException("invalid_command", name + " must be a UUID");
    }
  }

  /** The client's {@code after_sequence}, or null when it gave none. */
  private static Long sequence(JsonObject body) {
    JsonValue value = body.get("after_sequence");
    if (value == null || value == JsonValue.NULL) {
      return null;
    }
    if (value instanceof JsonNumber n && n.isIntegral() && n.longValue() >= 0) {
      return n.longValue();
    }
    throw new InvalidRequestException(
        "invalid_command", "after_sequence must be a whole number, 0 or more");
  }

  private static String streamOf(JsonObject body) {
    UUID runId = uuid(body, "run_id", false);
    if (runId != null) {
      return Streams.run(runId);
    }
    UUID threadId = uuid(body, "thread_id", false);
    if (threadId != null) {
      return Streams.thread(threadId);
    }
    throw new InvalidRequestException("invalid_command", "unsubscribe needs run_id or thread_id");
  }
}
