/**
 * The OpenAI-compatible gateway: {@link dev.mainspring.inference.service.gateway.Gateway} routes
 * each call through a cached snapshot of the active deployment profile ({@link
 * dev.mainspring.inference.service.gateway.RuntimeSnapshots}), checks model sharing and the runtime
 * mode, guards each provider instance with a circuit breaker and a concurrency limit ({@link
 * dev.mainspring.inference.service.gateway.ProviderGuards}), hands a stream's chunks to its caller
 * as they arrive ({@link dev.mainspring.inference.service.gateway.ChatChunks}) and meters every
 * call once ({@link dev.mainspring.inference.service.gateway.UsageMeter}, {@link
 * dev.mainspring.inference.service.gateway.GatewayMetrics}). Also the caller's side of it: the
 * models a caller may use and a user's model settings ({@link
 * dev.mainspring.inference.service.gateway.ModelSettingsService}). The gateway is not transactional
 * itself: a call may stream for minutes; only its usage record is written in a transaction. It
 * knows nothing of HTTP: {@code complete}, {@code stream} and {@code embed} take a parsed request
 * and return what the model said; the web tier writes OpenAI's wire format, the run engine its
 * events.
 */
package dev.mainspring.inference.service.gateway;
