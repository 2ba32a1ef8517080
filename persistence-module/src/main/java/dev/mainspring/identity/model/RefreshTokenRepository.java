package dev.mainspring.identity.model;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
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

  /**
   * The token with this hash. Not locked: two refreshes with one token are told apart by {@link
   * #markRotated}, and a reuse must be able to revoke the family in a transaction of its own.
   */
  public Optional<RefreshToken> findByHash(byte[] tokenHash) {
    return em.createQuery(
            "select t from RefreshToken t where t.tokenHash = :hash", RefreshToken.class)
        .setParameter("hash", tokenHash)
        .getResultStream()
        .findFirst();
  }

  /**
   * Marks the token used up, unless it already was: true for the one request that wins when the
   * same token is presented twice at once.
   */
  public boolean markRotated(UUID tokenId) {
    return em.createQuery(
                "update RefreshToken t set t.rotatedAt = :now where t.id = :id and t.rotatedAt is null")
            .setParameter("now", java.time.Instant.now())
            .setParameter("id", tokenId)
            .executeUpdate()
        == 1;
  }

  public int revokeFamily(UUID familyId) {
    return em.createQuery(
            "update RefreshToken t set t.revokedAt = CURRENT_TIMESTAMP"
                + " where t.familyId = :family and t.revokedAt is null")
        .setParameter("family", familyId)
        .executeUpdate();
  }
}
