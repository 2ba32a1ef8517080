package dev.mainspring.identity.service;

import dev.mainspring.identity.service.apikey.VerifiedApiKeys;
import dev.mainspring.platform.service.CommitGeneration;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The generation of what decides who an API key stands for: keys revoked, members' roles changed,
 * members removed. Services that change these call {@link #changed()} inside their transaction;
 * once it commits, {@link VerifiedApiKeys} on this instance forgets every key it verified before.
 */
@ApplicationScoped
public class IdentityChanges extends CommitGeneration {}
