package dev.mainspring.inference.service.modelops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mainspring.inference.model.gateway.UsageRecordRepository.OutcomeTotals;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ModelUsageViewTest {

  @Test
  void totalsSumTheOutcomes() {
    UUID model = UUID.randomUUID();
    ModelUsageView usage =
        ModelUsageView.of(
            model,
            List.of(
                new OutcomeTotals("success", 2, 30, 12, 1),
                new OutcomeTotals("upstream_error", 1, 7, 0, 0)));

    assertEquals(model, usage.modelId());
    assertEquals(new ModelUsageView.Totals(3, 37, 12, 1), usage.totals());
    assertEquals(
        new ModelUsageView.ByOutcome("upstream_error", 1, 7, 0, 0), usage.byOutcome().get(1));
  }

  @Test
  void unusedModelHasZeroTotals() {
    ModelUsageView usage = ModelUsageView.of(UUID.randomUUID(), List.of());
    assertEquals(new ModelUsageView.Totals(0, 0, 0, 0), usage.totals());
    assertEquals(List.of(), usage.byOutcome());
  }
}
