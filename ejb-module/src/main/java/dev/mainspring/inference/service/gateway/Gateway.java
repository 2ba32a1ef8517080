package dev.mainspring.inference.service.gateway;

import dev.mainspring.billing.service.ByokKeys;
import dev.mainspring.billing.service.ByokLookup;
import dev.mainspring.billing.service.CreditGuard;
import dev.mainspring.billing.service.CreditHold;
import dev.mainspring.billing.service.QuotaGuard;
import dev.mainspring.identity.service.Caller;
import dev.mainspring.inference.model.gateway.UsageRecord;
import dev.mainspring.inference.model.gateway.UserModelSettings;
import dev.mainspring.inference.model.provider.ProviderFamily;
import dev.mainspring.inference.service.embeddings.BuiltinEmbeddings;
import dev.mainspring.inference.service.modelops.ModelAccessPolicy;
import dev.mainspring.inference.service.provider.ProviderClients;
import dev.mainspring.inference.service.upstream.ChatStream;
import dev.mainspring.inference.service.upstream.OpenAiUpstream;
import dev.mainspring.inference.service.upstream.TokenUsage;
import dev.mainspring.inference.service.upstream.UpstreamException;
import dev.mainspring.inference.service.upstream.UpstreamResponse;
import dev.mainspring.platform.service.Jsons;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The model call: every chat completion and embedding Mainspring makes, for the OpenAI-compatible
 * endpoints and for Mainspring's own features alike, goes through here. It decides which provider
 * and model serve a call (the active deployment's binding, the caller's rights, the runtime mode,
 * {@link Router}), holds the call's estimated cost where billing binds the organization ({@link
 * CreditGuard}: 402 {@code insufficient_credits} when it cannot be covered), applies the provider's
 * breaker and concurrency limit, calls the provider, and meters the call exactly once when it ends
 * ({@link UsageMeter}); billing posts the usage record and releases the hold later.
 *
 * <pre>{@code
 * ChatAnswer answer = gateway.complete(caller, ChatRequest.parse(body), requestId);
 * try (ChatChunks chunks = gateway.stream(caller, request, requestId)) { ... }
 * Embeddings vectors = gateway.embed(caller, EmbeddingsRequest.parse(body), requestId);
 * }</pre>
 *
 * It knows nothing of how its caller answers its own client (HTTP, SSE, run events): it returns
 * what the model said and throws domain errors ({@link UpstreamException}, {@link
 * GatewayException}, 4xx for bad requests). Not a transactional bean on purpose: a stream may last
 * minutes and must hold no transaction or connection; usage is written in its own transaction after
 * the call.
 */
@ApplicationScoped
public class Gateway {

  private static final Logger LOG = Logger.getLogger(Gateway.class.getName());

  public static final String LLM = "llm_inference";
  public static final String EMBEDDINGS = "embeddings";

  @Inject RuntimeSnapshots snapshots;
  @Inject ProviderClients clients;
  @Inject ProviderGuards guards;
  @Inject ModelAccessPolicy policy;
  @Inject TokenCounter tokens;
  @Inject UsageMeter meter;
  @Inject GatewayMetrics metrics;
  @Inject UserSettingsLookup userSettings;
  @Inject BuiltinEmbeddings builtin;
  @Inject CreditGuard credits;
  @Inject QuotaGuard quotas;
  @Inject ByokLookup byok;

  private Router router;

  @PostConstruct
  void init() {
    router = new Router(policy);
  }

  /** The models of the active deployment the caller may use, chat models first. */
  public List<GatewayModel> availableModels(Caller caller) {
    return router.available(snapshots.current(), caller);
  }

  /** One model the caller may use, by key; 404 {@code model_not_found} otherwise. */
  public GatewayModel availableModel(Caller caller, String key) {
    return availableModels(caller).stream()
        .filter(model -> model.key().equals(key))
        .findFirst()
        .orElseThrow(() -> Router.modelNotFound(key));
  }

  /**
   * A whole chat answer, metered before it is returned. The request's own {@code stream} flag is
   * ignored: this call does not stream.
   *
   * @throws UpstreamException when the provider failed, or refused the request ({@code
   *     upstream_rejected}, with its body)
   */
  public ChatAnswer complete(Caller caller, ChatRequest request, String requestId) {
    Call call = start(caller, request, false, requestId, null);
    Duration firstByte = null;
    try {
      UpstreamResponse answer = call.upstream().chatCompletion(call.upstreamJson());
      firstByte = answer.timeToFirstByte();
      if (!answer.isSuccess()) {
        throw UpstreamException.rejected(
            answer.status(), "the provider refused the request", answer.body());
      }
      TokenCount used =
          answer
              .usage()
              .map(TokenCount::reported)
              .orElseGet(() -> estimate(request, answer.body()));
      call.end().end(CallOutcome.success(used), firstByte);
      return new ChatAnswer(call.model(), answer.body(), used);
    } catch (RuntimeException e) {
      call.end().end(CallOutcome.of(e), firstByte); // a refusal (4xx) is metered as rejected
      throw e;
    }
  }

  /**
   * A streamed chat answer; returns once the provider has begun to answer, so a failure before the
   * first chunk is thrown here. The request's own {@code stream} flag is ignored: this call
   * streams. Close what it returns.
   *
   * @throws UpstreamException when the provider failed or refused before streaming
   */
  public ChatChunks stream(Caller caller, ChatRequest request, String requestId) {
    return stream(caller, request, requestId, null);
  }

  /**
   * A streamed chat answer for an agent run: as {@link #stream(Caller, ChatRequest, String)}, and
   * its usage record carries {@code runId}.
   */
  public ChatChunks stream(Caller caller, ChatRequest request, String requestId, UUID runId) {
    Call call = start(caller, request, true, requestId, runId);
    ChatStream stream;
    try {
      stream = call.upstream().streamChatCompletion(call.upstreamJson());
    } catch (RuntimeException e) {
      call.end().end(CallOutcome.of(e), null);
      throw e;
    }
    return new ChatChunks(stream, request, call.model(), tokens, call.end());
  }

  /**
   * Embeds the request's inputs with the embeddings model asked for (else the binding's default),
   * metered before it is returned.
   */
  public Embeddings embed(Caller caller, EmbeddingsRequest request, String requestId) {
    UUID org = caller.requireOrg();
    caller.requireScope("models:write");
    Router.Route route =
        router.route(snapshots.current(), caller, EMBEDDINGS, request.model(), null);
    UsageRecord record =
        new UsageRecord(org, caller.userId(), caller.apiKeyId(), "embeddings", false, requestId);
    List<String> inputs = request.inputs();
    OpenAiUpstream upstream = upstreamOf(route, caller, record);
    CallEnd end =
        admitPaid(route, record, () -> inputs.stream().mapToLong(tokens::count).sum(), 0L);
    try {
      Embeddings answer;
      if (ProviderFamily.ADAPTER_BUILTIN.equals(route.bound().family().getAdapter())) {
        long promptTokens = inputs.stream().mapToLong(builtin::countTokens).sum();
        String json =
            EmbeddingInputs.answer(
                route.model().key(), builtin.embed(inputs), promptTokens, request.base64());
        answer = new Embeddings(route.model().key(), json, new TokenCount(promptTokens, 0, false));
      } else {
        JsonObjectBuilder body = Jsons.object(request.body());
        body.add("model", route.model().providerModelId());
        UpstreamResponse response = upstream.embeddings(body.build().toString());
        if (!response.isSuccess()) {
          throw UpstreamException.rejected(
              response.status(), "the provider refused the request", response.body());
        }
        Optional<TokenUsage> usage = response.usage();
        TokenCount used =
            usage
                .map(u -> new TokenCount(u.promptTokens(), 0, u.cachedTokens(), false))
                .orElseGet(
                    () ->
                        new TokenCount(inputs.stream().mapToLong(tokens::count).sum(), 0, 0, true));
        answer = new Embeddings(route.model().key(), response.body(), used);
      }
      end.end(CallOutcome.success(answer.tokens()), null);
      return answer;
    } catch (RuntimeException e) {
      end.end(CallOutcome.of(e), null);
      throw e;
    }
  }

  /** A chat call routed and admitted: what to send, to whom, and how it ends. */
  private record Call(String model, OpenAiUpstream upstream, String upstreamJson, CallEnd end) {}

  /**
   * Checks the caller, routes the request and takes a permit of the provider; from here on the call
   * must be ended through its {@link CallEnd}.
   */
  private Call start(
      Caller caller, ChatRequest request, boolean stream, String requestId, UUID runId) {
    UUID org = caller.requireOrg();
    caller.requireScope("models:write");
    Optional<UserModelSettings> settings =
        caller.viaApiKey() ? Optional.empty() : userSettings.find(caller.userId());
    Router.Route route =
        router.route(
            snapshots.current(),
            caller,
            LLM,
            request.model(),
            settings.map(UserModelSettings::getDefaultModel).orElse(null));
    String upstreamJson = upstreamRequest(request, route.model(), stream, settings);
    UsageRecord record =
        new UsageRecord(
            org, caller.userId(), caller.apiKeyId(), "chat.completions", stream, requestId);
    record.forRun(runId);
    OpenAiUpstream upstream = upstreamOf(route, caller, record);
    CallEnd end =
        admitPaid(
            route, record, () -> Prompts.tokens(tokens, request), maxTokens(request, settings));
    return new Call(route.model().key(), upstream, upstreamJson, end);
  }

  /**
   * The client for the routed provider. When the caller (or else their organization) stored a key
   * of their own for exactly this provider's endpoint (bring your own key, {@link
   * ByokKeys#sameEndpoint}), the client sends that key instead of the provider's credential and the
   * record is marked as paid by the caller: it is metered, never charged. A built-in provider, or
   * one without an endpoint, never takes a user's key, and a key is never sent to another endpoint
   * than the one it was stored for.
   */
  private OpenAiUpstream upstreamOf(Router.Route route, Caller caller, UsageRecord record) {
    Optional<ByokLookup.OwnKey> own = ownKey(route, caller);
    if (own.isPresent()) {
      record.paidByCaller();
      return clients.upstreamFor(route.bound().provider(), own.get().apiKey());
    }
    return ProviderFamily.ADAPTER_BUILTIN.equals(route.bound().family().getAdapter())
        ? null
        : clients.upstreamFor(route.bound().provider());
  }

  /**
   * The caller's own key for the routed provider's endpoint, else their organization's for it
   * ({@link ByokLookup#resolve}).
   */
  private Optional<ByokLookup.OwnKey> ownKey(Router.Route route, Caller caller) {
    var provider = route.bound().provider();
    if (!ProviderFamily.ADAPTER_OPENAI_HTTP.equals(route.bound().family().getAdapter())
        || provider.getEndpointUrl() == null
        || caller.userId() == null
        || caller.orgId() == null) {
      return Optional.empty();
    }
    return byok.resolve(caller.orgId(), caller.userId(), provider.getEndpointUrl());
  }

  /**
   * Whether a chat call of {@code model} (null: the caller's default, else the deployment's) by
   * {@code caller} would go out with the caller's own key, and so hold and charge nothing. For the
   * run engine's admission; false when the model cannot be routed (the call itself then says why).
   */
  public boolean paidByCaller(Caller caller, String model) {
    Optional<UserModelSettings> settings =
        caller.viaApiKey() || caller.userId() == null
            ? Optional.empty()
            : userSettings.find(caller.userId());
    Router.Route route;
    try {
      route =
          router.route(
              snapshots.current(),
              caller,
              LLM,
              model,
              settings.map(UserModelSettings::getDefaultModel).orElse(null));
    } catch (RuntimeException unroutable) {
      return false;
    }
    return ownKey(route, caller).isPresent();
  }

  /**
   * Holds the call's tokens against the organization's plan quota (429 {@code quota_exceeded} when
   * it is used up; nothing held without a quota) and its estimated cost against the organization's
   * credits (402 {@code insufficient_credits} when they cannot cover it; nothing held where billing
   * does not bind), neither for a call made with the caller's own key, then {@link #admit}s it; a
   * call refused on the way releases what it held at once. The hold has the usage record's id, or
   * the record names the credit lease that admitted the call: posting the record settles the real
   * cost and releases the rest; a leased call's end frees what its estimate exceeded its cost by.
   */
  private CallEnd admitPaid(
      Router.Route route, UsageRecord record, LongSupplier promptTokens, Long maxTokens) {
    LongSupplier prompt = once(promptTokens);
    boolean quotaHeld =
        !record.isByok() && quotas.hold(record.getId(), record.getOrgId(), prompt, maxTokens);
    CreditHold held = CreditHold.NONE;
    try {
      if (!record.isByok()) {
        held =
            credits.hold(
                record.getId(),
                record.getOrgId(),
                record.getUserId(),
                route.model().key(),
                prompt,
                maxTokens);
      }
      record.admittedUnder(held.leaseId(), held.memberId());
      CallEnd end = admit(route, record);
      CreditHold hold = held;
      return (outcome, timeToFirstToken) -> {
        try {
          end.end(outcome, timeToFirstToken);
        } finally {
          hold.settle(
              record.getPromptTokens(), record.getCompletionTokens(), record.getCachedTokens());
        }
      };
    } catch (RuntimeException refused) {
      held.release();
      if (quotaHeld) {
        quotas.release(record.getId());
      }
      throw refused;
    }
  }

  /** Counts the prompt's tokens at most once, however often the holds ask. */
  private static LongSupplier once(LongSupplier tokens) {
    long[] counted = {-1};
    return () -> {
      if (counted[0] < 0) {
        counted[0] = tokens.getAsLong();
      }
      return counted[0];
    };
  }

  /**
   * The most completion tokens the call may produce: the request's {@code max_completion_tokens} or
   * {@code max_tokens}, else the user's default, else null (billing's configured default).
   */
  static Long maxTokens(ChatRequest request, Optional<UserModelSettings> settings) {
    for (String member : List.of("max_completion_tokens", "max_tokens")) {
      if (request.body().get(member) instanceof JsonNumber number && number.longValue() > 0) {
        return number.longValue();
      }
    }
    return settings.map(UserModelSettings::getMaxTokens).map(Integer::longValue).orElse(null);
  }

  /**
   * Takes the provider's breaker and a permit, or refuses the call (503 {@code
   * provider_circuit_open}, 429 {@code provider_busy}); returns how the admitted call ends.
   */
  private CallEnd admit(Router.Route route, UsageRecord record) {
    record.servedBy(
        route.bound().provider().getId(),
        route.bound().family().getKey(),
        route.model().id(),
        route.model().key());
    ProviderGuards.Guard guard = guards.of(route.bound().provider());
    String provider = route.bound().provider().getSlug();
    metrics.watchBreaker(route.bound().provider().getId(), provider, guards);
    if (!guard.breaker().tryAcquire()) {
      metrics.error(provider, route.model().key(), "provider_circuit_open");
      throw new GatewayException(
          503,
          "provider_circuit_open",
          "the provider failed repeatedly; calls resume shortly",
          Math.max(1, (guard.breaker().millisUntilRetry() + 999) / 1000));
    }
    if (!guard.permits().tryAcquire()) {
      guard.breaker().onNeutral();
      metrics.error(provider, route.model().key(), "provider_busy");
      throw new GatewayException(
          429,
          "provider_busy",
          "the provider is at its limit of " + guard.maxConcurrency() + " concurrent calls",
          1L);
    }
    long startedNanos = System.nanoTime();
    AtomicBoolean ended = new AtomicBoolean();
    return (outcome, timeToFirstToken) -> {
      if (!ended.compareAndSet(false, true)) {
        return;
      }
      guard.settle(outcome, record.isByok());
      try {
        meter(route, record, outcome, startedNanos, timeToFirstToken);
      } catch (RuntimeException e) {
        LOG.log(Level.SEVERE, "could not meter the call " + record.getRequestId(), e);
      }
    };
  }

  private void meter(
      Router.Route route,
      UsageRecord record,
      CallOutcome outcome,
      long startedNanos,
      Duration timeToFirstToken) {
    String provider = route.bound().provider().getSlug();
    Duration took = Duration.ofNanos(System.nanoTime() - startedNanos);
    record.ended(
        outcome.promptTokens(),
        outcome.completionTokens(),
        outcome.cachedTokens(),
        outcome.estimated(),
        timeToFirstToken == null ? null : (int) timeToFirstToken.toMillis(),
        (int) Math.min(Integer.MAX_VALUE, took.toMillis()),
        outcome.outcome(),
        outcome.httpStatus());
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

  private TokenCount estimate(ChatRequest request, String answerJson) {
    CompletionText generated = new CompletionText();
    long completion = generated.addAnswer(answerJson) ? tokens.count(generated.text()) : 0;
    return new TokenCount(Prompts.tokens(tokens, request), completion, true);
  }

  /**
   * The provider's request: the caller's, with the provider's model id, the stream flag of the
   * call, the usage chunk always asked for when streaming, and the user's defaults for what the
   * request leaves out.
   */
  private static String upstreamRequest(
      ChatRequest request,
      RuntimeSnapshot.Model model,
      boolean stream,
      Optional<UserModelSettings> settings) {
    JsonObject body = request.body();
    JsonObjectBuilder upstream = Jsons.object(body);
    upstream.add("model", model.providerModelId());
    if (stream) {
      upstream.add("stream", true);
      JsonObjectBuilder options =
          body.get("stream_options") instanceof JsonObject given
              ? Jsons.object(given)
              : Jsons.object();
      upstream.add("stream_options", options.add("include_usage", true));
    } else {
      upstream.remove("stream");
      upstream.remove("stream_options");
    }
    settings.ifPresent(
        s -> {
          if (s.getTemperature() != null && !request.sets("temperature")) {
            upstream.add("temperature", s.getTemperature());
          }
          if (s.getTopP() != null && !request.sets("top_p")) {
            upstream.add("top_p", s.getTopP());
          }
          if (s.getMaxTokens() != null
              && !request.sets("max_tokens")
              && !request.sets("max_completion_tokens")) {
            upstream.add("max_tokens", s.getMaxTokens());
          }
        });
    return upstream.build().toString();
  }
}
