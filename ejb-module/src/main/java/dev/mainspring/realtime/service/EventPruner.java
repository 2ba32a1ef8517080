package dev.mainspring.realtime.service;

import dev.mainspring.realtime.model.EventRepository;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.time.Instant;

/** Deletes old events of every organization, one batch per transaction. */
@Stateless
public class EventPruner {

  @Inject EventRepository events;
  @Inject dev.mainspring.realtime.model.RealtimeQueueRepository queues;

  /** Deletes the long-poll queues nobody polled since {@code before}; answers how many. */
  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public long pruneQueues(Instant before) {
    return queues.deleteIdle(before);
  }

  /** Deletes at most {@code batch} events created before {@code before}; answers how many. */
  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public long pruneBatch(Instant before, int batch) {
    return events.deleteBefore(before, batch);
  }
}
