package dev.mainspring.platform.service;

import dev.mainspring.platform.model.DatabaseRepository;
import jakarta.batch.runtime.BatchRuntime;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.io.File;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Checks the components the server depends on. Runs outside transactions: a check must work (and
 * report) when the database does not.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class HealthService {

  @Inject DatabaseRepository database;

  @Inject SchemaMigrator migrator;

  @Inject
  @ConfigProperty(name = "mainspring.data-dir")
  Optional<String> dataDir;

  @Inject
  @ConfigProperty(name = "mainspring.health.disk-min-free-bytes", defaultValue = "104857600")
  long diskMinFreeBytes;

  /** Every component by name, in a fixed order. */
  public Map<String, ComponentHealth> components() {
    Map<String, ComponentHealth> components = new LinkedHashMap<>();
    components.put("database", database());
    components.put("migrations", check(true, this::migrations));
    components.put("batch_runtime", check(false, HealthService::batchRuntime));
    components.put("disk", check(true, this::disk));
    return components;
  }

  /** Whether PostgreSQL answers a query. */
  public ComponentHealth database() {
    return check(true, () -> "PostgreSQL " + database.serverVersion());
  }

  private String migrations() {
    var state = migrator.state();
    if (state.pending() > 0) {
      throw new IllegalStateException(
          state.pending() + " migrations pending at schema version " + state.version());
    }
    return "schema version " + state.version();
  }

  private static String batchRuntime() {
    int jobs = BatchRuntime.getJobOperator().getJobNames().size();
    return "job repository reachable, " + jobs + " job names known";
  }

  private String disk() {
    File dir = new File(dataDir.filter(d -> !d.isBlank()).orElse("."));
    long free = dir.getUsableSpace();
    String detail = dir.getAbsolutePath() + ": " + free / (1024 * 1024) + " MiB free";
    if (free < diskMinFreeBytes) {
      throw new IllegalStateException(detail + ", below " + diskMinFreeBytes / (1024 * 1024));
    }
    return detail;
  }

  private static ComponentHealth check(boolean critical, Callable<String> probe) {
    long start = System.nanoTime();
    String status;
    String detail;
    try {
      detail = probe.call();
      status = "up";
    } catch (Exception e) {
      detail = e.getClass().getSimpleName() + ": " + e.getMessage();
      status = "down";
    }
    double latencyMs = Math.round((System.nanoTime() - start) / 10_000.0) / 100.0;
    return new ComponentHealth(status, critical, latencyMs, detail);
  }
}
