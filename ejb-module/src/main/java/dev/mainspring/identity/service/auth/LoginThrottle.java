package dev.mainspring.identity.service.auth;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Duration;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Counts failed logins per account and per address in PostgreSQL (so every instance sees the same
 * counts). After {@code mainspring.auth.max-failures} failures within the window, further attempts
 * are refused with 429 until the window has passed. Failures are recorded in their own transaction,
 * so the refusal of the login itself does not roll them back.
 */
@Stateless
public class LoginThrottle {

  @PersistenceContext(unitName = "mainspring")
  EntityManager em;

  @Inject
  @ConfigProperty(name = "mainspring.auth.max-failures", defaultValue = "5")
  int maxFailures;

  @Inject
  @ConfigProperty(name = "mainspring.auth.max-failures-per-address", defaultValue = "50")
  int maxFailuresPerAddress;

  @Inject
  @ConfigProperty(name = "mainspring.auth.failure-window-seconds", defaultValue = "900")
  long windowSeconds;

  /** Seconds until the first of {@code keys} may try again, or 0 when none is locked. */
  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public long retryAfterSeconds(List<String> keys) {
    long wait = 0;
    for (String key : keys) {
      List<?> rows =
          em.createNativeQuery(
                  "select extract(epoch from (locked_until - now()))::bigint from login_failures"
                      + " where key = ?1 and locked_until > now()")
              .setParameter(1, key)
              .getResultList();
      if (!rows.isEmpty()) {
        wait = Math.max(wait, Math.max(1, ((Number) rows.get(0)).longValue()));
      }
    }
    return wait;
  }

  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public void recordFailure(List<String> keys) {
    Duration window = Duration.ofSeconds(windowSeconds);
    for (String key : keys) {
      em.createNativeQuery(
              "insert into login_failures (key, failures, window_start) values (?1, 1, now())"
                  + " on conflict (key) do update set"
                  + " failures = case when login_failures.window_start < now() - ?2 * interval '1 second'"
                  + "   then 1 else login_failures.failures + 1 end,"
                  + " window_start = case when login_failures.window_start < now() - ?2 * interval '1 second'"
                  + "   then now() else login_failures.window_start end")
          .setParameter(1, key)
          .setParameter(2, window.toSeconds())
          .executeUpdate();
      em.createNativeQuery(
              "update login_failures set locked_until = now() + ?2 * interval '1 second'"
                  + " where key = ?1 and failures >= ?3")
          .setParameter(1, key)
          .setParameter(2, window.toSeconds())
          .setParameter(3, key.startsWith("address:") ? maxFailuresPerAddress : maxFailures)
          .executeUpdate();
    }
  }

  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public void clear(String key) {
    em.createNativeQuery("delete from login_failures where key = ?1")
        .setParameter(1, key)
        .executeUpdate();
  }
}
