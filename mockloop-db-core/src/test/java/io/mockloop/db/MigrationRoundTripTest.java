package io.mockloop.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.mockloop.db.migration.MigrationReport;
import io.mockloop.db.testing.DbTarget;
import io.mockloop.db.testing.InternalAccess;
import io.mockloop.db.testing.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** migrate → rollback to 1 → rollback to 0 → migrate leaves a schema identical to the first, on every database. */
class MigrationRoundTripTest {

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, mode = EnumSource.Mode.EXCLUDE, names = "POSTGRESQL_PARTITIONED")
    void rollingBackToZeroAndMigratingAgainRecreatesTheIdenticalSchema(DbTarget target) throws SQLException {
        try (TestDatabase tdb = TestDatabase.create(target); MockLoopDb db = tdb.builder().build()) {
            int latest = db.migrations().latestVersion();
            String first = snapshot(db);

            MigrationReport toOne = db.migrations().rollback(1);
            assertThat(toOne.versionBefore()).isEqualTo(latest);
            assertThat(toOne.versionAfter()).isEqualTo(1);
            assertThat(toOne.changeSets()).contains("v2-01-idx-request-logs-composite", "v2-07-schema-version-row")
                    .noneMatch(id -> id.startsWith("v1-"));
            assertThat(TestQueries.schemaVersions(db)).containsExactly("1 Initial schema");
            assertThat(snapshot(db)).doesNotContain("idx_request_logs_composite", "idx_scenarios_server_active")
                    .contains("idx_request_logs_timestamp");
            assertThat(db.migrations().status().pendingVersions()).contains(2);

            MigrationReport toZero = db.migrations().rollback(0);
            assertThat(toZero.versionAfter()).isZero();
            assertThat(toZero.changeSets()).contains("v1-01-request-logs", "v1-tag");
            SchemaConformanceTest.Snapshot empty = snapshotOf(db);
            assertThat(empty.tables).isEmpty();
            assertThat(empty.views).isEmpty();

            MigrationReport again = db.migrations().migrate();
            assertThat(again.versionBefore()).isZero();
            assertThat(again.versionAfter()).isEqualTo(latest);
            assertThat(snapshot(db)).isEqualTo(first);
            assertThat(TestQueries.schemaVersions(db)).containsExactly("1 Initial schema", "2 Performance indexes",
                    "3 Webhook outbox", "5 Case-insensitive identities and import keys", "6 Unmatched requests");
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, names = {"SQLITE_FILE", "POSTGRESQL", "MARIADB"})
    void migratingToVersionOneThenToTheLatestAppliesEachVersionInTurn(DbTarget target) {
        try (TestDatabase tdb = TestDatabase.create(target)) {
            // open without migrating: the schema check is bypassed by migrating explicitly first through a raw
            // builder that does migrate, then rolling back, so the step-wise path is exercised from version 0
            try (MockLoopDb db = tdb.builder().build()) {
                db.migrations().rollback(0);
                MigrationReport one = db.migrations().migrate(1);
                assertThat(one.versionBefore()).isZero();
                assertThat(one.versionAfter()).isEqualTo(1);
                assertThat(one.changeSets()).allMatch(id -> id.startsWith("v1-"));
                assertThat(db.migrations().status().currentVersion()).isEqualTo(1);
                MigrationReport rest = db.migrations().migrate();
                assertThat(rest.versionBefore()).isEqualTo(1);
                assertThat(rest.versionAfter()).isEqualTo(db.migrations().latestVersion());
                assertThat(rest.changeSets()).noneMatch(id -> id.startsWith("v1-"));
                assertThat(db.migrations().migrate().changed()).isFalse();
            }
        }
    }

    private static String snapshot(MockLoopDb db) throws SQLException {
        return snapshotOf(db).canonical();
    }

    private static SchemaConformanceTest.Snapshot snapshotOf(MockLoopDb db) throws SQLException {
        try (Connection c = InternalAccess.dataSource(db).getConnection()) {
            return SchemaConformanceTest.Snapshot.of(c, db.databaseType());
        }
    }
}
