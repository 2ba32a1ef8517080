/**
 * Model serving: how Mainspring talks to the provider instances that run the models. Every provider
 * (vLLM, llama.cpp, OpenAI-compatible clouds) speaks the OpenAI HTTP API, so one plain client,
 * {@link dev.mainspring.model.service.OpenAiUpstream}, covers them all: chat completions with and
 * without streaming, embeddings and the model list, with retries only before the first byte and
 * timeouts for connecting, for the first byte and between stream chunks. Every failure of an
 * upstream is an {@link dev.mainspring.model.service.UpstreamException} (502, 503, 504 or a 429
 * passed on); a provider's API key never appears in a message. The client needs no container and no
 * database.
 *
 * <p>Document C's control plane lives here too: provider instances ({@link
 * dev.mainspring.model.service.ProviderService}), deployment profiles and their bindings ({@link
 * dev.mainspring.model.service.DeploymentService}, {@link
 * dev.mainspring.model.service.DeploymentActivation}), the runtime mode ({@link
 * dev.mainspring.model.service.RuntimeProfileService}) and the defaults seeded at startup ({@link
 * dev.mainspring.model.service.PlatformBootstrap}); all superadmin-only except what every caller
 * may read (capabilities, runtime profile).
 */
package dev.mainspring.model.service;
