package dev.mainspring.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mainspring.platform.model.SchemaMigrations;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/** Migrations as instances starting together run them: at once, on one empty database. */
class SchemaMigrationsIT {

  @Test
  void instancesMigratingAtOnceApplyEachMigrationOnce() throws Exception {
    String database = "migrate_" + UUID.randomUUID().toString().replace("-", "");
    try (Connection c = TestDatabase.connect();
        Statement s = c.createStatement()) {
      s.execute("create database " + database);
    }
    PGSimpleDataSource dataSource = new PGSimpleDataSource();
    dataSource.setUrl(System.getenv("DB_URL").replace("/mainspring", "/" + database));
    dataSource.setUser(System.getenv("DB_OWNER_USER"));
    dataSource.setPassword(System.getenv("DB_OWNER_PASSWORD"));

    int instances = 4;
    CyclicBarrier start = new CyclicBarrier(instances);
    ExecutorService pool = Executors.newFixedThreadPool(instances);
    List<Future<Integer>> applied = new ArrayList<>();
    for (int i = 0; i < instances; i++) {
      applied.add(
          pool.submit(
              () -> {
                start.await();
                return SchemaMigrations.flyway(dataSource, System.getenv("DB_USER"))
                    .migrate()
                    .migrationsExecuted;
              }));
    }
    int total = 0;
    for (Future<Integer> result : applied) {
      total += result.get();
    }
    pool.shutdown();

    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement();
        ResultSet history =
            s.executeQuery(
                "select version, count(*), bool_and(success) from flyway_schema_history"
                    + " where version is not null group by version")) {
      int versions = 0;
      while (history.next()) {
        versions++;
        assertEquals(1, history.getInt(2), "version " + history.getString(1) + " applied twice");
        assertTrue(history.getBoolean(3));
      }
      assertEquals(versions, total, "every migration is applied by exactly one instance");
      assertTrue(versions > 0);
    }
    assertEquals(0, SchemaMigrations.state(dataSource).pending());
  }

  @Test
  void applicationRoleOwnsNothingAndCannotChangeTheSchema() throws Exception {
    migrateMainDatabase();
    try (Connection ownerConnection = TestDatabase.connect();
        Statement s = ownerConnection.createStatement();
        ResultSet owned =
            s.executeQuery(
                "select count(*) from pg_tables where schemaname = 'public'"
                    + " and tableowner = '"
                    + System.getenv("DB_USER")
                    + "'")) {
      owned.next();
      assertEquals(0, owned.getInt(1), "the application role owns tables");
    }
    try (Connection app = TestDatabase.connectAsApplication();
        Statement s = app.createStatement()) {
      SQLException ddl =
          assertThrows(
              SQLException.class, () -> s.execute("alter table projects add column x int"));
      assertEquals("42501", ddl.getSQLState(), ddl.getMessage());
      SQLException drop = assertThrows(SQLException.class, () -> s.execute("drop table threads"));
      assertEquals("42501", drop.getSQLState(), drop.getMessage());
    }
  }

  /**
   * Row-level security alone keeps organizations apart: queries without any organization filter,
   * run as the application role, see only the rows of the organization the transaction is bound to,
   * none without one, and cannot write rows into another organization.
   */
  @Test
  void rowLevelSecurityAloneStopsALeak() throws Exception {
    migrateMainDatabase();
    UUID orgA = UUID.randomUUID();
    UUID orgB = UUID.randomUUID();
    UUID projectOfA = UUID.randomUUID();
    try (Connection owner = TestDatabase.connect();
        Statement s = owner.createStatement()) {
      for (UUID org : List.of(orgA, orgB)) {
        s.execute(
            "insert into organizations (id, name, slug, created_at, updated_at) values ('"
                + org
                + "', 'rls "
                + org
                + "', 'rls-"
                + org
                + "', now(), now())");
      }
      s.execute(
          "insert into projects (id, org_id, name, created_at, updated_at) values ('"
              + projectOfA
              + "', '"
              + orgA
              + "', 'secret of A', now(), now())");
    }
    try (Connection app = TestDatabase.connectAsApplication();
        Statement s = app.createStatement()) {
      assertEquals(0, count(s, "select count(*) from projects where id = '" + projectOfA + "'"));

      app.setAutoCommit(false);
      s.execute("select set_config('app.org_id', '" + orgB + "', true)");
      assertEquals(0, count(s, "select count(*) from projects where org_id = '" + orgA + "'"));
      assertEquals(0, count(s, "select count(*) from projects where name = 'secret of A'"));
      assertEquals(
          0, s.executeUpdate("update projects set name = 'taken' where id = '" + projectOfA + "'"));
      SQLException foreignWrite =
          assertThrows(
              SQLException.class,
              () ->
                  s.execute(
                      "insert into projects (id, org_id, name, created_at, updated_at) values ('"
                          + UUID.randomUUID()
                          + "', '"
                          + orgA
                          + "', 'planted', now(), now())"));
      assertEquals("42501", foreignWrite.getSQLState(), foreignWrite.getMessage());
      app.rollback();

      s.execute("select set_config('app.org_id', '" + orgA + "', true)");
      assertEquals(1, count(s, "select count(*) from projects where id = '" + projectOfA + "'"));
      app.rollback();
    }
  }

  private static int count(Statement s, String sql) throws SQLException {
    try (ResultSet r = s.executeQuery(sql)) {
      r.next();
      return r.getInt(1);
    }
  }

  private static void migrateMainDatabase() {
    PGSimpleDataSource owner = new PGSimpleDataSource();
    owner.setUrl(System.getenv("DB_URL"));
    owner.setUser(System.getenv("DB_OWNER_USER"));
    owner.setPassword(System.getenv("DB_OWNER_PASSWORD"));
    SchemaMigrations.flyway(owner, System.getenv("DB_USER")).migrate();
  }
}
