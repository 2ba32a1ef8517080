package dev.mainspring.billing.service;

import java.io.Serializable;
import java.util.UUID;

/**
 * The counters of organizations with ids in (after, upTo], reset by one statement.
 *
 * @param after the exclusive lower end, null from the first
 * @param upTo the inclusive upper end
 */
public record ResetRange(UUID after, UUID upTo) implements Serializable {

  private static final long serialVersionUID = 1L;
}
