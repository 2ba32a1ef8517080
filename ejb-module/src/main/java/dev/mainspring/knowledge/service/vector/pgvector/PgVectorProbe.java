package dev.mainspring.knowledge.service.vector.pgvector;

import dev.mainspring.inference.model.provider.ProviderFamily;
import dev.mainspring.inference.model.provider.ProviderInstance;
import dev.mainspring.inference.service.provider.AdapterProbe;
import dev.mainspring.inference.service.provider.ProviderError;
import dev.mainspring.inference.service.provider.ProviderProbe;
import dev.mainspring.knowledge.service.vector.VectorStoreUnavailableException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

/**
 * Checks a pgvector provider (provider validation, deployment preflight): a connection through
 * {@link PgVectorConnections} and a query asking whether the server offers the {@code vector}
 * extension. Unreachable, refused or without the extension, it fails as {@code
 * provider_unreachable} or {@code provider_bad_answer}; the log has the details.
 */
@ApplicationScoped
public class PgVectorProbe implements AdapterProbe {

  @Inject PgVectorConnections connections;

  @Override
  public String adapter() {
    return ProviderFamily.ADAPTER_POSTGRESQL;
  }

  @Override
  public ProviderProbe.Result probe(ProviderInstance provider) {
    long started = System.nanoTime();
    boolean offered;
    try {
      offered =
          connections.with(
              provider.getId(),
              connection -> {
                try (Statement query = connection.createStatement()) {
                  query.setQueryTimeout(connections.statementTimeoutSeconds());
                  try (ResultSet rows =
                      query.executeQuery(
                          "select count(*) from pg_available_extensions where name = 'vector'")) {
                    return rows.next() && rows.getLong(1) > 0;
                  }
                }
              });
    } catch (VectorStoreUnavailableException e) {
      return ProviderProbe.Result.failed(ProviderError.unreachable());
    }
    if (!offered) {
      return ProviderProbe.Result.failed(ProviderError.badAnswer("pgvector extension"));
    }
    long latency = Duration.ofNanos(System.nanoTime() - started).toMillis();
    return new ProviderProbe.Result(true, latency, List.of(), null);
  }
}
