package dev.mainspring.identity.model;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;

/** Links of external OpenID Connect identities, (issuer, subject), to users. */
@ApplicationScoped
public class UserIdentityRepository {

  @PersistenceContext(unitName = "mainspring")
  EntityManager em;

  public Optional<User> findUser(String issuer, String subject) {
    java.util.List<?> ids =
        em.createNativeQuery(
                "select user_id from user_identities where issuer = ?1 and subject = ?2")
            .setParameter(1, issuer)
            .setParameter(2, subject)
            .getResultList();
    if (ids.isEmpty()) {
      return Optional.empty();
    }
    Object id = ids.get(0);
    return Optional.ofNullable(
        em.find(User.class, id instanceof UUID u ? u : UUID.fromString(id.toString())));
  }

  public void link(String issuer, String subject, UUID userId, Instant when) {
    em.createNativeQuery(
            "insert into user_identities (issuer, subject, user_id, created_at)"
                + " values (?1, ?2, ?3, ?4) on conflict do nothing")
        .setParameter(1, issuer)
        .setParameter(2, subject)
        .setParameter(3, userId.toString())
        .setParameter(4, when.atOffset(ZoneOffset.UTC))
        .executeUpdate();
  }
}
