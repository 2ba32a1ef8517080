package dev.mainspring.identity.service.apikey;

import dev.mainspring.identity.service.Caller;
import java.time.Instant;

/**
 * What checking an API key against the database found: the caller it stands for, and when the key
 * expires (null: never).
 */
public record VerifiedApiKey(Caller caller, Instant expiresAt) {}
