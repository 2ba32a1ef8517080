package dev.mainspring.inference.service;

import dev.mainspring.inference.service.provider.EndpointUrls;
import dev.mainspring.inference.service.provider.ProviderDestinations;
import dev.mainspring.inference.service.provider.ProviderProbe;
import dev.mainspring.platform.error.InvalidRequestException;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Seeds document C's bootstrap defaults at every start, creating only what is missing (looked up by
 * slug, the model by its key) and never changing what an operator changed ({@link
 * PlatformSeeds#seedDefaults}):
 *
 * <ul>
 *   <li>the built-in embeddings provider and its model, active and validated;
 *   <li>{@code local-llm} from {@code LLM_INFERENCE_RUNTIME_URL} (else {@code LLM_URL}), of family
 *       {@code LLM_PROVIDER_FAMILY}; {@code local-llama-cpp} from {@code LLAMA_CPP_URL};
 *   <li>the deployment profile {@code local-default} (built-in embeddings, and {@code local-llm}
 *       for LLM inference when it exists) and, with llama.cpp configured, {@code local-llama-cpp};
 *   <li>{@code local-default} activated when no profile is active.
 * </ul>
 *
 * Then, unless {@code mainspring.bootstrap.runtime-models} is false, it asks {@code local-llm} for
 * its models ({@code GET /models}) and seeds them as active, validated ModelOps models bound to
 * {@code local-default} ({@link PlatformSeeds#seedModels}), so that a server started with {@code
 * LLM_URL} answers chat completions with no admin call. That happens only while {@code local-llm}
 * runs no managed model, so once per installation, and the operator's later changes stand.
 *
 * <p>The runtime is asked on a managed scheduled thread, outside any transaction: the start never
 * waits for it. When it does not answer (or answers no model list yet, as a server still loading
 * its model does), it is asked again after 5 s, the pause doubling up to a minute, for {@value
 * #GIVE_UP_MINUTES} minutes after the start; then the seeding is given up with a warning, until the
 * next start. A URL that is not a valid endpoint, or not an allowed destination ({@link
 * ProviderDestinations}), is logged and skipped. Instances starting together seed once: every write
 * runs under the activation lock and looks again at what is there.
 */
@Startup
@Singleton
@DependsOn("SchemaMigrator")
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class PlatformBootstrap {

  static final long GIVE_UP_MINUTES = 30;
  private static final Duration FIRST_PAUSE = Duration.ofSeconds(5);
  private static final Duration LONGEST_PAUSE = Duration.ofMinutes(1);

  private static final Logger LOG = Logger.getLogger(PlatformBootstrap.class.getName());

  @Inject PlatformSeeds seeds;
  @Inject ProviderProbe probe;
  @Inject ProviderDestinations destinations;

  @Resource ManagedScheduledExecutorService scheduler;

  @Inject
  @ConfigProperty(name = "LLM_URL")
  Optional<String> llmUrl;

  @Inject
  @ConfigProperty(name = "LLM_INFERENCE_RUNTIME_URL")
  Optional<String> llmInferenceRuntimeUrl;

  @Inject
  @ConfigProperty(name = "LLM_PROVIDER_FAMILY", defaultValue = "vllm_local")
  String llmFamily;

  @Inject
  @ConfigProperty(name = "LLAMA_CPP_URL")
  Optional<String> llamaCppUrl;

  @Inject
  @ConfigProperty(name = "mainspring.bootstrap.runtime-models", defaultValue = "true")
  boolean seedRuntimeModels;

  private volatile ScheduledFuture<?> pending;
  private volatile boolean stopped;

  @PostConstruct
  @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
  void seed() {
    destinations.policy(); // built now, outside any transaction
    Optional<PlatformSeeds.Runtime> runtime =
        seeds.seedDefaults(
            allowedEndpoint(PlatformSeeds.LOCAL_LLM, llmInferenceRuntimeUrl.or(() -> llmUrl)),
            llmFamily,
            allowedEndpoint(PlatformSeeds.LOCAL_LLAMA_CPP, llamaCppUrl));
    if (runtime.isPresent() && seedRuntimeModels) {
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(GIVE_UP_MINUTES);
      schedule(() -> askForModels(runtime.get(), FIRST_PAUSE, deadline), Duration.ZERO);
    }
  }

  @PreDestroy
  void stop() {
    stopped = true;
    ScheduledFuture<?> task = pending;
    if (task != null) {
      task.cancel(true);
    }
  }

  /** One attempt: ask the runtime, seed what it lists, or try again later. */
  private void askForModels(PlatformSeeds.Runtime runtime, Duration pause, long deadline) {
    try {
      ProviderProbe.Result found = probe.probe(runtime.provider(), runtime.family());
      if (found.reachable() && !found.models().isEmpty()) {
        PlatformSeeds.ModelSeeding outcome =
            seeds.seedModels(runtime, found.models(), found.latencyMs());
        if (outcome != PlatformSeeds.ModelSeeding.PROVIDER_CHANGED) {
          return;
        }
        LOG.info("local-llm changed while its models were asked for; asking again");
      } else if (found.reachable()) {
        LOG.info("The local LLM runtime lists no model yet; asking again later");
      } else {
        LOG.info(
            () ->
                "The local LLM runtime did not answer ("
                    + found.error().code()
                    + "); asking again in "
                    + pause.toSeconds()
                    + " s");
      }
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Seeding the local LLM runtime's models failed; trying again", e);
    }
    if (System.nanoTime() + pause.toNanos() > deadline) {
      LOG.warning(
          "Gave up seeding the local LLM runtime's models after "
              + GIVE_UP_MINUTES
              + " minutes; add them through /v1/modelops/models or restart once it answers");
      return;
    }
    Duration next = pause.multipliedBy(2);
    Duration capped = next.compareTo(LONGEST_PAUSE) > 0 ? LONGEST_PAUSE : next;
    schedule(() -> askForModels(runtime, capped, deadline), pause);
  }

  private void schedule(Runnable attempt, Duration delay) {
    if (stopped) {
      return;
    }
    try {
      pending = scheduler.schedule(attempt, delay.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RuntimeException rejected) {
      LOG.log(Level.WARNING, "Cannot schedule the seeding of the runtime's models", rejected);
    }
  }

  /** The URL as stored, or null (logged) when it is not a valid endpoint or not allowed. */
  private String allowedEndpoint(String slug, Optional<String> url) {
    if (url.isEmpty() || url.get().isBlank()) {
      return null;
    }
    try {
      String endpoint = EndpointUrls.check(url.get());
      destinations.check(endpoint);
      return endpoint;
    } catch (InvalidRequestException e) {
      LOG.warning(() -> "Not seeding " + slug + ": " + e.getMessage());
      return null;
    }
  }
}
