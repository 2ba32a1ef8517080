package dev.mainspring.billing.service;

import jakarta.json.JsonObject;
import java.util.UUID;

/**
 * Fired (a CDI event, synchronously, inside the changing transaction) when an organization's
 * billing changes, for contexts that keep a record of it (the workspace events of the event log)
 * without billing depending on them. It commits or rolls back with the change.
 *
 * @param orgId the organization
 * @param change {@code subscription_changed}, {@code credits_changed}, {@code limits_changed} or
 *     {@code quota_reset}
 * @param data what changed, as the event's data
 */
public record BillingChanged(UUID orgId, String change, JsonObject data) {}
