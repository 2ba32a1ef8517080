package dev.mainspring.billing.model;

import dev.mainspring.platform.error.ConflictException;
import dev.mainspring.platform.error.NotFoundException;
import dev.mainspring.platform.model.IntegrityViolation;
import dev.mainspring.platform.model.PersistenceErrors;
import dev.mainspring.platform.model.Rows;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.PersistenceException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Plans: installation-wide, listed to every signed-in user, written by superadmins. */
@ApplicationScoped
public class PlanRepository {

  private static final String COLUMNS =
      "id, slug, name, monthly_credits, price_cents, currency, active, created_at, updated_at,"
          + " version, monthly_token_quota, max_parallel_runs, requests_per_minute, member_credits";

  @PersistenceContext(unitName = "mainspring")
  EntityManager em;

  /** The plans, active ones only when {@code activeOnly}, by monthly credits then slug. */
  public List<Plan> list(boolean activeOnly) {
    return map(
        em.createNativeQuery(
                "select "
                    + COLUMNS
                    + " from billing_plans"
                    + (activeOnly ? " where active" : "")
                    + " order by monthly_credits, slug")
            .getResultList());
  }

  public Optional<Plan> findBySlug(String slug) {
    return map(
            em.createNativeQuery("select " + COLUMNS + " from billing_plans where slug = ?1")
                .setParameter(1, slug)
                .getResultList())
        .stream()
        .findFirst();
  }

  public Optional<Plan> find(UUID id) {
    return map(
            em.createNativeQuery(
                    "select " + COLUMNS + " from billing_plans where id = cast(?1 as uuid)")
                .setParameter(1, id.toString())
                .getResultList())
        .stream()
        .findFirst();
  }

  /** The plan by slug; 404 {@code plan_not_found} otherwise. */
  public Plan getBySlug(String slug) {
    return findBySlug(slug)
        .orElseThrow(() -> new NotFoundException("plan_not_found", "no plan " + slug));
  }

  /** Stores a new plan; 409 {@code plan_slug_taken} when the slug is in use. */
  public void add(Plan plan) {
    try {
      em.createNativeQuery(
              "insert into billing_plans ("
                  + COLUMNS
                  + ") values (cast(?1 as uuid), ?2, ?3, ?4, ?5, ?6, ?7,"
                  + " cast(?8 as timestamptz), cast(?9 as timestamptz), 0, cast(?10 as bigint), cast(?11 as integer),"
                  + " cast(?12 as integer), ?13)")
          .setParameter(1, plan.id().toString())
          .setParameter(2, plan.slug())
          .setParameter(3, plan.name())
          .setParameter(4, plan.monthlyCredits())
          .setParameter(5, plan.priceCents())
          .setParameter(6, plan.currency())
          .setParameter(7, plan.active())
          .setParameter(8, plan.createdAt().toString())
          .setParameter(9, plan.updatedAt().toString())
          .setParameter(10, Rows.param(plan.monthlyTokenQuota()))
          .setParameter(11, Rows.param(plan.maxParallelRuns()))
          .setParameter(12, Rows.param(plan.requestsPerMinute()))
          .setParameter(13, plan.memberCredits())
          .executeUpdate();
    } catch (PersistenceException e) {
      throw PersistenceErrors.translate(
          e,
          "plan",
          false,
          violation ->
              violation.kind() == IntegrityViolation.Kind.DUPLICATE
                  ? new ConflictException(
                      "plan_slug_taken", "a plan with the slug " + plan.slug() + " exists")
                  : null);
    }
  }

  private static List<Plan> map(List<?> rows) {
    return rows.stream()
        .map(Object[].class::cast)
        .map(
            r ->
                new Plan(
                    Rows.uuid(r[0]),
                    Rows.text(r[1]),
                    Rows.text(r[2]),
                    Rows.number(r[3]),
                    Rows.number(r[4]),
                    Rows.text(r[5]),
                    Boolean.TRUE.equals(r[6]),
                    Rows.instant(r[7]),
                    Rows.instant(r[8]),
                    Rows.number(r[9]),
                    Rows.nullableNumber(r[10]),
                    Rows.nullableInt(r[11]),
                    Rows.nullableInt(r[12]),
                    Rows.number(r[13])))
        .toList();
  }
}
