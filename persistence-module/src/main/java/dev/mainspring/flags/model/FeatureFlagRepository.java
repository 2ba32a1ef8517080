package dev.mainspring.flags.model;

import dev.mainspring.platform.model.Rows;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Feature flags, by name. Runs in its caller's transaction. A flag's name is its key, so it is
 * written by one upsert (two superadmins setting the same new flag at once both succeed, the later
 * write wins) rather than find-then-persist.
 */
@ApplicationScoped
public class FeatureFlagRepository {

  private static final String COLUMNS =
      "name, enabled, description, updated_by, created_at, updated_at";

  @PersistenceContext(unitName = "mainspring")
  EntityManager em;

  /** Every flag, by name. */
  public List<FeatureFlag> all() {
    return map(
        em.createNativeQuery("select " + COLUMNS + " from feature_flags order by name")
            .getResultList());
  }

  public Optional<FeatureFlag> find(String name) {
    return map(
            em.createNativeQuery("select " + COLUMNS + " from feature_flags where name = ?1")
                .setParameter(1, name)
                .getResultList())
        .stream()
        .findFirst();
  }

  /**
   * Sets the flag, creating it when it is new (its {@code createdAt} then {@code at}); answers the
   * flag as stored and whether this call created it. PostgreSQL tells which: the row an upsert
   * inserted has {@code xmax} 0, the one it updated the updating transaction's id (of two racing
   * creates, the second waits for the first and updates).
   */
  public Stored put(String name, boolean enabled, String description, UUID by, Instant at) {
    Object[] row =
        (Object[])
            em.createNativeQuery(
                    "insert into feature_flags as f ("
                        + COLUMNS
                        + ") values (?1, ?2, ?3, cast(?4 as uuid), cast(?5 as timestamptz),"
                        + " cast(?5 as timestamptz)) on conflict (name) do update set enabled ="
                        + " excluded.enabled, description = excluded.description, updated_by ="
                        + " excluded.updated_by, updated_at = excluded.updated_at returning "
                        + COLUMNS
                        + ", (xmax = 0)")
                .setParameter(1, name)
                .setParameter(2, enabled)
                .setParameter(3, description)
                .setParameter(4, by == null ? null : by.toString())
                .setParameter(5, at.toString())
                .getSingleResult();
    return new Stored(flag(row), Boolean.TRUE.equals(row[6]));
  }

  /** Removes the flag; false when there was none. */
  public boolean delete(String name) {
    return em.createNativeQuery("delete from feature_flags where name = ?1")
            .setParameter(1, name)
            .executeUpdate()
        > 0;
  }

  /** A flag as {@link #put} stored it, and whether that call created it. */
  public record Stored(FeatureFlag flag, boolean created) {}

  private static List<FeatureFlag> map(List<?> rows) {
    return rows.stream().map(Object[].class::cast).map(FeatureFlagRepository::flag).toList();
  }

  private static FeatureFlag flag(Object[] r) {
    return new FeatureFlag(
        Rows.text(r[0]),
        Boolean.TRUE.equals(r[1]),
        Rows.text(r[2]),
        Rows.uuid(r[3]),
        Rows.instant(r[4]),
        Rows.instant(r[5]));
  }
}
