package dev.mainspring.identity.service.auth;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Throttles logins per account and per address in PostgreSQL ({@code login_failures}, so every
 * instance counts the same). Each key allows {@code mainspring.auth.max-failures} (per address
 * {@code mainspring.auth.max-failures-per-address}) attempts that did not prove right within a
 * window of {@code mainspring.auth.failure-window-seconds} from the first of them; further attempts
 * are refused with 429 until the window has passed.
 *
 * <p>An attempt is counted <em>before</em> its password is checked, by one atomic upsert per key
 * that returns the new count ({@link #admit}): of a burst of parallel attempts only the first
 * {@code max-failures} reach the password check, whatever their timing (counting failures after the
 * check let every attempt of a burst through, since none had failed yet when the others looked). An
 * attempt that proves right is taken back ({@link #succeeded}): the account's count is cleared and
 * the address's lowered by one, so an address from which many people log in is not locked by their
 * successes. A refused attempt counts nothing: its transaction, of its own, rolls back.
 *
 * <pre>{@code
 * LoginThrottle.Attempt attempt = throttle.admit(email, address); // 429 when over the limit
 * if (!passwordMatches) throw unauthorized;                       // stays counted as a failure
 * throttle.succeeded(attempt);
 * }</pre>
 *
 * The table's {@code locked_until} column is no longer read or written: the window's start and the
 * count decide.
 */
@Stateless
public class LoginThrottle {

  private static final String COUNT =
      "insert into login_failures as f (key, failures, window_start) values (?1, 1, now())"
          + " on conflict (key) do update set"
          + " failures = case when f.window_start <= now() - ?2 * interval '1 second'"
          + "   then 1 else f.failures + 1 end,"
          + " window_start = case when f.window_start <= now() - ?2 * interval '1 second'"
          + "   then now() else f.window_start end"
          + " returning failures,"
          + " (extract(epoch from window_start) * 1000000)::bigint,"
          + " ceil(extract(epoch from (window_start + ?2 * interval '1 second' - now())))::bigint";

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

  /**
   * A login attempt counted against its account and address.
   *
   * @param emailKey the account's key
   * @param addressKey the address's key, or null when the address is unknown
   * @param addressWindow the start of the address's window the attempt was counted in (epoch
   *     microseconds), so that taking it back after the window moved on lowers nothing
   */
  public record Attempt(String emailKey, String addressKey, long addressWindow) {}

  /**
   * Counts an attempt for the account of {@code email} and then for {@code address} (always in this
   * order, so two attempts never wait for each other's rows the other way round); 429 {@link
   * TooManyAttemptsException} when either is over its limit, and then nothing was counted.
   */
  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public Attempt admit(String email, String address) {
    String emailKey = "email:" + email;
    count(emailKey, maxFailures);
    if (address == null) {
      return new Attempt(emailKey, null, 0);
    }
    String addressKey = "address:" + address;
    long addressWindow = count(addressKey, maxFailuresPerAddress);
    return new Attempt(emailKey, addressKey, addressWindow);
  }

  /** Takes back an attempt that proved right: the account starts afresh, the address one less. */
  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public void succeeded(Attempt attempt) {
    em.createNativeQuery("delete from login_failures where key = ?1")
        .setParameter(1, attempt.emailKey())
        .executeUpdate();
    if (attempt.addressKey() != null) {
      em.createNativeQuery(
              "update login_failures set failures = failures - 1 where key = ?1 and failures > 0"
                  + " and (extract(epoch from window_start) * 1000000)::bigint = ?2")
          .setParameter(1, attempt.addressKey())
          .setParameter(2, attempt.addressWindow())
          .executeUpdate();
    }
  }

  /** Counts one attempt for {@code key}; the window's start, or 429 over {@code limit}. */
  private long count(String key, int limit) {
    Object[] row =
        (Object[])
            em.createNativeQuery(COUNT)
                .setParameter(1, key)
                .setParameter(2, windowSeconds)
                .getSingleResult();
    long failures = ((Number) row[0]).longValue();
    if (failures > limit) {
      // Thrown out of this transaction, which rolls back: the refused attempt counts nothing.
      throw new TooManyAttemptsException(Math.max(1, ((Number) row[2]).longValue()));
    }
    return ((Number) row[1]).longValue();
  }
}
