package dev.mainspring.billing.service;

import dev.mainspring.billing.model.BillingJobRun;
import java.time.Instant;
import java.util.UUID;

/**
 * An attempt to run a billing job, as the admin group shows it: {@code started}, {@code completed}
 * or {@code failed} for the attempt that claimed its period, {@code skipped} for one that found it
 * claimed and did nothing.
 *
 * @param scope {@code all}, or the id of the organization it resets
 * @param boundary counters whose period ended by then are reset
 * @param organizationsReset the counters it reset so far
 * @param chunks the chunks it committed so far
 * @param heartbeatAt when its instance last showed it alive
 * @param takeovers how often an instance took it over from one that fell silent
 */
public record JobRunView(
    UUID id,
    String job,
    String period,
    String scope,
    String trigger,
    String status,
    Instant boundary,
    Long executionId,
    long organizationsReset,
    long chunks,
    String instance,
    UUID requestedBy,
    String message,
    Instant startedAt,
    Instant endedAt,
    Instant heartbeatAt,
    long takeovers) {

  static JobRunView of(BillingJobRun r) {
    return new JobRunView(
        r.id(),
        r.jobName(),
        r.periodKey(),
        r.scope(),
        r.trigger(),
        r.status(),
        r.boundary(),
        r.executionId(),
        r.organizationsReset(),
        r.chunks(),
        r.instanceId(),
        r.requestedBy(),
        r.message(),
        r.startedAt(),
        r.endedAt(),
        r.heartbeatAt(),
        r.takeovers());
  }

  /** This run, started as the batch execution {@code execution}. */
  JobRunView withExecution(long execution) {
    return new JobRunView(
        id,
        job,
        period,
        scope,
        trigger,
        status,
        boundary,
        execution,
        organizationsReset,
        chunks,
        instance,
        requestedBy,
        message,
        startedAt,
        endedAt,
        heartbeatAt,
        takeovers);
  }
}
