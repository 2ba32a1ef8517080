/**
 * Model serving: how Mainspring talks to the provider instances that run the models. Every provider
 * (vLLM, llama.cpp, OpenAI-compatible clouds) speaks the OpenAI HTTP API, so one plain client,
 * {@link dev.mainspring.model.service.OpenAiUpstream}, covers them all: chat completions with and
 * without streaming, embeddings and the model list, with retries only before the first byte and
 * timeouts for connecting, for the first byte and between stream chunks. Every failure of an
 * upstream is an {@link dev.mainspring.model.service.UpstreamException} (502, 503, 504 or a 429
 * passed on); a provider's API key never appears in a message. For embeddings with no provider at
 * all, {@link dev.mainspring.model.service.BuiltinEmbeddings} runs a small model in this process.
 *
 * <p>The gateway ({@link dev.mainspring.model.service.Gateway}, {@link
 * dev.mainspring.model.service.ChatCall}) routes OpenAI calls through the active deployment
 * profile, guards each provider with a breaker and a concurrency limit, and meters every call
 * ({@link dev.mainspring.model.service.UsageMeter}).
 *
 * <p>ModelOps lives here too, for superadmins: saved credentials, managed models with their
 * lifecycle, validations and tests ({@link dev.mainspring.model.service.ModelService}, {@link
 * dev.mainspring.model.service.ModelCheckService}), and model governance ({@link
 * dev.mainspring.model.service.SharingService}, applied by {@link
 * dev.mainspring.model.service.ModelAccessPolicy}).
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
