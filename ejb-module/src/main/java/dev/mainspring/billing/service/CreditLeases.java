package dev.mainspring.billing.service;

import dev.mainspring.billing.model.LeaseGrant;
import dev.mainspring.billing.model.ModelPrice;
import dev.mainspring.platform.model.Ids;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Credit leases: this instance holds a block of an organization's credits in the database as one
 * hold row and admits that organization's calls against the block in memory, so a call costs no
 * transaction of its own to reserve (issue 17's postings per second; a reservation per call was two
 * round trips and a commit, and most of the ledger's CPU per posting).
 *
 * <p>Why it cannot overspend: the lease is a hold like any other (V32). The database grants it
 * under the organization's credits-row lock only out of what is available (credits and promotional
 * credits less every open hold of every instance), so leases and calls' own holds never add up to
 * more than the organization has. The instance admits a call only when its lease still covers the
 * call's estimate ({@link CreditLease}); posting a leased call's usage record takes its cost out of
 * the lease row in the same transaction that takes it out of the balance.
 *
 * <p>When the lease is used up, the instance grows it by {@code mainspring.billing.lease-calls}
 * estimates of the call at hand, but only while the organization has at least {@code
 * mainspring.billing.lease-share} times that available: a lease never takes more than that share of
 * what is left, so other instances still find credits, and an organization near the end of its
 * credits is held call by call, exactly ({@code null} from {@link #admit}: the caller takes the
 * call's own hold). After a refusal the instance does not ask again for a second.
 *
 * <p>A lease is closed after {@code mainspring.billing.lease-seconds} or {@code
 * mainspring.billing.lease-idle-seconds} without a call ({@link #maintain}, every second from
 * {@link BillingSchedule}); once its calls have ended, what it did not use is given back. A lease
 * of an instance that died expires like a call's hold ({@code
 * mainspring.billing.reservation-ttl-seconds}) and the sweeper deletes it.
 */
@ApplicationScoped
public class CreditLeases {

  private static final Logger LOG = Logger.getLogger(CreditLeases.class.getName());
  private static final long SECOND = 1_000_000_000L;
  private static final long REFUSAL_PAUSE_NANOS = SECOND;

  /** One organization's leases on this instance; its monitor guards them. */
  private static final class Leases {
    CreditLease current;
    final List<CreditLease> closing = new ArrayList<>();
    long refusedAt;
    boolean refused;
    boolean dropped;
  }

  private final Map<UUID, Leases> byOrg = new ConcurrentHashMap<>();

  @Inject CreditHolds holds;
  @Inject BillingSettings settings;

  /**
   * Admits a call of {@code orgId} estimated at {@code estimate} (priced by {@code price}) under
   * this instance's lease, taking or growing the lease when needed; null when leases are off or the
   * organization has too little available for one, and the call must hold its own estimate.
   */
  public CreditHold admit(UUID orgId, long estimate, ModelPrice price) {
    if (settings.leaseCalls() < 1 || estimate <= 0) {
      return null;
    }
    while (true) {
      Leases leases = byOrg.computeIfAbsent(orgId, o -> new Leases());
      synchronized (leases) {
        if (leases.dropped) {
          continue; // maintain() dropped it meanwhile: take the map's new one
        }
        return admit(leases, orgId, estimate, price);
      }
    }
  }

  private CreditHold admit(Leases leases, UUID orgId, long estimate, ModelPrice price) {
    long now = System.nanoTime();
    CreditLease lease = leases.current;
    if (lease != null && lease.due(now, maxAgeNanos(), idleNanos())) {
      retire(leases);
      lease = null;
    }
    if (lease != null && lease.admit(estimate, now)) {
      return new Leased(leases, lease, estimate, price);
    }
    if (leases.refused && now - leases.refusedAt < REFUSAL_PAUSE_NANOS) {
      return null;
    }
    long want = saturatedTimes(estimate, settings.leaseCalls());
    int share = settings.leaseShare();
    if (lease != null) {
      LeaseGrant grant = holds.takeLease(lease.id(), orgId, want, share, false);
      if (grant.added() > 0) {
        lease.grow(grant.added());
        if (lease.admit(estimate, now)) {
          leases.refused = false;
          return new Leased(leases, lease, estimate, price);
        }
      }
      if (grant.available() < saturatedTimes(want, share)) {
        return refused(leases, now);
      }
      retire(leases); // the row was gone (expired): take a new lease
    }
    UUID id = Ids.newId();
    LeaseGrant grant = holds.takeLease(id, orgId, want, share, true);
    if (grant.added() <= 0) {
      return refused(leases, now);
    }
    CreditLease fresh = new CreditLease(id, grant.added(), now);
    leases.current = fresh;
    leases.refused = false;
    if (!fresh.admit(estimate, now)) {
      return null; // cannot happen: the lease is a multiple of the estimate
    }
    return new Leased(leases, fresh, estimate, price);
  }

  private static CreditHold refused(Leases leases, long now) {
    leases.refused = true;
    leases.refusedAt = now;
    return null;
  }

  private static void retire(Leases leases) {
    if (leases.current != null) {
      leases.current.close();
      leases.closing.add(leases.current);
      leases.current = null;
    }
  }

  /**
   * Closes old and idle leases and gives back what the closed ones did not use, once their calls
   * have ended; forgets organizations without leases. Called every second by {@link
   * BillingSchedule}; the database is called with no monitor held.
   */
  public void maintain() {
    maintain(false);
  }

  private void maintain(boolean all) {
    long now = System.nanoTime();
    List<CreditLease> toGiveBack = new ArrayList<>();
    List<Long> amounts = new ArrayList<>();
    for (Map.Entry<UUID, Leases> entry : byOrg.entrySet()) {
      Leases leases = entry.getValue();
      synchronized (leases) {
        if (leases.current != null
            && (all || leases.current.due(now, maxAgeNanos(), idleNanos()))) {
          retire(leases);
        }
        for (Iterator<CreditLease> i = leases.closing.iterator(); i.hasNext(); ) {
          CreditLease lease = i.next();
          long back = lease.giveBack(now, expiryNanos());
          if (back >= 0) {
            i.remove();
            if (back > 0) {
              toGiveBack.add(lease);
              amounts.add(back);
            }
          }
        }
        if (leases.current == null
            && leases.closing.isEmpty()
            && (!leases.refused || now - leases.refusedAt >= REFUSAL_PAUSE_NANOS)) {
          leases.dropped = true;
          byOrg.remove(entry.getKey(), leases);
        }
      }
    }
    for (int i = 0; i < toGiveBack.size(); i++) {
      try {
        holds.returnLease(toGiveBack.get(i).id(), amounts.get(i));
      } catch (RuntimeException e) {
        // the row keeps holding it until it expires: too much held for a while, never too little
        LOG.log(Level.WARNING, "could not give back the unused part of a credit lease", e);
      }
    }
  }

  /** Gives back what can be given back before the server stops. */
  @PreDestroy
  void stop() {
    try {
      maintain(true);
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, "credit leases not given back at shutdown; they expire", e);
    }
  }

  private long maxAgeNanos() {
    return settings.leaseSeconds() * SECOND;
  }

  private long idleNanos() {
    return settings.leaseIdleSeconds() * SECOND;
  }

  private long expiryNanos() {
    return settings.reservationTtlSeconds() * SECOND;
  }

  private static long saturatedTimes(long a, long b) {
    long product = a * b;
    return a != 0 && (product / a != b || product < 0) ? Long.MAX_VALUE : product;
  }

  /** A call admitted under a lease. */
  private static final class Leased implements CreditHold {
    private final Leases leases;
    private final CreditLease lease;
    private final long estimate;
    private final ModelPrice price;
    private final AtomicBoolean ended = new AtomicBoolean();

    Leased(Leases leases, CreditLease lease, long estimate, ModelPrice price) {
      this.leases = leases;
      this.lease = lease;
      this.estimate = estimate;
      this.price = price;
    }

    @Override
    public UUID leaseId() {
      return lease.id();
    }

    @Override
    public void release() {
      end(0);
    }

    @Override
    public void settle(long promptTokens, long completionTokens, long cachedTokens) {
      end(Pricing.ofCall(price, promptTokens, completionTokens, cachedTokens));
    }

    private void end(long cost) {
      if (ended.compareAndSet(false, true)) {
        synchronized (leases) {
          lease.settle(estimate, cost);
        }
      }
    }
  }
}
