package io.mockloop.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mockloop.db.migration.ChangeSetInfo;
import io.mockloop.db.migration.MigrationStatus;
import io.mockloop.db.migration.ValidationReport;
import io.mockloop.db.testing.DbTarget;
import io.mockloop.db.testing.TestDatabase;
import io.mockloop.db.testing.TestSupport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Migration status, history and validation are data; refusals name what is wrong. */
class MigrationsTest {

    @TempDir
    Path dir;

    @Test
    void openingABehindSchemaWithoutMigratingFailsNamingThePendingVersions() {
        Path file = dir.resolve("behind.db");
        assertThatThrownBy(() -> MockLoopDb.builder().sqliteFile(file).migrateOnStart(false).build())
                .isInstanceOf(MigrationException.class)
                .hasMessageContaining("is at version 0")
                .hasMessageContaining("versions [1, 2, 3, 5, 6] are pending");
        try (MockLoopDb db = MockLoopDb.open(file)) {
            db.migrations().rollback(1);
        }
        assertThatThrownBy(() -> MockLoopDb.builder().sqliteFile(file).migrateOnStart(false).build())
                .isInstanceOf(MigrationException.class)
                .hasMessageContaining("is at version 1")
                .hasMessageContaining("versions [2, 3, 5, 6] are pending");
        try (MockLoopDb db = MockLoopDb.open(file); MockLoopDb again = MockLoopDb.builder().sqliteFile(file)
                .migrateOnStart(false).build()) {
            assertThat(again.migrations().status().upToDate()).isTrue();
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, names = {"SQLITE_MEMORY", "POSTGRESQL", "MYSQL"})
    void statusAndHistoryDescribeAppliedAndPendingChangeSets(DbTarget target) {
        try (TestDatabase tdb = TestDatabase.create(target); MockLoopDb db = tdb.builder().build()) {
            Instant before = Instant.now().minusSeconds(60);
            MigrationStatus up = db.migrations().status();
            assertThat(up.currentVersion()).isEqualTo(MockLoopDb.latestSchemaVersion());
            assertThat(up.latestVersion()).isEqualTo(MockLoopDb.latestSchemaVersion());
            assertThat(up.upToDate()).isTrue();
            assertThat(up.pending()).isEmpty();
            assertThat(up.applied()).extracting(ChangeSetInfo::id).startsWith("v1-01-request-logs", "v1-02-mock-servers")
                    .endsWith("v" + MockLoopDb.latestSchemaVersion() + "-tag");
            assertThat(up.applied()).allSatisfy(c -> assertThat(c.appliedAt()).hasValueSatisfying(
                    t -> assertThat(t).isAfter(before)));
            assertThat(db.migrations().history()).isEqualTo(up.applied());

            db.migrations().rollback(1);
            MigrationStatus behind = db.migrations().status();
            assertThat(behind.currentVersion()).isEqualTo(1);
            assertThat(behind.pendingVersions()).containsExactly(2, 3, 5, 6); // 4 is optional
            assertThat(behind.pending()).extracting(ChangeSetInfo::id).contains("v2-01-idx-request-logs-composite",
                    "v2-tag");
            assertThat(behind.pending()).allSatisfy(c -> {
                assertThat(c.appliedAt()).isEmpty();
                assertThat(c.file()).isEqualTo(c.version() == 2 ? "db/changelog/v002-performance-indexes.xml"
                        : c.version() == 3 ? "db/changelog/v003-webhook-outbox.xml"
                        : c.version() == 5 ? "db/changelog/v005-case-insensitive-identities.xml"
                        : "db/changelog/v006-unmatched-requests.xml");
            });
            assertThat(behind.pending()).extracting(ChangeSetInfo::version).containsOnly(2, 3, 5, 6);
            boolean pgOnly = behind.pending().stream().anyMatch(c -> c.id().equals("v2-06-idx-request-logs-covering"));
            assertThat(pgOnly).isEqualTo(target == DbTarget.POSTGRESQL);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, names = {"SQLITE_FILE", "POSTGRESQL", "MARIADB"})
    void validateReportsChecksumDriftAndMissingIndexes(DbTarget target) {
        try (TestDatabase tdb = TestDatabase.create(target); MockLoopDb db = tdb.builder().build()) {
            ValidationReport clean = db.migrations().validate();
            assertThat(clean.valid()).as(clean.toString()).isTrue();

            TestSupport.execute(db, "UPDATE mockloop_databasechangelog SET MD5SUM = '9:00000000000000000000000000000000'"
                    + " WHERE ID = 'v1-02-mock-servers'");
            String dropIndex = switch (target) {
                case POSTGRESQL, SQLITE_FILE -> "DROP INDEX idx_users_is_active";
                default -> "DROP INDEX idx_users_is_active ON users";
            };
            TestSupport.execute(db, dropIndex);

            ValidationReport report = db.migrations().validate();
            assertThat(report.valid()).isFalse();
            assertThat(report.checksumDrift()).singleElement().asString()
                    .contains("v1-02-mock-servers").contains("changed since it was applied");
            assertThat(report.schemaDifferences()).containsExactly("index idx_users_is_active on users is missing");
        }
    }

    @Test
    void versionsOutsideTheKnownRangeAreRefused() {
        try (MockLoopDb db = MockLoopDb.inMemory()) {
            assertThatThrownBy(() -> db.migrations().rollback(-1)).isInstanceOf(ValidationException.class)
                    .hasMessage("version must be between 0 and 6 (was -1)");
            assertThatThrownBy(() -> db.migrations().migrate(7)).isInstanceOf(ValidationException.class)
                    .hasMessage("version must be between 1 and 6 (was 7)");
            assertThatThrownBy(() -> db.migrations().migrate(0)).isInstanceOf(ValidationException.class)
                    .hasMessage("version must be between 1 and 6 (was 0)");
        }
    }

    @Test
    void migrationsNeverPrintToTheConsole() throws Exception {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.PrintStream original = System.out;
        System.setOut(new java.io.PrintStream(out, true));
        try (MockLoopDb db = MockLoopDb.open(dir.resolve("quiet.db"))) {
            db.migrations().rollback(0);
            db.migrations().migrate();
        } finally {
            System.setOut(original);
        }
        assertThat(out.toString()).isEmpty();
        assertThat(Files.exists(dir.resolve("quiet.db"))).isTrue();
    }
}
