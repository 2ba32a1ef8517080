package dev.mainspring.run.model;

import dev.mainspring.platform.model.JpaRepository;
import dev.mainspring.platform.model.Slice;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.TypedQuery;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Runs in PostgreSQL. Every change after the insert is one guarded update: the worker's changes
 * name its lease ({@code lease_owner = :owner}), so an instance that lost its lease (it stalled
 * past the expiry and another took the run over) changes nothing; requests of other instances
 * (stop, approve) change only the columns that are theirs.
 */
@ApplicationScoped
public class AgentRunRepository extends JpaRepository<AgentRun> {

  /** A run claimed by this instance: which, whose, and how many times it was claimed. */
  public record Claimed(UUID id, UUID orgId, int claims) {}

  private static final String ACTIVE = "('queued', 'running', 'awaiting_approval')";

  public AgentRunRepository() {
    super(AgentRun.class, "agent_run");
  }

  /** Runs of a thread, newest first, after {@code after} when given. */
  public Slice<AgentRun> listByThread(UUID orgId, UUID threadId, UUID after, int limit) {
    String jpql =
        "select r from AgentRun r where r.orgId = :org and r.threadId = :thread"
            + (after == null ? "" : " and r.id < :after")
            + " order by r.id desc";
    TypedQuery<AgentRun> query =
        em.createQuery(jpql, AgentRun.class)
            .setParameter("org", orgId)
            .setParameter("thread", threadId);
    if (after != null) {
      query.setParameter("after", after);
    }
    return page(query, limit);
  }

  /** The organization's runs that have not ended, oldest first. */
  public List<AgentRun> active(UUID orgId) {
    return em.createQuery(
            "select r from AgentRun r where r.orgId = :org and r.status in :active order by r.id",
            AgentRun.class)
        .setParameter("org", orgId)
        .setParameter("active", List.of("queued", "running", "awaiting_approval"))
        .getResultList();
  }

  /**
   * Serializes the starts of one organization until the transaction ends, so that two concurrent
   * starts cannot both pass the limit of active runs or both find a thread idle.
   */
  public void lockStartsOf(UUID orgId) {
    em.createNativeQuery("select pg_advisory_xact_lock(hashtext(?1))")
        .setParameter(1, "mainspring.run.start:" + orgId)
        .getSingleResult();
  }

  /**
   * Claims up to {@code limit} runs for {@code owner} with a lease of {@code leaseSeconds}, across
   * organizations (the owner's function {@code claim_agent_runs}). Call in a transaction of its
   * own.
   */
  public List<Claimed> claim(String owner, int leaseSeconds, int limit) {
    @SuppressWarnings("unchecked")
    List<Object[]> rows =
        em.createNativeQuery("select id, org_id, claims from claim_agent_runs(?1, ?2, ?3)")
            .setParameter(1, owner)
            .setParameter(2, leaseSeconds)
            .setParameter(3, limit)
            .getResultList();
    List<Claimed> claimed = new ArrayList<>();
    for (Object[] row : rows) {
      claimed.add(new Claimed(uuid(row[0]), uuid(row[1]), ((Number) row[2]).intValue()));
    }
    return claimed;
  }

  /**
   * Extends the lease of a run {@code owner} holds; empty when it holds it no longer, else whether
   * a stop was asked for.
   */
  public Optional<Boolean> renew(UUID id, String owner, int leaseSeconds) {
    List<?> rows =
        em.createNativeQuery(
                "update agent_runs set lease_expires_at = now() + make_interval(secs => ?3),"
                    + " updated_at = now() where id = ?1 and lease_owner = ?2"
                    + " and status = 'running' returning stop_requested")
            .setParameter(1, id)
            .setParameter(2, owner)
            .setParameter(3, leaseSeconds)
            .getResultList();
    return rows.isEmpty() ? Optional.empty() : Optional.of(Boolean.TRUE.equals(rows.get(0)));
  }

  /** Records a finished step: the messages it added and the step count. False without the lease. */
  public boolean recordStep(UUID id, String owner, String transcript, int steps) {
    return em.createNativeQuery(
                "update agent_runs set transcript = ?3, steps = ?4, updated_at = now()"
                    + " where id = ?1 and lease_owner = ?2 and status = 'running'")
            .setParameter(1, id)
            .setParameter(2, owner)
            .setParameter(3, transcript)
            .setParameter(4, steps)
            .executeUpdate()
        == 1;
  }

  /**
   * Ends a run this instance holds: {@code completed}, {@code failed} or {@code stopped}, with the
   * error when it failed. False without the lease.
   */
  public boolean end(UUID id, String owner, RunStatus status, String errorCode, String message) {
    return em.createNativeQuery(
                "update agent_runs set status = ?3, error_code = ?4, error_message = ?5,"
                    + " ended_at = now(), updated_at = now(), lease_owner = null,"
                    + " lease_expires_at = null where id = ?1 and lease_owner = ?2"
                    + " and status = 'running'")
            .setParameter(1, id)
            .setParameter(2, owner)
            .setParameter(3, status.wireName())
            .setParameter(4, errorCode)
            .setParameter(5, message)
            .executeUpdate()
        == 1;
  }

  /** Parks a run this instance holds until a person decides on a tool call; lets the lease go. */
  public boolean awaitApproval(UUID id, String owner) {
    return em.createNativeQuery(
                "update agent_runs set status = 'awaiting_approval', updated_at = now(),"
                    + " lease_owner = null, lease_expires_at = null"
                    + " where id = ?1 and lease_owner = ?2 and status = 'running'")
            .setParameter(1, id)
            .setParameter(2, owner)
            .executeUpdate()
        == 1;
  }

  /** Makes a run that waited for approval claimable again. False when it no longer waited. */
  public boolean resume(UUID id) {
    return em.createNativeQuery(
                "update agent_runs set status = 'running', updated_at = now(),"
                    + " lease_owner = null, lease_expires_at = null"
                    + " where id = ?1 and status = 'awaiting_approval'")
            .setParameter(1, id)
            .executeUpdate()
        == 1;
  }

  /** Asks an active run to stop. False when it had ended. */
  public boolean requestStop(UUID id) {
    return em.createNativeQuery(
                "update agent_runs set stop_requested = true, updated_at = now()"
                    + " where id = ?1 and status in "
                    + ACTIVE)
            .setParameter(1, id)
            .executeUpdate()
        == 1;
  }

  /**
   * Stops at once a run no instance is executing (queued, or waiting for approval); false when it
   * is not in such a state (then its worker stops it).
   */
  public boolean stopIdle(UUID id) {
    return em.createNativeQuery(
                "update agent_runs set status = 'stopped', stop_requested = true,"
                    + " ended_at = now(), updated_at = now(), lease_owner = null,"
                    + " lease_expires_at = null where id = ?1"
                    + " and (status = 'awaiting_approval' or (status = 'queued'"
                    + " and lease_owner is null))")
            .setParameter(1, id)
            .executeUpdate()
        == 1;
  }

  /**
   * Whether {@code owner} still holds the run, locking its row until the transaction ends, so that
   * no claim takes it over while the worker writes what it did (the claim skips locked rows).
   */
  public boolean holds(UUID id, String owner) {
    return em.createNativeQuery(
                "update agent_runs set updated_at = now() where id = ?1 and lease_owner = ?2"
                    + " and status = 'running'")
            .setParameter(1, id)
            .setParameter(2, owner)
            .executeUpdate()
        == 1;
  }

  /** Locks the run's row until the transaction ends; false when there is no such run. */
  public boolean lock(UUID id) {
    return !em.createNativeQuery("select 1 from agent_runs where id = ?1 for update")
        .setParameter(1, id)
        .getResultList()
        .isEmpty();
  }

  /** A run an instance holds, and whether a stop was asked for it. */
  public record Held(UUID id, boolean stopRequested) {}

  /**
   * Which of {@code ids} {@code owner} still holds, across organizations (the owner's function
   * {@code heartbeat_agent_runs}), their leases extended when {@code renew}.
   */
  public List<Held> heartbeat(String owner, int leaseSeconds, boolean renew, List<UUID> ids) {
    @SuppressWarnings("unchecked")
    List<Object[]> rows =
        em.createNativeQuery(
                "select id, stop_requested from heartbeat_agent_runs(?1, ?2, ?3,"
                    + " cast(string_to_array(?4, ',') as uuid[]))")
            .setParameter(1, owner)
            .setParameter(2, leaseSeconds)
            .setParameter(3, renew)
            .setParameter(4, String.join(",", ids.stream().map(UUID::toString).toList()))
            .getResultList();
    List<Held> held = new ArrayList<>();
    for (Object[] row : rows) {
      held.add(new Held(uuid(row[0]), Boolean.TRUE.equals(row[1])));
    }
    return held;
  }

  /** Wakes listeners of {@code channel} on every instance when the transaction commits. */
  public void notify(String channel, String payload) {
    em.createNativeQuery("select pg_notify(?1, ?2)")
        .setParameter(1, channel)
        .setParameter(2, payload)
        .getSingleResult();
  }

  /** Reads the run again from the database (changes of guarded updates are not in the context). */
  public Optional<AgentRun> reload(UUID id) {
    em.flush();
    em.clear();
    return find(id);
  }

  @Override
  protected UUID idOf(AgentRun run) {
    return run.getId();
  }

  private static UUID uuid(Object value) {
    return value instanceof UUID id ? id : UUID.fromString(value.toString());
  }
}
