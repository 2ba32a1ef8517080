package dev.mainspring.identity.service.token;

/**
 * Who an external OpenID Connect bearer token says its bearer is. {@code (issuer, subject)} is the
 * stable identity; {@code email} may be null and is only to be trusted when {@code emailVerified}.
 */
public record OidcIdentity(String issuer, String subject, String email, boolean emailVerified) {}
