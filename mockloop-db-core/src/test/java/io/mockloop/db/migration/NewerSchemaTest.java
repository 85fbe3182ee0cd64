package io.mockloop.db.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mockloop.db.MigrationException;
import io.mockloop.db.MockLoopDb;
import io.mockloop.db.testing.DbTarget;
import io.mockloop.db.testing.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Refuse the future: a database migrated by a newer mockloop-db (a newer {@code schema_version} row, or a tracked change
 * set of a version this library does not carry) fails {@code build()} with {@link MigrationException.NewerSchema}
 * naming both versions, before anything is written, whether {@code build()} migrates or only checks; on a SQLite
 * file, PostgreSQL and MariaDB.
 */
class NewerSchemaTest {

    private static final int LATEST = MockLoopDb.latestSchemaVersion();
    private static final int FUTURE = 99;

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, names = {"SQLITE_FILE", "POSTGRESQL", "MARIADB"})
    void aNewerSchemaVersionRowIsRefusedByBuildWithBothVersionsAndNothingWritten(DbTarget target) throws Exception {
        try (TestDatabase tdb = TestDatabase.create(target)) {
            tdb.builder().build().close();
            execute(tdb, "INSERT INTO schema_version (version, description) VALUES (" + FUTURE + ", 'From the future')");
            List<String> before = fingerprint(tdb);

            assertRefused(() -> tdb.builder().build());
            assertRefused(() -> tdb.builder().migrateOnStart(false).build());

            assertThat(fingerprint(tdb)).isEqualTo(before);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, names = {"SQLITE_FILE", "POSTGRESQL", "MARIADB"})
    void aTrackedChangeSetOfANewerVersionIsRefusedAndTheHistoryStillReadsIt(DbTarget target) throws Exception {
        try (TestDatabase tdb = TestDatabase.create(target)) {
            tdb.builder().build().close();
            execute(tdb, "INSERT INTO mockloop_databasechangelog (ID, AUTHOR, FILENAME, DATEEXECUTED, ORDEREXECUTED,"
                    + " EXECTYPE) VALUES ('v" + FUTURE + "-01-future', 'mockloop', 'db/changelog/v0" + FUTURE
                    + "-future.xml', CURRENT_TIMESTAMP, 1000, 'EXECUTED')");
            List<String> before = fingerprint(tdb);

            assertRefused(() -> tdb.builder().build());
            assertRefused(() -> tdb.builder().migrateOnStart(false).build());
            try (MockLoopDb db = tdb.builder().migrateOnStart(false).checkSchemaOnStart(false).build()) {
                assertThat(db.migrations().history()).extracting(ChangeSetInfo::id).contains("v99-01-future");
                assertThatThrownBy(() -> db.migrations().status()).isInstanceOf(MigrationException.NewerSchema.class);
                assertThatThrownBy(() -> db.migrations().rollback(1))
                        .isInstanceOf(MigrationException.NewerSchema.class);
            }

            assertThat(fingerprint(tdb)).isEqualTo(before);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, names = {"SQLITE_FILE", "POSTGRESQL", "MARIADB"})
    void theStatusOfAnUpToDateDatabaseReadFromTheTrackingTableAgreesWithLiquibase(DbTarget target) {
        try (TestDatabase tdb = TestDatabase.create(target);
             MockLoopDb db = tdb.builder().migrateOnStart(false).checkSchemaOnStart(false).build()) {
            db.migrations().migrate(1);
            MigrationStatus behind = db.migrations().status(); // worked out by Liquibase: something is pending
            db.migrations().migrate();

            MigrationStatus current = db.migrations().status(); // from the tracking table alone

            assertThat(behind.currentVersion()).isEqualTo(1);
            assertThat(behind.upToDate()).isFalse();
            assertThat(current.currentVersion()).isEqualTo(LATEST);
            assertThat(current.latestVersion()).isEqualTo(LATEST);
            assertThat(current.pending()).isEmpty();
            assertThat(current.applied()).extracting(ChangeSetInfo::id)
                    .containsExactlyElementsOf(db.migrations().history().stream().map(ChangeSetInfo::id).toList());
            assertThat(current.applied()).allSatisfy(c -> assertThat(c.appliedAt()).isPresent());
        }
    }

    private static void assertRefused(org.assertj.core.api.ThrowableAssert.ThrowingCallable build) {
        assertThatThrownBy(build)
                .isInstanceOf(MigrationException.NewerSchema.class)
                .hasMessageContaining("is at version " + FUTURE)
                .satisfies(e -> {
                    MigrationException.NewerSchema n = (MigrationException.NewerSchema) e;
                    assertThat(n.databaseVersion()).isEqualTo(FUTURE);
                    // the optional version (partitioned request_logs) counts on PostgreSQL only
                    assertThat(n.libraryVersion()).isGreaterThanOrEqualTo(LATEST);
                    assertThat(n).hasMessageContaining("newer than version " + n.libraryVersion() + ", the newest");
                });
    }

    private static Connection connect(TestDatabase tdb) throws SQLException {
        return DriverManager.getConnection(tdb.url());
    }

    private static void execute(TestDatabase tdb, String sql) throws SQLException {
        try (Connection c = connect(tdb); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    /** The tracking rows, the schema_version rows and the lock row: what a migration would write. */
    private static List<String> fingerprint(TestDatabase tdb) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = connect(tdb); Statement st = c.createStatement()) {
            for (String sql : new String[] {
                "SELECT ID, FILENAME, EXECTYPE FROM mockloop_databasechangelog ORDER BY ORDEREXECUTED, ID",
                "SELECT version, description FROM schema_version ORDER BY version",
                "SELECT ID, LOCKED FROM mockloop_databasechangeloglock"}) {
                try (ResultSet rs = st.executeQuery(sql)) {
                    int columns = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        StringBuilder row = new StringBuilder();
                        for (int i = 1; i <= columns; i++) {
                            row.append(rs.getString(i)).append('|');
                        }
                        out.add(row.toString());
                    }
                }
            }
        }
        return out;
    }
}
