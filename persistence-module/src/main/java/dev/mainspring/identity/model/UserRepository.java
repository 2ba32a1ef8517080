package dev.mainspring.identity.model;

import dev.mainspring.platform.model.JpaRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.UUID;

/** Users. */
@ApplicationScoped
public class UserRepository extends JpaRepository<User> {

  public UserRepository() {
    super(User.class, "user");
  }

  public Optional<User> findByEmail(String email) {
    return em.createQuery("select u from User u where u.email = :email", User.class)
        .setParameter("email", User.normalize(email))
        .getResultStream()
        .findFirst();
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
