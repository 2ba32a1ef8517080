package dev.mainspring.agent.model;

import dev.mainspring.platform.error.MainspringException;
import dev.mainspring.platform.error.NotFoundException;
import dev.mainspring.platform.model.IntegrityViolation;
import dev.mainspring.platform.model.IntegrityViolation.Kind;
import dev.mainspring.platform.model.JpaRepository;
import dev.mainspring.platform.model.PersistenceErrors;
import dev.mainspring.platform.model.Slice;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Agents and their versions in PostgreSQL: one aggregate, one repository. */
@ApplicationScoped
public class AgentRepository extends JpaRepository<Agent> {

  static final String VERSION_KEY = "agent_versions_agent_version_key";
  static final String ONE_DEFAULT_INDEX = "agents_one_default_idx";

  /**
   * The first key of the default-agent advisory locks (two-int keys do not overlap bigint ones).
   */
  private static final int DEFAULT_AGENT_LOCK_SPACE = 0x61676e74;

  public AgentRepository() {
    super(Agent.class, "agent");
  }

  /** The agent if it belongs to {@code orgId} and is not deleted; 404 {@code agent_not_found}. */
  public Agent getLive(UUID id, UUID orgId) {
    Agent agent = getInOrg(id, orgId);
    if (agent.isDeleted()) {
      throw NotFoundException.of("agent", id);
    }
    return agent;
  }

  /** The live agents of {@code orgId}, newest first, starting after {@code after} when given. */
  public Slice<Agent> list(UUID orgId, UUID after, int limit) {
    var query =
        em.createQuery(
                "select a from Agent a where a.orgId = :org and a.deletedAt is null"
                    + (after == null ? "" : " and a.id < :after")
                    + " order by a.id desc",
                Agent.class)
            .setParameter("org", orgId);
    if (after != null) {
      query.setParameter("after", after);
    }
    return page(query, limit);
  }

  /** The default agent of {@code orgId}, if it has been made. */
  public Optional<Agent> findDefault(UUID orgId) {
    return em.createQuery(
            "select a from Agent a where a.orgId = :org and a.isDefault = true", Agent.class)
        .setParameter("org", orgId)
        .getResultStream()
        .findFirst();
  }

  /** The organization's live mirror of catalog agent {@code catalogRef}, if it has been made. */
  public Optional<Agent> findMirror(UUID orgId, String catalogRef) {
    return em.createQuery(
            "select a from Agent a where a.orgId = :org and a.catalogRef = :ref"
                + " and a.deletedAt is null",
            Agent.class)
        .setParameter("org", orgId)
        .setParameter("ref", catalogRef)
        .getResultStream()
        .findFirst();
  }

  /** As {@link #lockDefaultCreation}, for the making of a catalog agent's mirror. */
  public void lockMirrorCreation(UUID orgId, String catalogRef) {
    em.createNativeQuery("select pg_advisory_xact_lock(?1, hashtext(?2))")
        .setParameter(1, DEFAULT_AGENT_LOCK_SPACE)
        .setParameter(2, orgId + ":" + catalogRef)
        .getSingleResult();
  }

  /**
   * Holds, until the transaction ends, the making of {@code orgId}'s default agent against every
   * other transaction that may make it. Find-or-create is then safe: the second waits, and its next
   * query sees the first one's agent (PostgreSQL's read committed takes a snapshot per statement).
   */
  public void lockDefaultCreation(UUID orgId) {
    em.createNativeQuery("select pg_advisory_xact_lock(?1, hashtext(?2))")
        .setParameter(1, DEFAULT_AGENT_LOCK_SPACE)
        .setParameter(2, orgId.toString())
        .getSingleResult();
  }

  /** Stores a new version now; a concurrent revision that took its number first makes this 409. */
  public void addVersion(AgentVersion version) {
    em.persist(version);
    write(false, violation -> translate(violation, null));
  }

  /** The version with this id, if it belongs to {@code orgId}. */
  public Optional<AgentVersion> findVersion(UUID versionId, UUID orgId) {
    return Optional.ofNullable(em.find(AgentVersion.class, versionId))
        .filter(version -> version.getOrgId().equals(orgId));
  }

  /** The versions with these ids (of the organization the session is bound to). */
  public List<AgentVersion> versionsById(List<UUID> ids) {
    if (ids.isEmpty()) {
      return List.of();
    }
    return em.createQuery("select v from AgentVersion v where v.id in :ids", AgentVersion.class)
        .setParameter("ids", ids)
        .getResultList();
  }

  /** Version {@code number} of {@code agentId}; 404 {@code agent_version_not_found}. */
  public AgentVersion getVersion(UUID agentId, int number) {
    return em.createQuery(
            "select v from AgentVersion v where v.agentId = :agent and v.version = :number",
            AgentVersion.class)
        .setParameter("agent", agentId)
        .setParameter("number", number)
        .getResultStream()
        .findFirst()
        .orElseThrow(
            () ->
                new NotFoundException(
                    "agent_version_not_found", "agent " + agentId + " has no version " + number));
  }

  /** The versions of {@code agentId}, newest first (ids are UUIDv7, made in version order). */
  public Slice<AgentVersion> versions(UUID agentId, UUID after, int limit) {
    var query =
        em.createQuery(
                "select v from AgentVersion v where v.agentId = :agent"
                    + (after == null ? "" : " and v.id < :after")
                    + " order by v.id desc",
                AgentVersion.class)
            .setParameter("agent", agentId);
    if (after != null) {
      query.setParameter("after", after);
    }
    return Slice.of(query.setMaxResults(limit + 1).getResultList(), limit, AgentVersion::getId);
  }

  @Override
  protected MainspringException translate(IntegrityViolation violation, Agent agent) {
    if (violation.is(Kind.DUPLICATE, VERSION_KEY)
        || violation.is(Kind.DUPLICATE, ONE_DEFAULT_INDEX)) {
      return PersistenceErrors.concurrentModification("agent");
    }
    return null;
  }

  @Override
  protected UUID idOf(Agent agent) {
    return agent.getId();
  }
}
