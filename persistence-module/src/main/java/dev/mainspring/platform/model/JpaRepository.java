package dev.mainspring.platform.model;

import dev.mainspring.platform.error.ConflictException;
import dev.mainspring.platform.error.MainspringException;
import dev.mainspring.platform.error.NotFoundException;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * What every repository of an entity with a UUIDv7 id does: find, get, add, remove, page in id
 * order, and translate persistence exceptions at its edge so services see domain errors. Writes are
 * flushed inside the repository's methods ({@link PersistenceErrors}), so a lost race surfaces in
 * the service's transaction as a 409 or 404 with a stable code. Subclasses add the queries of their
 * aggregate and name the constraints of its tables in {@link #translate}.
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

  /**
   * Stores a new entity now: a violated constraint is reported here, as the domain error {@link
   * #translate} names (for example 409 {@code email_taken}), not at commit.
   */
  public void add(T entity) {
    em.persist(entity);
    write(false, violation -> translate(violation, entity));
  }

  /**
   * Deletes the entity now. A row that still refers to it makes this a 409 ({@code <kind>_in_use}
   * unless {@link #translate} says otherwise). Changes made before are written first, so that their
   * violations are not taken for the removal's.
   */
  public void remove(T entity) {
    flush();
    em.remove(entity);
    write(true, violation -> translate(violation, entity));
  }

  /**
   * Writes the changes made to {@code entity} (and any other pending ones) now, so that a
   * concurrent update or a violated constraint is reported here as a domain error.
   */
  public void save(T entity) {
    write(false, violation -> translate(violation, entity));
  }

  /**
   * Writes pending changes now, so a concurrent update or a violated constraint is reported here as
   * a domain error ({@link ConflictException}, ...) rather than as a failed commit after the
   * service returned.
   */
  public void flush() {
    write(false, violation -> translate(violation, null));
  }

  /**
   * The domain error a violated constraint of this aggregate's tables stands for, or null for the
   * generic answer of {@link PersistenceErrors#generic}. Repositories name their constraints here.
   *
   * @param entity the entity being added, saved or removed; null when unknown (a plain flush)
   */
  protected MainspringException translate(IntegrityViolation violation, T entity) {
    return null;
  }

  /**
   * Writes pending changes now, translating a failure with {@code rules}: for the repositories'
   * writes of the aggregate's other entities.
   */
  protected void write(
      boolean removing, Function<IntegrityViolation, ? extends MainspringException> rules) {
    PersistenceErrors.flush(em, kind, removing, rules);
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
