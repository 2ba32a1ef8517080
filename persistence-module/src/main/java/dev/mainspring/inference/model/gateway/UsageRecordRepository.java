package dev.mainspring.inference.model.gateway;

import dev.mainspring.platform.model.JpaRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/** Usage records, and per-user model settings. */
@ApplicationScoped
public class UsageRecordRepository extends JpaRepository<UsageRecord> {

  public UsageRecordRepository() {
    super(UsageRecord.class, "usage_record");
  }

  /**
   * Totals per outcome for one model across organizations: {@code [outcome, requests,
   * prompt_tokens, completion_tokens, estimated_requests]}.
   */
  public List<Object[]> modelTotals(UUID modelId) {
    @SuppressWarnings("unchecked")
    List<Object[]> rows =
        em.createNativeQuery("select * from model_usage_totals(?1)")
            .setParameter(1, modelId)
            .getResultList();
    return rows;
  }

  @Override
  protected UUID idOf(UsageRecord record) {
    return record.getId();
  }
}
