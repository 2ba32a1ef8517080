package dev.mainspring.billing.model;

import dev.mainspring.platform.model.Rows;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Document B's usage of an organization: its metered calls per model with the credits their
 * postings drew, the runs it has active and the requests counted in its rate window. Runs in its
 * caller's transaction under row-level security, so the transaction must act for the organization.
 */
@ApplicationScoped
public class UsageRepository {

  @PersistenceContext(unitName = "mainspring")
  EntityManager em;

  /**
   * The organization's usage records in [{@code from}, {@code to}) per model, in model order, with
   * the amounts of their usage transfers (a usage transfer's id is its record's id).
   */
  public List<ModelUsage> byModel(UUID orgId, Instant from, Instant to) {
    return ((List<?>)
            em.createNativeQuery(
                    "select coalesce(u.model, ''), count(*), coalesce(sum(u.prompt_tokens), 0),"
                        + " coalesce(sum(u.completion_tokens), 0), coalesce(sum(u.cached_tokens), 0),"
                        + " coalesce(sum(t.amount), 0)"
                        + " from usage_records u left join ledger_transfers t"
                        + " on t.id = u.id and t.kind = 'usage'"
                        + " where u.org_id = cast(?1 as uuid) and u.created_at >= cast(?2 as"
                        + " timestamptz) and u.created_at < cast(?3 as timestamptz)"
                        + " group by 1 order by 1")
                .setParameter(1, orgId.toString())
                .setParameter(2, from.toString())
                .setParameter(3, to.toString())
                .getResultList())
        .stream()
            .map(Object[].class::cast)
            .map(
                r ->
                    new ModelUsage(
                        Rows.text(r[0]),
                        Rows.number(r[1]),
                        Rows.number(r[2]),
                        Rows.number(r[3]),
                        Rows.number(r[4]),
                        Rows.number(r[5])))
            .toList();
  }

  /** The organization's runs that count against a parallel-run cap (queued, running, waiting). */
  public long activeRuns(UUID orgId) {
    return Rows.number(
        em.createNativeQuery(
                "select count(*) from agent_runs where org_id = cast(?1 as uuid)"
                    + " and status in ('queued', 'running', 'awaiting_approval')")
            .setParameter(1, orgId.toString())
            .getSingleResult());
  }

  /**
   * The requests counted in the organization's rate window that starts at {@code window}: 0 when
   * its stored window is an earlier one (or it has none).
   */
  public long requestsInWindow(UUID orgId, Instant window) {
    return Rows.number(
        em.createNativeQuery(
                "select coalesce((select requests from billing_rate_windows where org_id ="
                    + " cast(?1 as uuid) and window_start >= cast(?2 as timestamptz)), 0)")
            .setParameter(1, orgId.toString())
            .setParameter(2, window.toString())
            .getSingleResult());
  }
}
