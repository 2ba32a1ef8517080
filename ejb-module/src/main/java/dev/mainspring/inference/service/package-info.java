/**
 * The inference context: which providers and models serve model calls, who may use them, and the
 * calls themselves. This package holds what its parts share: the superadmin rule of the control
 * plane ({@link dev.mainspring.inference.service.PlatformAdmin}), the configuration generation
 * caches follow ({@link dev.mainspring.inference.service.PlatformChanges}), the offline guard, the
 * slug and version checks, and the defaults seeded at start ({@link
 * dev.mainspring.inference.service.PlatformBootstrap}, whose writes are {@link
 * dev.mainspring.inference.service.PlatformSeeds}), including the models of a local runtime.
 *
 * <p>Parts, one sub-package each: {@code provider} (credentials and provider instances, document
 * C's control plane), {@code modelops} (managed models, validation, tests, sharing), {@code
 * deployment} (deployment profiles, bindings, activation, runtime mode), {@code gateway} (the model
 * call: routing, limits, metering, users' settings), {@code upstream} (the client of
 * OpenAI-compatible providers) and {@code embeddings} (the built-in embeddings model). Everything
 * but what every caller may read (capabilities, runtime profile, available models, own settings) is
 * superadmin-only.
 */
package dev.mainspring.inference.service;
