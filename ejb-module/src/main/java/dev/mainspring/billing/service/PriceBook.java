package dev.mainspring.billing.service;

import dev.mainspring.billing.model.ModelPrice;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The price versions of the models, answering which one was in force at a time: the latest whose
 * effective time is not after it. A model without a version in force is free.
 */
public final class PriceBook {

  private final Map<String, List<ModelPrice>> byModel = new HashMap<>();

  public PriceBook(List<ModelPrice> prices) {
    for (ModelPrice price : prices) {
      byModel.computeIfAbsent(price.model(), m -> new ArrayList<>()).add(price);
    }
    byModel.values().forEach(v -> v.sort(Comparator.comparing(ModelPrice::effectiveFrom)));
  }

  /** The price of {@code model} in force at {@code when}, if any. */
  public Optional<ModelPrice> at(String model, Instant when) {
    List<ModelPrice> versions = model == null ? null : byModel.get(model);
    if (versions == null) {
      return Optional.empty();
    }
    ModelPrice inForce = null;
    for (ModelPrice version : versions) {
      if (version.effectiveFrom().isAfter(when)) {
        break;
      }
      inForce = version;
    }
    return Optional.ofNullable(inForce);
  }
}
