package dev.mainspring.model.service.gateway;

import dev.mainspring.identity.service.TenantSessions;
import dev.mainspring.model.model.UsageRecord;
import dev.mainspring.model.model.UsageRecordRepository;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;

/**
 * Writes usage records, each in its own transaction bound to the record's organization (the table
 * is row-level secured), so a record is kept whatever happens to the call it describes.
 */
@Stateless
public class UsageMeter {

  @Inject UsageRecordRepository records;
  @Inject TenantSessions tenants;

  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public void record(UsageRecord record) {
    tenants.bindTo(record.getOrgId());
    records.add(record);
  }
}
