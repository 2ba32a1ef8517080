package dev.mainspring.inference.service.gateway;

import dev.mainspring.inference.model.gateway.UsageRecord;
import dev.mainspring.inference.model.gateway.UsageRecordRepository;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.util.List;

/**
 * Writes a batch of usage records in one transaction of its own ({@link
 * UsageRecordRepository#insertAll}: per organization the tenant setting, then one JDBC batch). A
 * record already written (a retry after a commit whose answer was lost) is skipped by its id, so
 * writing twice counts once.
 */
@Stateless
public class UsageWriter {

  @Inject UsageRecordRepository usage;

  /**
   * Writes the records in one transaction, all or none: a database failure is thrown as a {@link
   * UsageWriteException}, which rolls the transaction back.
   */
  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public void write(List<UsageRecord> records) {
    try {
      usage.insertAll(records);
    } catch (SQLException e) {
      throw new UsageWriteException(e);
    }
  }

  /** A batch of usage records could not be written; the cause is the database's answer. */
  public static final class UsageWriteException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageWriteException(SQLException cause) {
      super("usage records could not be written: " + cause.getMessage(), cause);
    }
  }
}
