package dev.mainspring.billing.service;

import java.io.Serializable;
import java.time.Instant;
import java.util.UUID;

/**
 * What one quota-reset execution does.
 *
 * @param runId its row in the job history
 * @param orgId the one organization it resets, null for every organization whose period ended
 * @param boundary counters whose period ended by then are reset
 * @param checkpointOrg the last organization of its last committed chunk, null before the first
 */
public record ResetPlan(UUID runId, UUID orgId, Instant boundary, UUID checkpointOrg)
    implements Serializable {

  private static final long serialVersionUID = 1L;
}
