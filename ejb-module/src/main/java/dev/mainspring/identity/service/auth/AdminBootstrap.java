package dev.mainspring.identity.service.auth;

import dev.mainspring.identity.model.User;
import dev.mainspring.identity.model.UserRepository;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * On a database without a superadmin, creates one from {@code MAINSPRING_ADMIN_EMAIL} and {@code
 * MAINSPRING_ADMIN_PASSWORD}. Without a configured password one is generated and printed once on
 * the console; it is not stored anywhere else. An advisory lock keeps instances starting together
 * from creating two.
 */
@Startup
@Singleton
@DependsOn("SchemaMigrator")
public class AdminBootstrap {

  private static final Logger LOG = Logger.getLogger(AdminBootstrap.class.getName());
  private static final long LOCK = 0x6d61696e5f61646dL;

  @PersistenceContext(unitName = "mainspring")
  EntityManager em;

  @Inject UserRepository users;
  @Inject PasswordHashing passwords;

  @Inject
  @ConfigProperty(name = "MAINSPRING_ADMIN_EMAIL", defaultValue = "admin@mainspring.local")
  String email;

  @Inject
  @ConfigProperty(name = "MAINSPRING_ADMIN_PASSWORD")
  Optional<String> password;

  @PostConstruct
  void ensureSuperadmin() {
    em.createNativeQuery("select pg_advisory_xact_lock(?1)")
        .setParameter(1, LOCK)
        .getSingleResult();
    if (users.anySuperadmin()) {
      return;
    }
    String secret = password.filter(p -> !p.isBlank()).orElseGet(AdminBootstrap::generated);
    User admin = users.findByEmail(email).orElseGet(() -> new User(email, "Administrator"));
    admin.setPasswordHash(passwords.hash(secret));
    admin.makeSuperadmin();
    if (users.find(admin.getId()).isEmpty()) {
      users.add(admin);
    }
    if (password.filter(p -> !p.isBlank()).isEmpty()) {
      // Printed to the console only, once: the operator's one chance to read it.
      System.out.println(
          "[mainspring] Created the superadmin "
              + email
              + " with the generated password: "
              + secret);
    }
    LOG.info(() -> "Created the superadmin " + email);
  }

  private static String generated() {
    byte[] bytes = new byte[18];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
