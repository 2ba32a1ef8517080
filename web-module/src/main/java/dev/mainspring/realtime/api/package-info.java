/**
 * Live event streams over HTTP: {@link dev.mainspring.realtime.api.SseRelay} replays a stream of
 * the event log from a sequence on and then tails it as Server-Sent Events, without a thread per
 * client; endpoints such as a thread's message stream or a run's stream are built on it.
 */
package dev.mainspring.realtime.api;
