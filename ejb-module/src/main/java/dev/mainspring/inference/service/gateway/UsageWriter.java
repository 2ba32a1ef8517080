package dev.mainspring.inference.service.gateway;

import dev.mainspring.inference.model.gateway.UsageRecord;
import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Writes a batch of usage records in one transaction: per organization, the tenant setting the
 * table's row-level security checks, then one JDBC batch of inserts. A record already written (a
 * retry after a commit whose answer was lost) is skipped by its id, so writing twice counts once.
 */
@Stateless
public class UsageWriter {

  private static final String INSERT =
      "insert into usage_records (id, org_id, user_id, api_key_id, provider_id, provider_key,"
          + " model_id, model, endpoint, streamed, prompt_tokens, completion_tokens, estimated,"
          + " ttft_ms, duration_ms, outcome, http_status, request_id, created_at)"
          + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
          + " on conflict (id) do nothing";

  @Resource(lookup = "jdbc/mainspring")
  DataSource dataSource;

  /**
   * Writes the records in one transaction, all or none: a database failure is thrown as a {@link
   * UsageWriteException}, which rolls the transaction back.
   */
  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public void write(List<UsageRecord> records) {
    try {
      insert(records);
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

  private void insert(List<UsageRecord> records) throws SQLException {
    Map<UUID, List<UsageRecord>> byOrg = new LinkedHashMap<>();
    for (UsageRecord record : records) {
      byOrg.computeIfAbsent(record.getOrgId(), org -> new ArrayList<>()).add(record);
    }
    try (Connection connection = dataSource.getConnection();
        PreparedStatement tenant =
            connection.prepareStatement("select set_config('app.org_id', ?, true)");
        PreparedStatement insert = connection.prepareStatement(INSERT)) {
      for (Map.Entry<UUID, List<UsageRecord>> org : byOrg.entrySet()) {
        tenant.setString(1, org.getKey().toString());
        tenant.executeQuery().close();
        for (UsageRecord record : org.getValue()) {
          bind(insert, record);
          insert.addBatch();
        }
        insert.executeBatch();
      }
    }
  }

  private static void bind(PreparedStatement insert, UsageRecord record) throws SQLException {
    insert.setObject(1, record.getId());
    insert.setObject(2, record.getOrgId());
    insert.setObject(3, record.getUserId());
    insert.setObject(4, record.getApiKeyId());
    insert.setObject(5, record.getProviderId());
    insert.setString(6, record.getProviderKey());
    insert.setObject(7, record.getModelId());
    insert.setString(8, record.getModel());
    insert.setString(9, record.getEndpoint());
    insert.setBoolean(10, record.isStreamed());
    insert.setLong(11, record.getPromptTokens());
    insert.setLong(12, record.getCompletionTokens());
    insert.setBoolean(13, record.isEstimated());
    if (record.getTtftMs() == null) {
      insert.setNull(14, Types.INTEGER);
    } else {
      insert.setInt(14, record.getTtftMs());
    }
    insert.setInt(15, record.getDurationMs());
    insert.setString(16, record.getOutcome());
    insert.setInt(17, record.getHttpStatus());
    insert.setString(18, record.getRequestId());
    insert.setObject(19, record.getCreatedAt().atOffset(ZoneOffset.UTC));
  }
}
