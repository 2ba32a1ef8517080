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
  void applicationRoleOwnsNothingAndReadsAndWritesData() throws Exception {
    PGSimpleDataSource owner = new PGSimpleDataSource();
    owner.setUrl(System.getenv("DB_URL"));
    owner.setUser(System.getenv("DB_OWNER_USER"));
    owner.setPassword(System.getenv("DB_OWNER_PASSWORD"));
    SchemaMigrations.flyway(owner, System.getenv("DB_USER")).migrate();
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
      s.executeQuery("select count(*) from projects").close();
      String name = "written by the application role " + UUID.randomUUID();
      assertEquals(
          1,
          s.executeUpdate(
              "insert into projects (id, name, created_at, updated_at) values"
                  + " (gen_random_uuid(), '"
                  + name
                  + "', now(), now())"));
      assertEquals(1, s.executeUpdate("delete from projects where name = '" + name + "'"));
      SQLException ddl =
          assertThrows(
              SQLException.class, () -> s.execute("alter table projects add column x int"));
      assertEquals("42501", ddl.getSQLState(), ddl.getMessage());
      SQLException drop = assertThrows(SQLException.class, () -> s.execute("drop table threads"));
      assertEquals("42501", drop.getSQLState(), drop.getMessage());
    }
  }
}
