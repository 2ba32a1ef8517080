package dev.mainspring.identity.model;

import dev.mainspring.platform.model.JpaRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * API keys of the current organization (row-level security). {@link #lookup} is the one read that
 * crosses organizations: authentication must find a key before it knows its organization.
 */
@ApplicationScoped
public class ApiKeyRepository extends JpaRepository<ApiKey> {

  public ApiKeyRepository() {
    super(ApiKey.class, "api_key");
  }

  /** What authentication needs of a key, found by its public prefix in any organization. */
  public record KeyLookup(
      UUID id,
      UUID orgId,
      UUID userId,
      byte[] secretHash,
      List<String> scopes,
      Instant expiresAt,
      Instant revokedAt) {}

  public Optional<KeyLookup> lookup(String prefix) {
    List<?> rows =
        em.createNativeQuery(
                "select id, org_id, user_id, secret_hash, scopes, expires_at, revoked_at"
                    + " from api_key_by_prefix(?1)")
            .setParameter(1, prefix)
            .getResultList();
    if (rows.isEmpty()) {
      return Optional.empty();
    }
    Object[] row = (Object[]) rows.get(0);
    String scopes = (String) row[4];
    return Optional.of(
        new KeyLookup(
            uuid(row[0]),
            uuid(row[1]),
            uuid(row[2]),
            (byte[]) row[3],
            scopes.isBlank() ? List.of() : List.of(scopes.split(" ")),
            instant(row[5]),
            instant(row[6])));
  }

  /**
   * Records that the key was used now, at most once a minute: a key used by every request of a busy
   * client does not rewrite its row every time. The session must be bound to the key's organization
   * (row-level security).
   */
  public void touchLastUsed(UUID keyId) {
    em.createNativeQuery(
            "update api_keys set last_used_at = now() where id = ?1"
                + " and (last_used_at is null or last_used_at < now() - interval '1 minute')")
        .setParameter(1, keyId.toString())
        .executeUpdate();
  }

  public List<ApiKey> listActive() {
    return em.createQuery(
            "select k from ApiKey k where k.revokedAt is null order by k.id desc", ApiKey.class)
        .getResultList();
  }

  private static UUID uuid(Object value) {
    return value instanceof UUID u ? u : UUID.fromString(value.toString());
  }

  private static Instant instant(Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof java.sql.Timestamp t) {
      return t.toInstant();
    }
    if (value instanceof java.time.OffsetDateTime o) {
      return o.toInstant();
    }
    return Instant.parse(value.toString());
  }

  @Override
  protected UUID idOf(ApiKey key) {
    return key.getId();
  }
}
