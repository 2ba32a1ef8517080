package dev.mainspring.identity.service;

import java.util.UUID;

/**
 * Fired (a CDI event, synchronously, inside the changing transaction) when a member joins an
 * organization, changes role or leaves, for contexts that keep a record of it (the workspace events
 * of the event log) without identity depending on them.
 *
 * @param change {@code added}, {@code role_changed} or {@code removed}
 * @param role the member's role after the change ({@code member} or {@code admin}), null when
 *     removed
 */
public record MembershipChanged(UUID orgId, UUID userId, String change, String role) {}
