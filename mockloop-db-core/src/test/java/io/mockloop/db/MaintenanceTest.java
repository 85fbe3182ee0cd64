package io.mockloop.db;

import static io.mockloop.db.internal.jooq.generated.Tables.REQUEST_LOGS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mockloop.db.maintenance.Maintenance;
import io.mockloop.db.testing.DbTarget;
import io.mockloop.db.testing.InternalAccess;
import io.mockloop.db.testing.TestDatabase;
import io.mockloop.db.testing.TestSupport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Sizes, vacuum, analyze, health on every database; SQLite backup and restore. */
class MaintenanceTest {

    @TempDir
    Path dir;

    @Test
    void healthOnAPoolOfOneNeverWaitsForASecondConnection() {
        // health() used to hold its round-trip connection while the retention status asked the pool for another
        try (MockLoopDb db = MockLoopDb.builder().sqliteFile(dir.resolve("one.db")).poolSize(1)
                .poolTimeout(java.time.Duration.ofSeconds(2))
                .retention(io.mockloop.db.maintenance.RetentionSettings.DEFAULTS).build()) {
            Maintenance.Health health = db.maintenance().health();
            assertThat(health.error()).isEmpty();
            assertThat(health.reachable()).isTrue();
            assertThat(health.migrationsPending()).isFalse();
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, mode = EnumSource.Mode.EXCLUDE, names = "POSTGRESQL_PARTITIONED")
    void sizesVacuumAnalyzeAndHealthReportTheDatabase(DbTarget target) {
        MockLoopDb db = TestDatabase.fresh(target);
        DSLContext dsl = InternalAccess.dsl(db);
        for (int i = 0; i < 25; i++) {
            dsl.insertInto(REQUEST_LOGS).set(REQUEST_LOGS.METHOD, "GET").set(REQUEST_LOGS.PATH, "/p/" + i)
                    .set(REQUEST_LOGS.RESPONSE_STATUS, 200).execute();
        }
        Maintenance m = db.maintenance();
        assertThat(m.size()).isPositive();
        List<Maintenance.TableSize> sizes = m.tableSizes();
        assertThat(sizes).extracting(Maintenance.TableSize::table).containsExactly("mock_responses", "mock_servers",
                "request_log_imports", "request_logs", "scenarios", "schema_version", "system_config", "user_sessions",
                "users", "webhook_deliveries", "webhook_outbox", "webhooks");
        assertThat(sizes).filteredOn(s -> s.table().equals("request_logs")).singleElement()
                .satisfies(s -> {
                    assertThat(s.rows()).isEqualTo(25);
                    assertThat(s.bytes()).isPositive();
                });
        assertThat(sizes).filteredOn(s -> s.table().equals("system_config")).singleElement()
                .extracting(Maintenance.TableSize::rows).isEqualTo(4L);

        Maintenance.VacuumReport vacuum = m.vacuum();
        assertThat(vacuum.bytesAfter()).isPositive();
        Maintenance.AnalyzeReport analyze = m.analyze();
        if (target == DbTarget.POSTGRESQL) {
            assertThat(analyze.indexUsage()).extracting(Maintenance.IndexUsage::index).contains("idx_request_logs_timestamp");
            assertThat(analyze.activeConnections().orElseThrow()).isPositive();
        } else if (target.needsServer()) {
            assertThat(analyze.notes()).singleElement().asString().contains("performance_schema");
            assertThat(analyze.activeConnections()).isEmpty();
        } else {
            assertThat(analyze.indexUsage()).extracting(Maintenance.IndexUsage::table).contains("request_logs");
            assertThat(analyze.indexUsage()).allSatisfy(u -> assertThat(u.scans()).isEmpty());
            assertThat(analyze.activeConnections()).isEmpty();
        }

        Maintenance.Health health = m.health();
        assertThat(health.reachable()).isTrue();
        assertThat(health.schemaVersion()).hasValue(health.latestSchemaVersion());
        assertThat(health.latestSchemaVersion()).isEqualTo(MockLoopDb.latestSchemaVersion());
        assertThat(health.migrationsPending()).isFalse();
        assertThat(health.pool()).hasValueSatisfying(pool -> assertThat(pool.activeConnections()).isZero());
        assertThat(health.error()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, names = {"POSTGRESQL", "MARIADB"})
    void backupOnServerDatabasesPointsAtTheNativeTools(DbTarget target) {
        MockLoopDb db = TestDatabase.fresh(target);
        String tool = target == DbTarget.POSTGRESQL ? "pg_dump" : "mariadb-dump";
        assertThatThrownBy(() -> db.maintenance().backup(dir.resolve("b.db")))
                .isInstanceOfSatisfying(UnsupportedFeatureException.class, e -> {
                    assertThat(e.feature()).isEqualTo("backup");
                    assertThat(e.databaseType()).isEqualTo(db.databaseType());
                })
                .hasMessageStartingWith("backup is built in for SQLite only").hasMessageContaining(tool);
        assertThat(dir.resolve("b.db")).doesNotExist();
    }

    @Test
    void aBackupTakenWhileWritersWriteIsIntactAndHoldsEverythingAcknowledgedBeforeIt() throws Exception {
        try (MockLoopDb db = MockLoopDb.builder().sqliteFile(dir.resolve("live.db")).poolSize(6).build()) {
            DSLContext dsl = InternalAccess.dsl(db);
            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger acknowledged = new AtomicInteger();
            ExecutorService writers = Executors.newFixedThreadPool(4);
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                futures.add(writers.submit(() -> {
                    while (!stop.get()) {
                        dsl.insertInto(REQUEST_LOGS).set(REQUEST_LOGS.METHOD, "POST").set(REQUEST_LOGS.PATH, "/w")
                                .set(REQUEST_LOGS.RESPONSE_STATUS, 201).execute();
                        acknowledged.incrementAndGet();
                    }
                    return null;
                }));
            }
            while (acknowledged.get() < 200) {
                Thread.sleep(5);
            }
            int before = acknowledged.get();
            Maintenance.BackupReport report = db.maintenance().backup(dir.resolve("copy.db"));
            stop.set(true);
            for (Future<?> f : futures) {
                f.get();
            }
            writers.shutdown();

            assertThat(report.schemaVersion()).isEqualTo(MockLoopDb.latestSchemaVersion());
            assertThat(report.bytes()).isEqualTo(Files.size(dir.resolve("copy.db")));
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("copy.db"));
                 Statement st = c.createStatement()) {
                assertThat(single(st, "PRAGMA integrity_check")).isEqualTo("ok");
                assertThat(Integer.parseInt(single(st, "SELECT COUNT(*) FROM request_logs"))).isGreaterThanOrEqualTo(before);
            }
            assertThatThrownBy(() -> db.maintenance().backup(dir.resolve("copy.db")))
                    .isInstanceOf(ValidationException.class).hasMessageStartingWith("to must not exist");
        }
    }

    @Test
    void restoreReplacesTheContentAndRefusesFilesThatAreNotMockloopDatabasesOrAreNewer() throws Exception {
        try (MockLoopDb db = MockLoopDb.open(dir.resolve("main.db"))) {
            db.config().set("marker", "before-backup");
            db.maintenance().backup(dir.resolve("b.db"));
            db.config().set("marker", "after-backup");

            Path text = Files.writeString(dir.resolve("notes.txt"), "hello");
            assertThatThrownBy(() -> db.maintenance().restore(text)).isInstanceOf(ValidationException.class)
                    .hasMessage("from must be a SQLite database file (was '" + text.toAbsolutePath() + "')");
            Path foreign = dir.resolve("foreign.db");
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + foreign); Statement st = c.createStatement()) {
                st.execute("CREATE TABLE t (x)");
            }
            assertThatThrownBy(() -> db.maintenance().restore(foreign)).isInstanceOf(ValidationException.class)
                    .hasMessageStartingWith("from must be a mockloop database");
            Path newer = Files.copy(dir.resolve("b.db"), dir.resolve("newer.db"));
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + newer); Statement st = c.createStatement()) {
                st.execute("INSERT INTO schema_version (version, description) VALUES (99, 'From the future')");
            }
            assertThatThrownBy(() -> db.maintenance().restore(newer)).isInstanceOf(MigrationException.class)
                    .hasMessageContaining("its schema version 99 is newer than this library's " + MockLoopDb.latestSchemaVersion());
            assertThat(db.config().get("marker")).hasValue("after-backup");

            Maintenance.BackupReport restored = db.maintenance().restore(dir.resolve("b.db"));
            assertThat(restored.schemaVersion()).isEqualTo(MockLoopDb.latestSchemaVersion());
            assertThat(db.config().get("marker")).hasValue("before-backup");
            TestSupport.execute(db, "PRAGMA quick_check");
        }
    }

    @Test
    void inspectBackupNamesTheVersionWithoutRestoringAndRestoreTakesAPathWithSpaces() throws Exception {
        Path spaced = Files.createDirectories(dir.resolve("with space"));
        try (MockLoopDb db = MockLoopDb.open(dir.resolve("main.db"))) {
            db.config().set("marker", "in-backup");
            db.maintenance().backup(spaced.resolve("b 1.db"));
            db.config().set("marker", "later");

            Maintenance.BackupReport inspected = db.maintenance().inspectBackup(spaced.resolve("b 1.db"));
            assertThat(inspected.schemaVersion()).isEqualTo(MockLoopDb.latestSchemaVersion());
            assertThat(inspected.bytes()).isPositive();
            assertThat(db.config().get("marker")).hasValue("later");
            assertThatThrownBy(() -> db.maintenance().inspectBackup(dir.resolve("missing.db")))
                    .isInstanceOf(ValidationException.class).hasMessageStartingWith("from must be an existing file");
            assertThatThrownBy(() -> db.maintenance().inspectBackup(null)).isInstanceOf(NullPointerException.class)
                    .hasMessage("source");
            assertThatThrownBy(() -> db.maintenance().restore(null)).isInstanceOf(NullPointerException.class)
                    .hasMessage("source");
            assertThatThrownBy(() -> db.maintenance().backup(null)).isInstanceOf(NullPointerException.class)
                    .hasMessage("target");

            db.maintenance().restore(spaced.resolve("b 1.db"));
            assertThat(db.config().get("marker")).hasValue("in-backup");
        }
    }

    private static String single(Statement st, String sql) throws Exception {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
