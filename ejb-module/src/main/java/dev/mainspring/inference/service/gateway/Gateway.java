package dev.mainspring.inference.service.gateway;

import dev.mainspring.identity.service.Caller;
import dev.mainspring.inference.model.gateway.UsageRecord;
import dev.mainspring.inference.model.gateway.UserModelSettings;
import dev.mainspring.inference.model.gateway.UserModelSettingsRepository;
import dev.mainspring.inference.model.provider.ProviderFamily;
import dev.mainspring.inference.service.OfflineGuard;
import dev.mainspring.inference.service.embeddings.BuiltinEmbeddings;
import dev.mainspring.inference.service.modelops.ModelAccessPolicy;
import dev.mainspring.inference.service.provider.ProviderClients;
import dev.mainspring.inference.service.upstream.TokenUsage;
import dev.mainspring.inference.service.upstream.UpstreamException;
import dev.mainspring.inference.service.upstream.UpstreamResponse;
import dev.mainspring.platform.error.InvalidRequestException;
import dev.mainspring.platform.error.NotFoundException;
import dev.mainspring.platform.service.Jsons;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The OpenAI-compatible gateway: decides which provider and model serve a call (the active
 * deployment's binding, the caller's rights, the runtime mode), applies the provider's breaker and
 * concurrency limit, and hands back a {@link ChatCall} or an embeddings answer. Not a transactional
 * bean on purpose: a call may stream for minutes, and usage is written in its own transaction when
 * the call ends ({@link UsageMeter}).
 */
@ApplicationScoped
public class Gateway {

  public static final String LLM = "llm_inference";
  public static final String EMBEDDINGS = "embeddings";

  @Inject RuntimeSnapshots snapshots;
  @Inject ProviderClients clients;
  @Inject ProviderGuards guards;
  @Inject ModelAccessPolicy policy;
  @Inject TokenCounter tokens;
  @Inject UsageMeter meter;
  @Inject GatewayMetrics metrics;
  @Inject UserModelSettingsRepository userSettings;
  @Inject BuiltinEmbeddings builtin;

  /** Where one call goes. */
  public record Route(RuntimeSnapshot.Bound bound, RuntimeSnapshot.Model model) {}

  /** The models of the active deployment the caller may use, chat models first. */
  public List<RuntimeSnapshot.Model> availableModels(Caller caller) {
    return availableEntries(caller).stream().map(Entry::model).toList();
  }

  /** A model the caller may use, with the origin of the provider serving it. */
  public record Entry(RuntimeSnapshot.Model model, String providerOrigin) {}

  /** {@link #availableModels} with the providers' origins. */
  public List<Entry> availableEntries(Caller caller) {
    RuntimeSnapshot snapshot = snapshots.current();
    return RuntimeSnapshots.MODEL_CAPABILITIES.stream()
        .flatMap(capability -> snapshot.capability(capability).stream())
        .filter(bound -> !(snapshot.offline() && bound.family().isCloud()))
        .flatMap(
            bound ->
                bound.models().stream()
                    .filter(model -> policy.allows(model.access(), caller))
                    .map(model -> new Entry(model, bound.family().getProviderOrigin())))
        .toList();
  }

  /** The default model of a capability, when the caller may use it. */
  public Optional<RuntimeSnapshot.Model> defaultModel(Caller caller, String capability) {
    return snapshots
        .current()
        .capability(capability)
        .flatMap(RuntimeSnapshot.Bound::defaultModel)
        .filter(model -> policy.allows(model.access(), caller));
  }

  /**
   * The provider and model for a call: {@code requested} if the active binding allows it and the
   * caller may use it (404 {@code model_not_found} otherwise, whichever the reason), else the
   * user's default model, else the binding's default.
   */
  public Route route(Caller caller, String capability, String requested, String userDefault) {
    RuntimeSnapshot snapshot = snapshots.current();
    RuntimeSnapshot.Bound bound =
        snapshot
            .capability(capability)
            .orElseThrow(
                () ->
                    new GatewayException(
                        503,
                        "capability_unavailable",
                        "no active deployment profile binds a provider for " + capability,
                        null));
    if (snapshot.offline() && bound.family().isCloud()) {
      throw OfflineGuard.blocked(bound.family().getKey());
    }
    RuntimeSnapshot.Model model;
    if (requested != null) {
      model =
          bound
              .model(requested)
              .filter(m -> policy.allows(m.access(), caller))
              .orElseThrow(
                  () ->
                      new NotFoundException(
                          "model_not_found",
                          "The model '"
                              + requested
                              + "' does not exist or you do not have access to it."));
    } else {
      model =
          Optional.ofNullable(userDefault)
              .flatMap(bound::model)
              .or(bound::defaultModel)
              .filter(m -> policy.allows(m.access(), caller))
              .orElseThrow(
                  () ->
                      new InvalidRequestException(
                          "model_required", "name a model: there is no default you may use"));
    }
    if (!bound.provider().isEnabled()) {
      throw new GatewayException(
          503, "provider_disabled", "the provider serving this model is disabled", null);
    }
    return new Route(bound, model);
  }

  /**
   * Starts a chat completion call: checks the request, routes it, takes a permit of the provider.
   * The caller must then run {@link ChatCall#complete()} or {@link ChatCall#open()}, which end the
   * call and meter it.
   */
  public ChatCall chat(Caller caller, String body, String requestId) {
    UUID org = caller.requireOrg();
    caller.requireScope("models:write");
    JsonObject request = parseObject(body);
    JsonValue messages = request.get("messages");
    if (!(messages instanceof JsonArray array) || array.isEmpty()) {
      throw new InvalidRequestException(
          "invalid_messages", "messages must be a non-empty array of messages");
    }
    boolean stream = flag(request, "stream");
    Optional<UserModelSettings> settings =
        caller.viaApiKey() ? Optional.empty() : userSettings.find(caller.userId());
    Route route =
        route(
            caller,
            LLM,
            text(request, "model"),
            settings.map(UserModelSettings::getDefaultModel).orElse(null));
    boolean clientWantsUsage =
        request.get("stream_options") instanceof JsonObject options
            && options.getBoolean("include_usage", false);
    String upstreamJson = upstreamRequest(request, route.model(), stream, settings);
    UsageRecord record =
        new UsageRecord(
            org, caller.userId(), caller.apiKeyId(), "chat.completions", stream, requestId);
    record.servedBy(
        route.bound().provider().getId(),
        route.bound().family().getKey(),
        route.model().id(),
        route.model().key());
    ProviderGuards.Guard guard = admit(route);
    return new ChatCall(
        this,
        clients.upstreamFor(route.bound().provider()),
        route,
        guard,
        (JsonArray) messages,
        request.get("tools"),
        upstreamJson,
        clientWantsUsage,
        record);
  }

  /**
   * Document C's {@code /v1/models/inference} ({@code messages}, or a {@code prompt}) and {@code
   * /v1/models/generate} ({@code prompt}, with an optional {@code system}): one non-streamed
   * completion through the same routing, limits and metering as the OpenAI endpoints.
   */
  public GeneratedText generate(Caller caller, String body, String requestId, boolean promptOnly) {
    JsonObject request = parseObject(body);
    JsonArray messages;
    String prompt = text(request, "prompt");
    if (!promptOnly && request.get("messages") instanceof JsonArray given) {
      messages = given;
    } else if (prompt != null && !prompt.isBlank()) {
      var built = Jsons.array();
      String system = text(request, "system");
      if (system != null) {
        built.add(Jsons.object().add("role", "system").add("content", system));
      }
      messages = built.add(Jsons.object().add("role", "user").add("content", prompt)).build();
    } else {
      throw new InvalidRequestException(
          "invalid_prompt", promptOnly ? "prompt is required" : "give messages or a prompt");
    }
    JsonObjectBuilder chat = Jsons.object().add("messages", messages);
    for (String option : List.of("model", "max_tokens", "temperature", "top_p", "stop")) {
      if (request.containsKey(option)) {
        chat.add(option, request.get(option));
      }
    }
    ChatCall call = chat(caller, chat.build().toString(), requestId);
    JsonObject answer = parseObject(call.complete());
    String output = "";
    String finishReason = null;
    if (answer.get("choices") instanceof JsonArray choices
        && !choices.isEmpty()
        && choices.get(0) instanceof JsonObject first) {
      if (first.get("message") instanceof JsonObject message
          && message.get("content") instanceof JsonString content) {
        output = content.getString();
      }
      if (first.get("finish_reason") instanceof JsonString reason) {
        finishReason = reason.getString();
      }
    }
    GeneratedText.Usage usage =
        TokenUsage.of(answer.toString())
            .map(
                u ->
                    new GeneratedText.Usage(
                        u.promptTokens(), u.completionTokens(), u.totalTokens()))
            .orElse(null);
    return new GeneratedText(call.model(), output, finishReason, usage);
  }

  /** {@code POST /v1/embeddings}: the answer's JSON, metered. */
  public String embeddings(Caller caller, String body, String requestId) {
    UUID org = caller.requireOrg();
    caller.requireScope("models:write");
    JsonObject request = parseObject(body);
    List<String> inputs = EmbeddingInputs.of(request.get("input"));
    Route route = route(caller, EMBEDDINGS, text(request, "model"), null);
    UsageRecord record =
        new UsageRecord(org, caller.userId(), caller.apiKeyId(), "embeddings", false, requestId);
    record.servedBy(
        route.bound().provider().getId(),
        route.bound().family().getKey(),
        route.model().id(),
        route.model().key());
    ProviderGuards.Guard guard = admit(route);
    long started = System.nanoTime();
    CallOutcome outcome = CallOutcome.failure("upstream_error", 502);
    try {
      if (ProviderFamily.ADAPTER_BUILTIN.equals(route.bound().family().getAdapter())) {
        long promptTokens = inputs.stream().mapToLong(builtin::countTokens).sum();
        String answer =
            EmbeddingInputs.answer(
                route.model().key(),
                builtin.embed(inputs),
                promptTokens,
                "base64".equals(text(request, "encoding_format")));
        outcome = CallOutcome.success(promptTokens, 0, false);
        return answer;
      }
      JsonObjectBuilder upstream = Jsons.object(request);
      upstream.add("model", route.model().providerModelId());
      UpstreamResponse answer =
          clients.upstreamFor(route.bound().provider()).embeddings(upstream.build().toString());
      if (!answer.isSuccess()) {
        throw UpstreamException.rejected(
            answer.status(), "the provider refused the request", answer.body());
      }
      Optional<TokenUsage> usage = answer.usage();
      long prompt =
          usage
              .map(TokenUsage::promptTokens)
              .orElseGet(() -> inputs.stream().mapToLong(tokens::count).sum());
      outcome = CallOutcome.success(prompt, 0, usage.isEmpty());
      return answer.body();
    } catch (UpstreamException e) {
      outcome = CallOutcome.of(e); // a refusal (4xx) is metered as rejected
      throw e;
    } finally {
      finish(route, guard, record, outcome, started, null);
    }
  }

  private ProviderGuards.Guard admit(Route route) {
    ProviderGuards.Guard guard = guards.of(route.bound().provider());
    metrics.watchBreaker(
        route.bound().provider().getId(), route.bound().provider().getSlug(), guards);
    if (!guard.breaker().tryAcquire()) {
      metrics.error(
          route.bound().provider().getSlug(), route.model().key(), "provider_circuit_open");
      throw new GatewayException(
          503,
          "provider_circuit_open",
          "the provider failed repeatedly; calls resume shortly",
          Math.max(1, (guard.breaker().millisUntilRetry() + 999) / 1000));
    }
    if (!guard.permits().tryAcquire()) {
      guard.breaker().onNeutral();
      metrics.error(route.bound().provider().getSlug(), route.model().key(), "provider_busy");
      throw new GatewayException(
          429,
          "provider_busy",
          "the provider is at its limit of " + guard.maxConcurrency() + " concurrent calls",
          1L);
    }
    return guard;
  }

  /** Ends a call: meters it, records metrics, tells the breaker, returns the permit. */
  void finish(
      Route route,
      ProviderGuards.Guard guard,
      UsageRecord record,
      CallOutcome outcome,
      long startedNanos,
      Duration timeToFirstToken) {
    guard.permits().release();
    if (outcome.providerFailed()) {
      guard.breaker().onFailure();
    } else if (outcome.providerAnswered()) {
      guard.breaker().onSuccess();
    } else {
      guard.breaker().onNeutral();
    }
    Duration took = Duration.ofNanos(System.nanoTime() - startedNanos);
    record.ended(
        outcome.promptTokens(),
        outcome.completionTokens(),
        outcome.estimated(),
        timeToFirstToken == null ? null : (int) timeToFirstToken.toMillis(),
        (int) Math.min(Integer.MAX_VALUE, took.toMillis()),
        outcome.outcome(),
        outcome.httpStatus());
    String provider = route.bound().provider().getSlug();
    metrics.call(
        provider,
        route.model().key(),
        outcome.outcome(),
        outcome.promptTokens(),
        outcome.completionTokens(),
        took,
        timeToFirstToken);
    if (!"success".equals(outcome.outcome())) {
      metrics.error(provider, route.model().key(), outcome.outcome());
    }
    meter.record(record);
  }

  TokenCounter tokens() {
    return tokens;
  }

  private String upstreamRequest(
      JsonObject request,
      RuntimeSnapshot.Model model,
      boolean stream,
      Optional<UserModelSettings> settings) {
    JsonObjectBuilder upstream = Jsons.object(request);
    upstream.add("model", model.providerModelId());
    if (stream) {
      JsonObjectBuilder options =
          request.get("stream_options") instanceof JsonObject given
              ? Jsons.object(given)
              : Jsons.object();
      upstream.add("stream_options", options.add("include_usage", true));
    }
    settings.ifPresent(
        s -> {
          if (s.getTemperature() != null && !request.containsKey("temperature")) {
            upstream.add("temperature", s.getTemperature());
          }
          if (s.getTopP() != null && !request.containsKey("top_p")) {
            upstream.add("top_p", s.getTopP());
          }
          if (s.getMaxTokens() != null
              && !request.containsKey("max_tokens")
              && !request.containsKey("max_completion_tokens")) {
            upstream.add("max_tokens", s.getMaxTokens());
          }
        });
    return upstream.build().toString();
  }

  static JsonObject parseObject(String body) {
    if (body == null || body.isBlank()) {
      throw new InvalidRequestException("invalid_json", "the request body must be a JSON object");
    }
    try (JsonReader reader = Jsons.reader(body)) {
      JsonValue value = reader.readValue();
      if (value instanceof JsonObject object) {
        return object;
      }
    } catch (JsonException e) {
      throw new InvalidRequestException("invalid_json", "the request body is not valid JSON");
    }
    throw new InvalidRequestException("invalid_json", "the request body must be a JSON object");
  }

  private static String text(JsonObject request, String field) {
    JsonValue value = request.get(field);
    if (value == null || value == JsonValue.NULL) {
      return null;
    }
    if (value instanceof JsonString string) {
      return string.getString();
    }
    throw new InvalidRequestException("invalid_" + field, field + " must be a string");
  }

  private static boolean flag(JsonObject request, String field) {
    JsonValue value = request.get(field);
    if (value == null || value == JsonValue.NULL || value == JsonValue.FALSE) {
      return false;
    }
    if (value == JsonValue.TRUE) {
      return true;
    }
    throw new InvalidRequestException("invalid_" + field, field + " must be true or false");
  }
}
