package dev.mainspring.realtime.service;

import dev.mainspring.realtime.model.EventRepository;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;

/**
 * Tells every instance something happened that is not an event of a stream (a cache to drop, say),
 * through the channel the event log already notifies: a signal is a notification whose stream is
 * the signal's name, which {@link EventWakeups} hands to its subscribers on every instance, this
 * one included, as a wake-up with {@link EventWakeups#ANY_SEQUENCE}. Nothing is stored: an instance
 * whose listening connection was down misses the signal, and is woken with every subscriber when it
 * listens again, so a subscriber must treat any wake-up as the signal.
 *
 * <pre>{@code
 * wakeups.subscribe(ClusterSignals.PROVIDER_MODEL_CACHE_CLEAR, (name, any) -> cache.clearHere());
 * signals.send(ClusterSignals.PROVIDER_MODEL_CACHE_CLEAR); // every instance clears
 * }</pre>
 */
@Stateless
public class ClusterSignals {

  /** The gateway's provider model cache is to be cleared on every instance. */
  public static final String PROVIDER_MODEL_CACHE_CLEAR = "signal:provider-model-cache-clear";

  @Inject EventRepository events;

  /** Sends the signal in a transaction of its own, so it goes out whatever the caller does next. */
  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public void send(String signal) {
    events.signal(Streams.checkName(signal));
  }
}
