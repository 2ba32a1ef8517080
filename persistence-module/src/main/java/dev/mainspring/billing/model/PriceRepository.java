package dev.mainspring.billing.model;

import dev.mainspring.platform.error.ConflictException;
import dev.mainspring.platform.model.IntegrityViolation;
import dev.mainspring.platform.model.PersistenceErrors;
import dev.mainspring.platform.model.Rows;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.PersistenceException;
import java.util.List;

/** Model prices: installation-wide, versioned by effective time, never changed once written. */
@ApplicationScoped
public class PriceRepository {

  private static final String COLUMNS =
      "id, model, prompt_per_million, completion_per_million, cached_per_million, effective_from,"
          + " created_by, created_at";

  @PersistenceContext(unitName = "mainspring")
  EntityManager em;

  /** Every version of every model's price, by model, then by effective time. */
  public List<ModelPrice> all() {
    return map(
        em.createNativeQuery(
                "select " + COLUMNS + " from model_prices order by model, effective_from")
            .getResultList());
  }

  /** The versions of one model's price, oldest first. */
  public List<ModelPrice> ofModel(String model) {
    return map(
        em.createNativeQuery(
                "select " + COLUMNS + " from model_prices where model = ?1 order by effective_from")
            .setParameter(1, model)
            .getResultList());
  }

  /**
   * Stores a new version; 409 {@code price_exists} when the model has a version with the same
   * effective time.
   */
  public void add(ModelPrice price) {
    try {
      em.createNativeQuery(
              "insert into model_prices ("
                  + COLUMNS
                  + ") values (cast(?1 as uuid), ?2, ?3, ?4, cast(?5 as bigint), cast(?6 as timestamptz),"
                  + " cast(?7 as uuid), cast(?8 as timestamptz))")
          .setParameter(1, price.id().toString())
          .setParameter(2, price.model())
          .setParameter(3, price.promptPerMillion())
          .setParameter(4, price.completionPerMillion())
          .setParameter(5, Rows.param(price.cachedPerMillion()))
          .setParameter(6, price.effectiveFrom().toString())
          .setParameter(7, Rows.param(price.createdBy()))
          .setParameter(8, price.createdAt().toString())
          .executeUpdate();
    } catch (PersistenceException e) {
      throw PersistenceErrors.translate(
          e,
          "price",
          false,
          violation ->
              violation.kind() == IntegrityViolation.Kind.DUPLICATE
                  ? new ConflictException(
                      "price_exists",
                      "model "
                          + price.model()
                          + " has a price effective from "
                          + price.effectiveFrom()
                          + " already")
                  : null);
    }
  }

  private static List<ModelPrice> map(List<?> rows) {
    return rows.stream()
        .map(Object[].class::cast)
        .map(
            r ->
                new ModelPrice(
                    Rows.uuid(r[0]),
                    Rows.text(r[1]),
                    Rows.number(r[2]),
                    Rows.number(r[3]),
                    Rows.nullableNumber(r[4]),
                    Rows.instant(r[5]),
                    Rows.uuid(r[6]),
                    Rows.instant(r[7])))
        .toList();
  }
}
