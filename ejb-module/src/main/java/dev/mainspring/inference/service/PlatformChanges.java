package dev.mainspring.inference.service;

import dev.mainspring.platform.service.CommitGeneration;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The generation of the model platform's configuration (providers, models, sharing, deployments,
 * runtime mode). Services that change it call {@link #changed()} inside their transaction; the
 * counter moves once that transaction commits, so whoever caches a view of the configuration (the
 * gateway's {@code RuntimeSnapshots}) reloads it and never caches a state that was rolled back or
 * not yet visible.
 */
@ApplicationScoped
public class PlatformChanges extends CommitGeneration {}
