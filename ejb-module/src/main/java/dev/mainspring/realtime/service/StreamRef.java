package dev.mainspring.realtime.service;

import java.util.UUID;

/**
 * A stream of the event log that a caller was found allowed to read, for a live relay that reads it
 * later outside the caller's request.
 *
 * @param orgId the organization the stream belongs to
 * @param stream its name, for example {@code thread:<uuid>}
 */
public record StreamRef(UUID orgId, String stream) {}
