package dev.mainspring.identity.service;

import java.time.Instant;
import java.util.UUID;

/** A member of an organization. */
public record MemberView(
    UUID userId, String email, String displayName, String role, Instant joinedAt) {}
