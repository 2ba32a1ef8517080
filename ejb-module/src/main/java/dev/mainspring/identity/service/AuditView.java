package dev.mainspring.identity.service;

import dev.mainspring.identity.model.AuditEvent;
import java.time.Instant;
import java.util.UUID;

/** An audit event as services hand it out. */
public record AuditView(
    UUID id,
    String action,
    UUID actorUserId,
    UUID actorKeyId,
    String target,
    String address,
    String requestId,
    Instant createdAt) {

  static AuditView of(AuditEvent e) {
    return new AuditView(
        e.getId(),
        e.getAction(),
        e.getActorUserId(),
        e.getActorKeyId(),
        e.getTarget(),
        e.getAddress(),
        e.getRequestId(),
        e.getCreatedAt());
  }
}
