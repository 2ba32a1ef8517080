package dev.mainspring.identity.model;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.util.Optional;
import java.util.UUID;

/** Refresh tokens, found by the hash of their secret. */
@ApplicationScoped
public class RefreshTokenRepository {

  @PersistenceContext(unitName = "mainspring")
  EntityManager em;

  public void add(RefreshToken token) {
    em.persist(token);
  }

  /** The token with this hash, locked so that two refreshes with it serialize. */
  public Optional<RefreshToken> findForUpdate(byte[] tokenHash) {
    return em.createQuery(
            "select t from RefreshToken t where t.tokenHash = :hash", RefreshToken.class)
        .setParameter("hash", tokenHash)
        .setLockMode(LockModeType.PESSIMISTIC_WRITE)
        .getResultStream()
        .findFirst();
  }

  public int revokeFamily(UUID familyId) {
    return em.createQuery(
            "update RefreshToken t set t.revokedAt = CURRENT_TIMESTAMP"
                + " where t.familyId = :family and t.revokedAt is null")
        .setParameter("family", familyId)
        .executeUpdate();
  }
}
