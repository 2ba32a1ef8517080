package dev.mainspring.inference.service.modelops;

import dev.mainspring.inference.model.gateway.UsageRecordRepository;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * What the gateway served with one managed model, across organizations: the totals and the same
 * sums per outcome ({@code success}, {@code upstream_error}, ...). Estimated requests are those
 * whose token counts the gateway estimated because the provider reported none.
 */
@JsonbPropertyOrder({"modelId", "totals", "byOutcome"})
public record ModelUsageView(UUID modelId, Totals totals, List<ByOutcome> byOutcome) {

  /** Sums over every outcome. */
  @JsonbPropertyOrder({"requests", "promptTokens", "completionTokens", "estimatedRequests"})
  public record Totals(
      long requests, long promptTokens, long completionTokens, long estimatedRequests) {}

  /** Sums over the calls that ended with {@code outcome}. */
  @JsonbPropertyOrder({
    "outcome",
    "requests",
    "promptTokens",
    "completionTokens",
    "estimatedRequests"
  })
  public record ByOutcome(
      String outcome,
      long requests,
      long promptTokens,
      long completionTokens,
      long estimatedRequests) {}

  /** From the per-outcome sums of {@code model_usage_totals}. */
  static ModelUsageView of(UUID modelId, List<UsageRecordRepository.OutcomeTotals> rows) {
    List<ByOutcome> byOutcome = new ArrayList<>();
    long requests = 0;
    long prompt = 0;
    long completion = 0;
    long estimated = 0;
    for (UsageRecordRepository.OutcomeTotals row : rows) {
      ByOutcome one =
          new ByOutcome(
              row.outcome(),
              row.requests(),
              row.promptTokens(),
              row.completionTokens(),
              row.estimatedRequests());
      byOutcome.add(one);
      requests += one.requests();
      prompt += one.promptTokens();
      completion += one.completionTokens();
      estimated += one.estimatedRequests();
    }
    return new ModelUsageView(
        modelId, new Totals(requests, prompt, completion, estimated), List.copyOf(byOutcome));
  }
}
