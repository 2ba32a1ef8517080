package dev.mainspring.billing.model;

import java.util.UUID;

/**
 * A paid purchase whose purchase transfer does not exist.
 *
 * @param ledgerKey the key its transfer is posted under
 * @param credits the micro-credits it grants
 */
public record MissingPurchase(
    String provider, String eventId, UUID orgId, String ledgerKey, long credits) {}
