package dev.mainspring.billing.model;

import dev.mainspring.platform.model.Rows;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.UUID;

/**
 * The ledger, reservations and the poster's claims, through the database functions of V11 (which
 * run as the schema owner, keep every transfer balanced and every key posted once). Runs in its
 * caller's transaction. Reads of an organization's transfers go through row-level security: the
 * transaction must act for that organization.
 */
@ApplicationScoped
public class LedgerRepository {

  private static final String TRANSFER_COLUMNS =
      "id, kind, amount, usage_record_id, model, prompt_tokens, completion_tokens, price_id,"
          + " description, created_at, (select u.cached_tokens from usage_records u"
          + " where u.id = ledger_transfers.usage_record_id)";

  @PersistenceContext(unitName = "mainspring")
  EntityManager em;

  /**
   * Claims at most {@code limit} usage records not yet posted, oldest first, of the organizations
   * in part {@code part} of {@code parts} (by a hash of their id; 1 part: all), locked until the
   * transaction ends; records another transaction holds are skipped.
   */
  public List<UnbilledUsage> claimUnbilled(int limit, int part, int parts) {
    List<?> rows =
        em.createNativeQuery(
                "select id, org_id, model, prompt_tokens, completion_tokens, created_at, byok,"
                    + " cached_tokens from claim_unbilled_usage_part(?1, ?2, ?3)")
            .setParameter(1, limit)
            .setParameter(2, part)
            .setParameter(3, parts)
            .getResultList();
    return rows.stream()
        .map(Object[].class::cast)
        .map(
            r ->
                new UnbilledUsage(
                    Rows.uuid(r[0]),
                    Rows.uuid(r[1]),
                    Rows.text(r[2]),
                    Rows.number(r[3]),
                    Rows.number(r[4]),
                    Rows.instant(r[5]),
                    Boolean.TRUE.equals(r[6]),
                    Rows.number(r[7])))
        .toList();
  }

  /**
   * Settles a claimed usage record of a call made with the caller's own key: marks it billed and
   * releases any hold of its call, posting nothing.
   */
  public void settleUncharged(UUID usageId) {
    em.createNativeQuery("select settle_uncharged_usage(cast(?1 as uuid))")
        .setParameter(1, usageId.toString())
        .getSingleResult();
  }

  /**
   * Posts a claimed usage record at {@code amount} micro-credits (promotional credits first),
   * releases its call's hold and marks it billed. False when it had been posted before.
   */
  public boolean postUsage(UnbilledUsage usage, long amount, UUID priceId) {
    Object posted =
        em.createNativeQuery(
                "select post_usage(cast(?1 as uuid), cast(?2 as uuid), ?3, ?4, ?5, ?6,"
                    + " cast(?7 as uuid), cast(?8 as timestamptz))")
            .setParameter(1, usage.id().toString())
            .setParameter(2, usage.orgId().toString())
            .setParameter(3, amount)
            .setParameter(4, usage.model())
            .setParameter(5, usage.promptTokens())
            .setParameter(6, usage.completionTokens())
            .setParameter(7, Rows.param(priceId))
            .setParameter(8, usage.createdAt().toString())
            .getSingleResult();
    return Boolean.TRUE.equals(posted);
  }

  /**
   * Posts a claimed batch in a handful of set-based statements ({@code post_usage_batch}): each
   * record not made with the caller's own key becomes one usage transfer keyed by its id (not again
   * when it was posted before), every record's holds are released and every record is marked
   * billed. Answers how many transfers it posted.
   */
  public int postBatch(List<PricedUsage> batch) {
    if (batch.isEmpty()) {
      return 0;
    }
    StringJoiner ids = new StringJoiner(",", "{", "}");
    StringJoiner amounts = new StringJoiner(",", "{", "}");
    StringJoiner priceIds = new StringJoiner(",", "{", "}");
    for (PricedUsage usage : batch) {
      ids.add(usage.id().toString());
      amounts.add(Long.toString(usage.amount()));
      priceIds.add(usage.priceId() == null ? "NULL" : usage.priceId().toString());
    }
    // arrays travel as their text form: one statement whatever the batch's size
    return (int)
        Rows.number(
            em.createNativeQuery(
                    "select post_usage_batch(cast(?1 as uuid[]), cast(?2 as bigint[]),"
                        + " cast(?3 as uuid[]))")
                .setParameter(1, ids.toString())
                .setParameter(2, amounts.toString())
                .setParameter(3, priceIds.toString())
                .getSingleResult());
  }

  /**
   * Moves {@code amount} into the organization's credits (or promotional credits): from the grants
   * account for {@code kind} {@code grant}, from revenue for {@code plan_credits} and {@code
   * purchase}. False, and nothing moved, when {@code key} was posted before.
   */
  public boolean grant(
      UUID transferId,
      UUID orgId,
      String key,
      String kind,
      boolean promotional,
      long amount,
      String description,
      UUID createdBy) {
    Object posted =
        em.createNativeQuery(
                "select ledger_grant(cast(?1 as uuid), cast(?2 as uuid), ?3, ?4, ?5, ?6, ?7,"
                    + " cast(?8 as uuid))")
            .setParameter(1, transferId.toString())
            .setParameter(2, orgId.toString())
            .setParameter(3, key)
            .setParameter(4, kind)
            .setParameter(5, promotional)
            .setParameter(6, amount)
            .setParameter(7, description)
            .setParameter(8, Rows.param(createdBy))
            .getSingleResult();
    return Boolean.TRUE.equals(posted);
  }

  /**
   * Holds {@code amount} for the call {@code holdId} when the organization's available credits
   * cover it, for {@code ttlSeconds} at most.
   */
  public Hold reserve(UUID holdId, UUID orgId, long amount, String instanceId, int ttlSeconds) {
    Object[] row =
        (Object[])
            em.createNativeQuery(
                    "select held, available from billing_reserve(cast(?1 as uuid),"
                        + " cast(?2 as uuid), ?3, ?4, ?5)")
                .setParameter(1, holdId.toString())
                .setParameter(2, orgId.toString())
                .setParameter(3, amount)
                .setParameter(4, instanceId)
                .setParameter(5, ttlSeconds)
                .getSingleResult();
    return new Hold(Boolean.TRUE.equals(row[0]), Rows.number(row[1]));
  }

  /**
   * Holds {@code amount} for the call {@code holdId} against the allowance of member {@code userId}
   * (granted first when this period's is due, {@code billing_member_reserve}, V38) when it covers
   * it, for {@code ttlSeconds} at most; answers whether it was held and what the member had
   * available before. Nothing is held when it does not cover it.
   */
  public Hold reserveForMember(
      UUID holdId, UUID orgId, UUID userId, long amount, String instanceId, int ttlSeconds) {
    Object[] row =
        (Object[])
            em.createNativeQuery(
                    "select held, available from billing_member_reserve(cast(?1 as uuid),"
                        + " cast(?2 as uuid), cast(?3 as uuid), ?4, ?5, ?6)")
                .setParameter(1, holdId.toString())
                .setParameter(2, orgId.toString())
                .setParameter(3, userId.toString())
                .setParameter(4, amount)
                .setParameter(5, instanceId)
                .setParameter(6, ttlSeconds)
                .getSingleResult();
    return new Hold(Boolean.TRUE.equals(row[0]), Rows.number(row[1]));
  }

  /**
   * Every member's allowance in the organization as it will be at their next call, by user id;
   * writes nothing. Under row-level security: the transaction must act for the organization.
   */
  public Map<UUID, MemberAllowance> memberAllowances(UUID orgId) {
    Map<UUID, MemberAllowance> allowances = new LinkedHashMap<>();
    for (Object row :
        em.createNativeQuery(
                "select m.user_id, s.monthly, s.balance, s.reserved, s.available"
                    + " from memberships m"
                    + " cross join lateral billing_member_status(m.org_id, m.user_id) s"
                    + " where m.org_id = cast(?1 as uuid) order by m.user_id")
            .setParameter(1, orgId.toString())
            .getResultList()) {
      Object[] r = (Object[]) row;
      allowances.put(
          Rows.uuid(r[0]),
          new MemberAllowance(
              Rows.number(r[1]), Rows.number(r[2]), Rows.number(r[3]), Rows.number(r[4])));
    }
    return allowances;
  }

  /**
   * The member's allowance in the organization as it will be at their next call; writes nothing.
   */
  public MemberAllowance memberAllowance(UUID orgId, UUID userId) {
    Object[] row =
        (Object[])
            em.createNativeQuery(
                    "select monthly, balance, reserved, available from billing_member_status("
                        + "cast(?1 as uuid), cast(?2 as uuid))")
                .setParameter(1, orgId.toString())
                .setParameter(2, userId.toString())
                .getSingleResult();
    return new MemberAllowance(
        Rows.number(row[0]), Rows.number(row[1]), Rows.number(row[2]), Rows.number(row[3]));
  }

  /**
   * Takes the lease {@code leaseId} ({@code fresh}) or grows it by {@code amount} when what the
   * organization has available is at least {@code amount * share} ({@code billing_lease_take},
   * V32); answers the amount added (0: nothing, or the lease was gone) and what was available
   * before.
   */
  public LeaseGrant takeLease(
      UUID leaseId,
      UUID orgId,
      long amount,
      int share,
      boolean fresh,
      String instanceId,
      int ttlSeconds) {
    Object[] row =
        (Object[])
            em.createNativeQuery(
                    "select added, available from billing_lease_take(cast(?1 as uuid),"
                        + " cast(?2 as uuid), ?3, ?4, ?5, ?6, ?7)")
                .setParameter(1, leaseId.toString())
                .setParameter(2, orgId.toString())
                .setParameter(3, amount)
                .setParameter(4, share)
                .setParameter(5, fresh)
                .setParameter(6, instanceId)
                .setParameter(7, ttlSeconds)
                .getSingleResult();
    return new LeaseGrant(Rows.number(row[0]), Rows.number(row[1]));
  }

  /** Gives back {@code amount} of the lease {@code leaseId}, never below 0. */
  public void returnLease(UUID leaseId, long amount) {
    em.createNativeQuery("select billing_lease_return(cast(?1 as uuid), ?2)")
        .setParameter(1, leaseId.toString())
        .setParameter(2, amount)
        .getSingleResult();
  }

  /** Releases the hold of a call that did not happen. */
  public void release(UUID holdId) {
    em.createNativeQuery("select billing_release(cast(?1 as uuid))")
        .setParameter(1, holdId.toString())
        .getSingleResult();
  }

  /** Deletes at most {@code limit} expired holds of every organization; answers how many. */
  public long releaseExpired(int limit) {
    return Rows.number(
        em.createNativeQuery("select billing_release_expired(?1)")
            .setParameter(1, limit)
            .getSingleResult());
  }

  /** The organization's balances and open holds. */
  public Balances balances(UUID orgId) {
    Object[] row =
        (Object[])
            em.createNativeQuery(
                    "select credits, promotional, reserved from billing_balances(cast(?1 as uuid))")
                .setParameter(1, orgId.toString())
                .getSingleResult();
    return new Balances(Rows.number(row[0]), Rows.number(row[1]), Rows.number(row[2]));
  }

  /**
   * The organization's transfers, newest first, after {@code beforeId} (exclusive) when given; at
   * most {@code limit}. Under row-level security.
   */
  public List<LedgerTransfer> transfers(UUID orgId, UUID beforeId, int limit) {
    var query =
        beforeId == null
            ? em.createNativeQuery(
                    "select "
                        + TRANSFER_COLUMNS
                        + " from ledger_transfers where org_id = cast(?1 as uuid)"
                        + " order by id desc limit ?2")
                .setParameter(1, orgId.toString())
                .setParameter(2, limit)
            : em.createNativeQuery(
                    "select "
                        + TRANSFER_COLUMNS
                        + " from ledger_transfers where org_id = cast(?1 as uuid)"
                        + " and id < cast(?2 as uuid) order by id desc limit ?3")
                .setParameter(1, orgId.toString())
                .setParameter(2, beforeId.toString())
                .setParameter(3, limit);
    return ((List<?>) query.getResultList())
        .stream()
            .map(Object[].class::cast)
            .map(
                r ->
                    new LedgerTransfer(
                        Rows.uuid(r[0]),
                        Rows.text(r[1]),
                        Rows.number(r[2]),
                        Rows.uuid(r[3]),
                        Rows.text(r[4]),
                        Rows.nullableNumber(r[5]),
                        Rows.nullableNumber(r[6]),
                        Rows.uuid(r[7]),
                        Rows.text(r[8]),
                        Rows.instant(r[9]),
                        Rows.nullableNumber(r[10])))
            .toList();
  }

  /**
   * Organization accounts whose cached balance differs from the sum of their entries, at most
   * {@code limit}, across organizations (through the owner's function {@code billing_drift}).
   */
  public List<Drift> drift(int limit) {
    return ((List<?>)
            em.createNativeQuery(
                    "select account_id, org_id, kind, cached, entries from billing_drift(?1)")
                .setParameter(1, limit)
                .getResultList())
        .stream()
            .map(Object[].class::cast)
            .map(
                r ->
                    new Drift(
                        Rows.uuid(r[0]),
                        Rows.uuid(r[1]),
                        Rows.text(r[2]),
                        Rows.number(r[3]),
                        Rows.number(r[4])))
            .toList();
  }
}
