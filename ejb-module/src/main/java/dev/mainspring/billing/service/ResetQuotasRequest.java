package dev.mainspring.billing.service;

import java.util.UUID;

/**
 * What {@code POST /api/billing/admin/reset-quotas} resets: one organization's counter now, or,
 * without {@code organizationId}, every organization's whose period has ended.
 */
public record ResetQuotasRequest(UUID organizationId) {}
