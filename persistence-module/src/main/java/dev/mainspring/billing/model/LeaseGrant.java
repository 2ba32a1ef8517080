package dev.mainspring.billing.model;

/**
 * The answer to taking or growing a credit lease: the amount added to it (0: nothing, because the
 * organization has too little available or the lease is gone) and what was available before.
 */
public record LeaseGrant(long added, long available) {}
