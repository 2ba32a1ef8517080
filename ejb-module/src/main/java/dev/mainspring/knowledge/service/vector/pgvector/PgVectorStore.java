package dev.mainspring.knowledge.service.vector.pgvector;

import dev.mainspring.knowledge.service.vector.IndexedVector;
import dev.mainspring.knowledge.service.vector.KnowledgeIndexSync;
import dev.mainspring.knowledge.service.vector.VectorDimensionsException;
import dev.mainspring.knowledge.service.vector.VectorHit;
import dev.mainspring.knowledge.service.vector.VectorIndex;
import dev.mainspring.knowledge.service.vector.VectorStore;
import dev.mainspring.knowledge.service.vector.VectorStoreUnavailableException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code pgvector} family: each index is a table in the PostgreSQL server the provider instance
 * names (endpoint {@code postgresql://host:port/db}, connections from {@link PgVectorConnections}),
 * with the pgvector extension:
 *
 * <pre>
 * create table "msv_&lt;index&gt;" (chunk_id uuid primary key, document_id uuid not null,
 *                              embedding vector(n) not null, metadata jsonb)
 * create index "msv_&lt;index&gt;_doc" on ... (document_id)
 * create index "msv_&lt;index&gt;_hnsw" on ... using hnsw (embedding vector_cosine_ops)
 * </pre>
 *
 * An upsert is {@code insert ... on conflict (chunk_id) do update} (a page in one transaction of
 * that server's), a query orders by cosine distance ({@code <=>}) with the document set applied as
 * {@code document_id = any(?)} inside the SQL, and the score is the cosine similarity ({@code 1 -
 * distance}), as the built-in store's. Each connection searches with {@code hnsw.ef_search} {@value
 * #EF_SEARCH} and {@code hnsw.iterative_scan = strict_order} (pgvector 0.8), so a filter that
 * rejects most of the graph's candidates still yields up to {@code topK} hits, nearest first.
 *
 * <p>Mainspring's own PostgreSQL stays the source of truth: {@link KnowledgeIndexSync} keeps this
 * copy current as it does the built-in one's, and rebuilds it when the server missed changes.
 */
@ApplicationScoped
public class PgVectorStore implements VectorStore {

  public static final String FAMILY = "pgvector";

  /** HNSW candidates a search keeps (pgvector's default is 40). */
  static final int EF_SEARCH = 100;

  private static final String UNDEFINED_TABLE = "42P01";
  private static final String UNIQUE_VIOLATION = "23505";
  private static final String DUPLICATE_TABLE = "42P07";

  @Inject PgVectorConnections connections;

  /** The dimensions of the indexes this process made or found, so upserts skip the DDL. */
  private final Map<VectorIndex, Integer> known = new ConcurrentHashMap<>();

  /** Connections whose session settings are made. */
  private final Set<Connection> tuned =
      Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

  @Override
  public String family() {
    return FAMILY;
  }

  @Override
  public void ensureIndex(VectorIndex index, int dimensions) {
    String name = index.name();
    connections.with(
        index.provider(),
        connection -> {
          int existing = create(connection, name, dimensions);
          if (existing != dimensions) {
            throw new VectorDimensionsException(dimensions, existing);
          }
          return null;
        });
    known.put(index, dimensions);
  }

  @Override
  public void upsert(VectorIndex index, List<IndexedVector> vectors) {
    if (vectors.isEmpty()) {
      return;
    }
    int dimensions = vectors.get(0).vector().length;
    Integer expected = known.get(index);
    if (expected == null) {
      ensureIndex(index, dimensions);
      expected = dimensions;
    }
    for (IndexedVector vector : vectors) {
      if (vector.vector().length != expected) {
        throw new VectorDimensionsException(vector.vector().length, expected);
      }
    }
    String sql =
        "insert into "
            + PgVectorNames.table(index.name())
            + " (chunk_id, document_id, embedding, metadata) values (?, ?, ?::vector, ?::jsonb)"
            + " on conflict (chunk_id) do update set document_id = excluded.document_id,"
            + " embedding = excluded.embedding, metadata = excluded.metadata";
    try {
      connections.with(index.provider(), connection -> write(connection, sql, vectors));
    } catch (VectorStoreUnavailableException e) {
      // The table may have gone behind this process's back (a server started afresh): make it
      // again on the next call.
      known.remove(index);
      throw e;
    }
  }

  @Override
  public void deleteDocument(VectorIndex index, UUID documentId) {
    String sql = "delete from " + PgVectorNames.table(index.name()) + " where document_id = ?";
    connections.with(
        index.provider(),
        connection -> {
          try (PreparedStatement delete = connection.prepareStatement(sql)) {
            delete.setQueryTimeout(connections.statementTimeoutSeconds());
            delete.setObject(1, documentId);
            delete.executeUpdate();
          } catch (SQLException e) {
            if (!UNDEFINED_TABLE.equals(e.getSQLState())) {
              throw e;
            }
          }
          return null;
        });
  }

  @Override
  public void dropIndex(VectorIndex index) {
    known.remove(index);
    connections.with(
        index.provider(),
        connection -> {
          try (Statement drop = connection.createStatement()) {
            drop.setQueryTimeout(connections.statementTimeoutSeconds());
            drop.execute("drop table if exists " + PgVectorNames.table(index.name()));
          }
          return null;
        });
  }

  @Override
  public List<VectorHit> query(VectorIndex index, float[] vector, int topK, Set<UUID> documents) {
    Integer expected = known.get(index);
    if (expected != null && expected != vector.length) {
      throw new VectorDimensionsException(vector.length, expected);
    }
    String table = PgVectorNames.table(index.name());
    String sql =
        "select chunk_id, 1 - (embedding <=> ?::vector) as score, metadata::text from "
            + table
            + (documents == null ? "" : " where document_id = any(?)")
            + " order by embedding <=> ?::vector limit ?";
    String literal = literal(vector);
    return connections.with(
        index.provider(),
        connection -> {
          tune(connection);
          try (PreparedStatement query = connection.prepareStatement(sql)) {
            query.setQueryTimeout(connections.statementTimeoutSeconds());
            int p = 1;
            query.setString(p++, literal);
            if (documents != null) {
              Array ids = connection.createArrayOf("uuid", documents.toArray());
              query.setArray(p++, ids);
            }
            query.setString(p++, literal);
            query.setInt(p, topK);
            List<VectorHit> hits = new ArrayList<>();
            try (ResultSet rows = query.executeQuery()) {
              while (rows.next()) {
                hits.add(
                    new VectorHit(
                        rows.getObject(1, UUID.class), rows.getDouble(2), rows.getString(3)));
              }
            }
            return hits;
          } catch (SQLException e) {
            if (UNDEFINED_TABLE.equals(e.getSQLState())) {
              return List.of();
            }
            if ("22000".equals(e.getSQLState()) || "22023".equals(e.getSQLState())) {
              // pgvector's "different vector dimensions": the index has others than the query.
              throw new VectorDimensionsException(vector.length, dimensions(connection, index));
            }
            throw e;
          }
        });
  }

  /**
   * Makes the extension, the table and its indexes unless they exist (racing another instance is
   * retried once) and returns the table's dimensions.
   */
  private int create(Connection connection, String name, int dimensions) throws SQLException {
    String table = PgVectorNames.table(name);
    String[] ddl = {
      "create extension if not exists vector",
      "create table if not exists "
          + table
          + " (chunk_id uuid primary key, document_id uuid not null, embedding vector("
          + dimensions
          + ") not null, metadata jsonb)",
      "create index if not exists "
          + PgVectorNames.quote(PgVectorNames.tableName(name) + "_doc")
          + " on "
          + table
          + " (document_id)",
      "create index if not exists "
          + PgVectorNames.hnswIndex(name)
          + " on "
          + table
          + " using hnsw (embedding vector_cosine_ops)"
    };
    for (String statement : ddl) {
      executeRetryingRace(connection, statement);
    }
    return dimensions(connection, name);
  }

  private void executeRetryingRace(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.setQueryTimeout(connections.statementTimeoutSeconds());
      try {
        statement.execute(sql);
      } catch (SQLException e) {
        if (!UNIQUE_VIOLATION.equals(e.getSQLState()) && !DUPLICATE_TABLE.equals(e.getSQLState())) {
          throw e;
        }
        statement.execute(sql);
      }
    }
  }

  private int dimensions(Connection connection, VectorIndex index) throws SQLException {
    return dimensions(connection, index.name());
  }

  /** The dimensions of the table's {@code embedding} column (its type modifier). */
  private int dimensions(Connection connection, String name) throws SQLException {
    try (PreparedStatement column =
        connection.prepareStatement(
            "select atttypmod from pg_attribute where attrelid = to_regclass(?)"
                + " and attname = 'embedding'")) {
      column.setQueryTimeout(connections.statementTimeoutSeconds());
      column.setString(1, PgVectorNames.table(name));
      try (ResultSet rows = column.executeQuery()) {
        if (!rows.next()) {
          throw new SQLException("the table of index " + name + " has no embedding column");
        }
        return rows.getInt(1);
      }
    }
  }

  private Void write(Connection connection, String sql, List<IndexedVector> vectors)
      throws SQLException {
    connection.setAutoCommit(false);
    try (PreparedStatement insert = connection.prepareStatement(sql)) {
      insert.setQueryTimeout(connections.statementTimeoutSeconds());
      for (IndexedVector vector : vectors) {
        insert.setObject(1, vector.chunkId());
        insert.setObject(2, vector.documentId());
        insert.setString(3, literal(vector.vector()));
        insert.setString(4, vector.metadataJson());
        insert.addBatch();
      }
      insert.executeBatch();
      connection.commit();
    } catch (SQLException e) {
      connection.rollback();
      throw e;
    } finally {
      connection.setAutoCommit(true);
    }
    return null;
  }

  private void tune(Connection connection) {
    if (tuned.contains(connection)) {
      return;
    }
    try (Statement set = connection.createStatement()) {
      set.setQueryTimeout(connections.statementTimeoutSeconds());
      set.execute("set hnsw.ef_search = " + EF_SEARCH);
      set.execute("set hnsw.iterative_scan = strict_order");
    } catch (SQLException e) {
      // pgvector before 0.8 has no iterative scans; searches still work, a narrow filter may
      // then find fewer than topK.
    }
    tuned.add(connection);
  }

  /** pgvector's text form of a vector: {@code [x,y,...]}. */
  static String literal(float[] vector) {
    StringBuilder text = new StringBuilder(vector.length * 10).append('[');
    for (int i = 0; i < vector.length; i++) {
      if (i > 0) {
        text.append(',');
      }
      text.append(vector[i]);
    }
    return text.append(']').toString();
  }
}
