package dev.mainspring.billing.model;

import dev.mainspring.platform.model.Rows;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Users' own provider keys, one per user and organization, and organizations' own keys, one each (a
 * {@link ByokKey} without a user), under row-level security: the transaction must act for the
 * organization. Runs in its caller's transaction.
 */
@ApplicationScoped
public class ByokKeyRepository {

  private static final String COLUMNS =
      "org_id, user_id, base_url, secret, master_key_id, key_hint, created_at, updated_at,"
          + " last_tested_at, last_test_ok, last_test_code";

  private static final String ORG_COLUMNS =
      "org_id, null, base_url, secret, master_key_id, key_hint, created_at, updated_at,"
          + " last_tested_at, last_test_ok, last_test_code";

  @PersistenceContext(unitName = "mainspring")
  EntityManager em;

  public Optional<ByokKey> find(UUID orgId, UUID userId) {
    List<?> rows =
        em.createNativeQuery(
                "select "
                    + COLUMNS
                    + " from byok_keys where org_id = cast(?1 as uuid)"
                    + " and user_id = cast(?2 as uuid)")
            .setParameter(1, orgId.toString())
            .setParameter(2, userId.toString())
            .getResultList();
    return first(rows);
  }

  /** The organization's own key, the one its members' calls use when they have none. */
  public Optional<ByokKey> findForOrganization(UUID orgId) {
    List<?> rows =
        em.createNativeQuery(
                "select " + ORG_COLUMNS + " from byok_org_keys where org_id = cast(?1 as uuid)")
            .setParameter(1, orgId.toString())
            .getResultList();
    return first(rows);
  }

  private static Optional<ByokKey> first(List<?> rows) {
    return rows.stream()
        .map(Object[].class::cast)
        .map(
            r ->
                new ByokKey(
                    Rows.uuid(r[0]),
                    r[1] == null ? null : Rows.uuid(r[1]),
                    Rows.text(r[2]),
                    (byte[]) r[3],
                    Rows.text(r[4]),
                    Rows.text(r[5]),
                    Rows.instant(r[6]),
                    Rows.instant(r[7]),
                    Rows.instant(r[8]),
                    (Boolean) r[9],
                    Rows.text(r[10])))
        .findFirst();
  }

  /**
   * Stores the user's key: a new row, or the user's one replaced (one statement, so two stores at
   * once cannot both insert). A replaced key keeps its creation time and forgets its last test.
   */
  public ByokKey save(
      UUID orgId,
      UUID userId,
      String baseUrl,
      byte[] encryptedSecret,
      String masterKeyId,
      String keyHint,
      Instant now) {
    em.createNativeQuery(
            "insert into byok_keys (org_id, user_id, base_url, secret, master_key_id, key_hint,"
                + " created_at, updated_at) values (cast(?1 as uuid), cast(?2 as uuid), ?3, ?4,"
                + " ?5, ?6, cast(?7 as timestamptz), cast(?7 as timestamptz))"
                + " on conflict (org_id, user_id) do update set base_url = excluded.base_url,"
                + " secret = excluded.secret, master_key_id = excluded.master_key_id,"
                + " key_hint = excluded.key_hint, updated_at = excluded.updated_at,"
                + " last_tested_at = null, last_test_ok = null, last_test_code = null,"
                + " version = byok_keys.version + 1")
        .setParameter(1, orgId.toString())
        .setParameter(2, userId.toString())
        .setParameter(3, baseUrl)
        .setParameter(4, encryptedSecret)
        .setParameter(5, masterKeyId)
        .setParameter(6, keyHint)
        .setParameter(7, now.toString())
        .executeUpdate();
    return find(orgId, userId).orElseThrow();
  }

  /**
   * Stores the organization's key, as {@link #save} does a user's; {@code updatedBy} is the admin
   * who stored it.
   */
  public ByokKey saveForOrganization(
      UUID orgId,
      UUID updatedBy,
      String baseUrl,
      byte[] encryptedSecret,
      String masterKeyId,
      String keyHint,
      Instant now) {
    em.createNativeQuery(
            "insert into byok_org_keys (org_id, updated_by, base_url, secret, master_key_id,"
                + " key_hint, created_at, updated_at) values (cast(?1 as uuid), cast(?2 as uuid),"
                + " ?3, ?4, ?5, ?6, cast(?7 as timestamptz), cast(?7 as timestamptz))"
                + " on conflict (org_id) do update set base_url = excluded.base_url,"
                + " secret = excluded.secret, master_key_id = excluded.master_key_id,"
                + " key_hint = excluded.key_hint, updated_by = excluded.updated_by,"
                + " updated_at = excluded.updated_at, last_tested_at = null,"
                + " last_test_ok = null, last_test_code = null,"
                + " version = byok_org_keys.version + 1")
        .setParameter(1, orgId.toString())
        .setParameter(2, updatedBy == null ? null : updatedBy.toString())
        .setParameter(3, baseUrl)
        .setParameter(4, encryptedSecret)
        .setParameter(5, masterKeyId)
        .setParameter(6, keyHint)
        .setParameter(7, now.toString())
        .executeUpdate();
    return findForOrganization(orgId).orElseThrow();
  }

  /** Removes the organization's key; false when there was none. */
  public boolean deleteForOrganization(UUID orgId) {
    return em.createNativeQuery("delete from byok_org_keys where org_id = cast(?1 as uuid)")
            .setParameter(1, orgId.toString())
            .executeUpdate()
        > 0;
  }

  /** Records a test of the organization's key, as {@link #recordTest} does of a user's. */
  public boolean recordOrganizationTest(
      UUID orgId, Instant keyUpdatedAt, Instant testedAt, boolean ok, String code) {
    return em.createNativeQuery(
                "update byok_org_keys set last_tested_at = cast(?2 as timestamptz),"
                    + " last_test_ok = ?3, last_test_code = ?4"
                    + " where org_id = cast(?1 as uuid) and updated_at = cast(?5 as timestamptz)")
            .setParameter(1, orgId.toString())
            .setParameter(2, testedAt.toString())
            .setParameter(3, ok)
            .setParameter(4, code)
            .setParameter(5, keyUpdatedAt.toString())
            .executeUpdate()
        > 0;
  }

  /** Removes the user's key; false when there was none. */
  public boolean delete(UUID orgId, UUID userId) {
    return em.createNativeQuery(
                "delete from byok_keys where org_id = cast(?1 as uuid)"
                    + " and user_id = cast(?2 as uuid)")
            .setParameter(1, orgId.toString())
            .setParameter(2, userId.toString())
            .executeUpdate()
        > 0;
  }

  /**
   * Records the outcome of a test of the stored key, unless the key was replaced since it was read
   * ({@code updatedAt} no longer matches): a test of an old key says nothing of the new one. False
   * when nothing was recorded.
   */
  public boolean recordTest(
      UUID orgId, UUID userId, Instant keyUpdatedAt, Instant testedAt, boolean ok, String code) {
    return em.createNativeQuery(
                "update byok_keys set last_tested_at = cast(?3 as timestamptz),"
                    + " last_test_ok = ?4, last_test_code = ?5"
                    + " where org_id = cast(?1 as uuid) and user_id = cast(?2 as uuid)"
                    + " and updated_at = cast(?6 as timestamptz)")
            .setParameter(1, orgId.toString())
            .setParameter(2, userId.toString())
            .setParameter(3, testedAt.toString())
            .setParameter(4, ok)
            .setParameter(5, code)
            .setParameter(6, keyUpdatedAt.toString())
            .executeUpdate()
        > 0;
  }
}
