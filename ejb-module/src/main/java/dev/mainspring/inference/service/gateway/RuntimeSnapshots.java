package dev.mainspring.inference.service.gateway;

import dev.mainspring.inference.model.deployment.DeploymentBinding;
import dev.mainspring.inference.model.deployment.DeploymentProfile;
import dev.mainspring.inference.model.deployment.DeploymentRepository;
import dev.mainspring.inference.model.modelops.ManagedModel;
import dev.mainspring.inference.model.modelops.ManagedModelRepository;
import dev.mainspring.inference.model.modelops.ModelAccess;
import dev.mainspring.inference.model.provider.ProviderFamily;
import dev.mainspring.inference.model.provider.ProviderFamilyRepository;
import dev.mainspring.inference.model.provider.ProviderInstance;
import dev.mainspring.inference.model.provider.ProviderInstanceRepository;
import dev.mainspring.inference.service.PlatformChanges;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The gateway's cached {@link RuntimeSnapshot}. It is reloaded when this instance committed a
 * configuration change ({@link PlatformChanges}) and at least every {@code
 * mainspring.gateway.snapshot-ttl-ms} (default 2000), which is how changes made through another
 * instance arrive. The hot path reads a volatile field and touches no database.
 */
@ApplicationScoped
public class RuntimeSnapshots {

  private static final Logger LOG = Logger.getLogger(RuntimeSnapshots.class.getName());

  static final List<String> MODEL_CAPABILITIES = List.of("llm_inference", "embeddings");

  @Inject PlatformChanges changes;
  @Inject DeploymentRepository deployments;
  @Inject ProviderInstanceRepository providers;
  @Inject ProviderFamilyRepository families;
  @Inject ManagedModelRepository models;

  @Inject
  @ConfigProperty(name = "mainspring.gateway.snapshot-ttl-ms", defaultValue = "2000")
  long ttlMillis;

  private record Cached(RuntimeSnapshot snapshot, long generation, long loadedAtMillis) {}

  @Resource ManagedExecutorService executor;

  private volatile Cached cached;
  private final ReentrantLock reloading = new ReentrantLock();
  private final AtomicBoolean refreshing = new AtomicBoolean();

  /**
   * The current view. After a local change every caller waits for the one reload (the change must
   * show at once); when only the time-to-live ran out, the view is reloaded in the background while
   * every caller goes on with the previous one, so no request waits for the database.
   */
  public RuntimeSnapshot current() {
    Cached now = cached;
    long generation = changes.generation();
    if (now != null && now.generation() == generation) {
      if (System.currentTimeMillis() - now.loadedAtMillis() >= ttlMillis
          && refreshing.compareAndSet(false, true)) {
        refreshInBackground();
      }
      return now.snapshot();
    }
    return reload();
  }

  private void refreshInBackground() {
    try {
      executor.execute(
          () -> {
            try {
              reload();
            } catch (RuntimeException e) {
              LOG.log(Level.WARNING, "reloading the gateway's view of the platform failed", e);
            } finally {
              refreshing.set(false);
            }
          });
    } catch (RuntimeException rejected) {
      refreshing.set(false);
      reload(); // no thread to run it on: this caller reloads
    }
  }

  /** Loads the view unless another thread just did, and keeps it. */
  private RuntimeSnapshot reload() {
    reloading.lock();
    long generation = changes.generation();
    try {
      Cached latest = cached;
      if (latest != null
          && latest.generation() == generation
          && System.currentTimeMillis() - latest.loadedAtMillis() < ttlMillis) {
        return latest.snapshot();
      }
      long loadedAt = System.currentTimeMillis();
      RuntimeSnapshot snapshot = load();
      cached = new Cached(snapshot, generation, loadedAt);
      return snapshot;
    } finally {
      reloading.unlock();
    }
  }

  private RuntimeSnapshot load() {
    boolean offline = deployments.runtimeProfile().isOffline();
    Optional<DeploymentProfile> active = deployments.findActive();
    if (active.isEmpty()) {
      return new RuntimeSnapshot(offline, null, null, Map.of());
    }
    Map<UUID, ModelAccess> access =
        models.allAccess().stream()
            .collect(Collectors.toMap(ModelAccess::getModelId, Function.identity()));
    Map<String, RuntimeSnapshot.Bound> bound = new HashMap<>();
    for (DeploymentBinding binding : deployments.bindings(active.get().getId())) {
      if (!MODEL_CAPABILITIES.contains(binding.getCapability())
          || binding.getProviderId() == null) {
        continue;
      }
      Optional<ProviderInstance> provider = providers.find(binding.getProviderId());
      if (provider.isEmpty()) {
        continue;
      }
      ProviderFamily family = families.get(provider.get().getFamilyKey());
      Map<UUID, ManagedModel> byId =
          models.listByIds(binding.getModelIds()).stream()
              .collect(Collectors.toMap(ManagedModel::getId, Function.identity()));
      List<RuntimeSnapshot.Model> allowed = new ArrayList<>();
      RuntimeSnapshot.Model defaultModel = null;
      for (UUID id : binding.getModelIds()) {
        ManagedModel model = byId.get(id);
        if (model == null || !ManagedModel.ACTIVE.equals(model.getStatus())) {
          continue;
        }
        RuntimeSnapshot.Model entry = RuntimeSnapshot.Model.of(model, access.get(id));
        allowed.add(entry);
        if (id.equals(binding.getDefaultModelId())) {
          defaultModel = entry;
        }
      }
      bound.put(
          binding.getCapability(),
          new RuntimeSnapshot.Bound(
              provider.get(), family, List.copyOf(allowed), Optional.ofNullable(defaultModel)));
    }
    return new RuntimeSnapshot(
        offline, active.get().getId(), active.get().getSlug(), Map.copyOf(bound));
  }
}
