/**
 * The model platform's services. Here: document C's control plane (provider instances, {@link
 * dev.mainspring.model.service.ProviderService}; deployment profiles and their bindings, {@link
 * dev.mainspring.model.service.DeploymentService} and {@link
 * dev.mainspring.model.service.DeploymentActivation}; the runtime mode, {@link
 * dev.mainspring.model.service.RuntimeProfileService}; the defaults seeded at startup, {@link
 * dev.mainspring.model.service.PlatformBootstrap}), ModelOps for superadmins (saved credentials,
 * managed models with their lifecycle, validations and tests, {@link
 * dev.mainspring.model.service.ModelService} and {@link
 * dev.mainspring.model.service.ModelCheckService}; model governance, {@link
 * dev.mainspring.model.service.SharingService} applied by {@link
 * dev.mainspring.model.service.ModelAccessPolicy}), and users' model settings and available models
 * ({@link dev.mainspring.model.service.ModelSettingsService}). All of it is superadmin-only except
 * what every caller may read (capabilities, runtime profile, available models, own settings).
 *
 * <p>Sub-packages: {@code upstream} (the client for OpenAI-compatible providers), {@code
 * embeddings} (the built-in embeddings model), {@code gateway} (the OpenAI-compatible gateway, its
 * metering, the models a caller may use and users' model settings). Dependencies point inward:
 * {@code gateway} uses this package, this package uses {@code upstream} and {@code embeddings},
 * never the other way.
 */
package dev.mainspring.model.service;
