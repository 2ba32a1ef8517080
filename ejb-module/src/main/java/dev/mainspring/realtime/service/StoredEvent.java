package dev.mainspring.realtime.service;

import jakarta.json.JsonObject;
import java.time.Instant;
import java.util.UUID;

/**
 * An event of the log.
 *
 * @param id the event's row id, unique across streams
 * @param orgId the organization it belongs to
 * @param stream its stream, {@code thread:<uuid>} or {@code run:<uuid>}
 * @param sequence its place in the stream: 1, 2, 3 ... without holes
 * @param type what happened, for example {@code message.created}
 * @param data what a client needs to know of it
 * @param createdAt when it was appended
 */
public record StoredEvent(
    long id,
    UUID orgId,
    String stream,
    long sequence,
    String type,
    JsonObject data,
    Instant createdAt) {}
