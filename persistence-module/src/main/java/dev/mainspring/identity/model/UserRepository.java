package dev.mainspring.identity.model;

import dev.mainspring.platform.error.ConflictException;
import dev.mainspring.platform.error.MainspringException;
import dev.mainspring.platform.model.IntegrityViolation;
import dev.mainspring.platform.model.JpaRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.UUID;

/**
 * Users. One account per e-mail address (the unique index {@code users_email_idx} on its lower
 * case): a path that may create an account takes {@link #lockEmail} first, so that of two requests
 * for the same new address the second finds the first one's account.
 */
@ApplicationScoped
public class UserRepository extends JpaRepository<User> {

  static final String EMAIL_INDEX = "users_email_idx";

  /** The first key of the e-mail advisory locks (two-int keys do not overlap bigint ones). */
  private static final int EMAIL_LOCK_SPACE = 0x75736572;

  public UserRepository() {
    super(User.class, "user");
  }

  public Optional<User> findByEmail(String email) {
    return em.createQuery("select u from User u where u.email = :email", User.class)
        .setParameter("email", User.normalize(email))
        .getResultStream()
        .findFirst();
  }

  /**
   * Holds, until the transaction ends, the e-mail address against every other request that may
   * create its account (registration, an admin adding a member by e-mail, an OpenID Connect user's
   * first request). Find-or-create is then safe: the second request waits and finds the account.
   */
  public void lockEmail(String email) {
    em.createNativeQuery("select pg_advisory_xact_lock(?1, hashtext(?2))")
        .setParameter(1, EMAIL_LOCK_SPACE)
        .setParameter(2, User.normalize(email))
        .getSingleResult();
  }

  /** 409 {@code email_taken}: an account with the address exists (or was just made). */
  public static ConflictException emailTaken() {
    return new ConflictException("email_taken", "an account with this e-mail already exists");
  }

  @Override
  protected MainspringException translate(IntegrityViolation violation, User user) {
    return violation.is(IntegrityViolation.Kind.DUPLICATE, EMAIL_INDEX) ? emailTaken() : null;
  }

  public boolean anySuperadmin() {
    return !em.createQuery("select u.id from User u where u.platformRole = 'superadmin'")
        .setMaxResults(1)
        .getResultList()
        .isEmpty();
  }

  @Override
  protected UUID idOf(User user) {
    return user.getId();
  }
}
