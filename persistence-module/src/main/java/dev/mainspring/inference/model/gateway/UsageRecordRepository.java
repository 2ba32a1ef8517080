package dev.mainspring.inference.model.gateway;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.PersistenceException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The one mapping of {@code usage_records}, in JDBC: the gateway's batched writes and ModelOps'
 * totals. The table is written far more often than it is read (every gateway call, in batches of up
 * to hundreds per commit), and a JDBC batch of {@code insert ... on conflict (id) do nothing} is
 * both the cheapest write and the idempotent one a retry needs, which JPA's persist is not. So the
 * record is a plain class and this repository the only code that names the table's columns.
 *
 * <p>Runs inside its caller's JTA transaction: the pool hands out the connection enlisted in it. A
 * failed insert is thrown as the {@link SQLException} itself, since the writer decides from its
 * SQLState whether the database was unreachable (retry patiently) or refused the records (retry,
 * then split); a failed read is a {@link PersistenceException}, as JPA would throw.
 */
@ApplicationScoped
public class UsageRecordRepository {

  private static final String INSERT =
      "insert into usage_records (id, org_id, user_id, api_key_id, provider_id, provider_key,"
          + " model_id, model, endpoint, streamed, prompt_tokens, completion_tokens, estimated,"
          + " ttft_ms, duration_ms, outcome, http_status, request_id, created_at, run_id, byok,"
          + " lease_id, member_id, cached_tokens)"
          + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
          + " on conflict (id) do nothing";

  private static final String MODEL_TOTALS =
      "select outcome, requests, prompt_tokens, completion_tokens, estimated_requests"
          + " from model_usage_totals(?)";

  /** Sums of one model's calls that ended with {@code outcome}, across organizations. */
  public record OutcomeTotals(
      String outcome,
      long requests,
      long promptTokens,
      long completionTokens,
      long estimatedRequests) {}

  @Resource(lookup = "jdbc/mainspring")
  DataSource dataSource;

  /**
   * Inserts the records, skipping any whose id is already there (a retried batch counts once): per
   * organization the tenant setting that the table's row-level security checks, then one JDBC
   * batch. Call it inside a transaction; the setting lasts until it ends.
   */
  public void insertAll(List<UsageRecord> records) throws SQLException {
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

  /**
   * What the gateway served with one managed model, per outcome and across organizations, through
   * the owner's function {@code model_usage_totals} (the table's rows are otherwise visible only to
   * their organization).
   */
  public List<OutcomeTotals> modelTotals(UUID modelId) {
    List<OutcomeTotals> totals = new ArrayList<>();
    try (Connection connection = dataSource.getConnection();
        PreparedStatement query = connection.prepareStatement(MODEL_TOTALS)) {
      query.setObject(1, modelId);
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          totals.add(
              new OutcomeTotals(
                  rows.getString(1),
                  rows.getLong(2),
                  rows.getLong(3),
                  rows.getLong(4),
                  rows.getLong(5)));
        }
      }
    } catch (SQLException e) {
      throw new PersistenceException("reading the usage totals of model " + modelId + " failed", e);
    }
    return totals;
  }

  /** Sums of an agent run's model calls. */
  public record RunTotals(long promptTokens, long completionTokens, long calls) {

    public static final RunTotals NONE = new RunTotals(0, 0, 0);
  }

  /**
   * The sums of the model calls of each of {@code runIds} (runs without calls are left out), read
   * in the caller's transaction, so as the organization it acts for.
   */
  public Map<UUID, RunTotals> runTotals(Collection<UUID> runIds) {
    Map<UUID, RunTotals> totals = new HashMap<>();
    if (runIds.isEmpty()) {
      return totals;
    }
    try (Connection connection = dataSource.getConnection();
        PreparedStatement query =
            connection.prepareStatement(
                "select run_id, sum(prompt_tokens), sum(completion_tokens), count(*)"
                    + " from usage_records where run_id = any(?) group by run_id")) {
      query.setArray(1, connection.createArrayOf("uuid", runIds.toArray()));
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          totals.put(
              rows.getObject(1, UUID.class),
              new RunTotals(rows.getLong(2), rows.getLong(3), rows.getLong(4)));
        }
      }
    } catch (SQLException e) {
      throw new PersistenceException("reading the usage of runs failed", e);
    }
    return totals;
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
    insert.setObject(20, record.getRunId());
    insert.setBoolean(21, record.isByok());
    insert.setObject(22, record.getLeaseId());
    insert.setObject(23, record.getMemberId());
    insert.setLong(24, record.getCachedTokens());
  }
}
