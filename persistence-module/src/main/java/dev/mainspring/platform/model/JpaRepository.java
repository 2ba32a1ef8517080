package dev.mainspring.platform.model;

import dev.mainspring.platform.error.ConflictException;
import dev.mainspring.platform.error.NotFoundException;
import jakarta.persistence.EntityManager;
import jakarta.persistence.OptimisticLockException;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * What every repository of an entity with a UUIDv7 id does: find, get, add, remove, page in id
 * order, and translate persistence exceptions at its edge so services see domain errors. Subclasses
 * add the queries of their aggregate.
 */
public abstract class JpaRepository<T> {

  @PersistenceContext(unitName = "mainspring")
  protected EntityManager em;

  private final Class<T> type;
  private final String kind;

  protected JpaRepository(Class<T> type, String kind) {
    this.type = type;
    this.kind = kind;
  }

  public Optional<T> find(UUID id) {
    return Optional.ofNullable(em.find(type, id));
  }

  /** The entity, or a {@link NotFoundException} with code {@code <kind>_not_found}. */
  public T get(UUID id) {
    return find(id).orElseThrow(() -> NotFoundException.of(kind, id));
  }

  /**
   * The entity if it belongs to {@code orgId}, otherwise the same {@link NotFoundException} as for
   * an unknown id: a caller learns nothing about other organizations' rows. Row-level security
   * already hides them; this is the application's own check on top.
   */
  public T getInOrg(UUID id, UUID orgId) {
    T entity = get(id);
    if (!(entity instanceof TenantOwned owned) || !owned.getOrgId().equals(orgId)) {
      throw NotFoundException.of(kind, id);
    }
    return entity;
  }

  public void add(T entity) {
    em.persist(entity);
  }

  public void remove(T entity) {
    em.remove(entity);
  }

  /**
   * Writes pending changes now, so a concurrent update is reported here as a {@link
   * ConflictException} rather than as a failed commit after the service returned.
   */
  public void flush() {
    try {
      em.flush();
    } catch (OptimisticLockException e) {
      throw new ConflictException(
          "concurrent_modification", kind + " was changed by another request; read it again");
    }
  }

  /**
   * A page of {@code query} results, newest first. The query must select this entity, have a
   * parameter {@code after} when {@code after} is given, and order by id descending.
   */
  protected Slice<T> page(TypedQuery<T> query, int limit) {
    List<T> rows = query.setMaxResults(limit + 1).getResultList();
    return Slice.of(rows, limit, this::idOf);
  }

  protected abstract UUID idOf(T entity);
}
