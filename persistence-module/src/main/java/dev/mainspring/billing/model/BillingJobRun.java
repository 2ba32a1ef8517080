package dev.mainspring.billing.model;

import java.time.Instant;
import java.util.UUID;

/**
 * One attempt to run a billing job (a row of {@code billing_job_runs}): the claimed one does the
 * work, a {@code skipped} one found the (job, period, scope) claimed and did nothing.
 *
 * @param scope {@code all}, or the id of the one organization it resets
 * @param boundary counters whose period ended by then are reset
 * @param checkpointOrg the last organization of the last committed chunk
 * @param heartbeatAt when its instance last showed it alive (its start for an older row)
 * @param takeovers how often another instance took it over from a silent one
 */
public record BillingJobRun(
    UUID id,
    String jobName,
    String periodKey,
    String scope,
    String trigger,
    String status,
    Instant boundary,
    Long executionId,
    long organizationsReset,
    long chunks,
    UUID checkpointOrg,
    String instanceId,
    UUID requestedBy,
    String message,
    Instant startedAt,
    Instant endedAt,
    Instant heartbeatAt,
    long takeovers) {}
