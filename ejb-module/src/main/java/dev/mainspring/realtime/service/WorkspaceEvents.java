package dev.mainspring.realtime.service;

import dev.mainspring.billing.service.BillingChanged;
import dev.mainspring.identity.service.MembershipChanged;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.util.UUID;

/**
 * Document B's workspace events: changes of an organization's projects, threads and members,
 * appended to its {@link Streams#workspace} stream in the changing transaction, so they commit or
 * roll back with the change and organization-wide readers (long-poll queues) see them in order.
 * Types: {@code project.created}, {@code project.updated}, {@code project.deleted}, {@code
 * thread.created}, {@code member.added}, {@code member.role_changed}, {@code member.removed}, and
 * billing's {@code billing.subscription_changed}, {@code billing.credits_changed}, {@code
 * billing.limits_changed}, {@code billing.quota_reset}.
 */
@ApplicationScoped
public class WorkspaceEvents {

  @Inject EventLog eventLog;

  /** Appends a workspace event in the caller's transaction. */
  public void append(UUID orgId, String type, JsonObject data) {
    eventLog.append(orgId, Streams.workspace(orgId), type, data);
  }

  /** A member joined, changed role or left: identity tells, this records. */
  void membership(@Observes MembershipChanged changed) {
    JsonObjectBuilder data =
        Json.createObjectBuilder()
            .add("organization_id", changed.orgId().toString())
            .add("user_id", changed.userId().toString());
    if (changed.role() != null) {
      data.add("role", changed.role());
    }
    append(changed.orgId(), "member." + changed.change(), data.build());
  }

  /** An organization's billing changed: billing tells, this records. */
  void billing(@Observes BillingChanged changed) {
    append(changed.orgId(), "billing." + changed.change(), changed.data());
  }
}
