package io.mockloop.db.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mockloop.db.DatabaseType;
import io.mockloop.db.MockLoopDb;
import io.mockloop.db.maintenance.RetentionOutcome;
import io.mockloop.db.testing.DbTarget;
import io.mockloop.db.testing.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The one server session lock, used by migrations and retention: exclusive per name and schema/database, released on
 * close, and on MySQL/MariaDB named within MySQL's 64-character limit even on a database whose own name is 64
 * characters long (the migration lock used to append the whole database name and would have been refused by MySQL).
 */
class SessionLockTest {

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, names = {"POSTGRESQL", "MARIADB"})
    void aLockIsExclusiveUntilClosedAndScopedToItsSchemaOrDatabase(DbTarget target) throws Exception {
        DatabaseType type = target == DbTarget.POSTGRESQL ? DatabaseType.POSTGRESQL : DatabaseType.MARIADB;
        try (TestDatabase one = TestDatabase.create(target); TestDatabase other = TestDatabase.create(target);
             Connection a = DriverManager.getConnection(one.url());
             Connection b = DriverManager.getConnection(one.url());
             Connection elsewhere = DriverManager.getConnection(other.url())) {
            Optional<SessionLock> held = SessionLock.tryTake(a, type, "mockloop.test", 0);
            assertThat(held).isPresent();
            assertThat(SessionLock.tryTake(b, type, "mockloop.test", 0)).isEmpty();
            Optional<SessionLock> otherName = SessionLock.tryTake(b, type, "mockloop.other", 0);
            assertThat(otherName).isPresent();
            Optional<SessionLock> otherDatabase = SessionLock.tryTake(elsewhere, type, "mockloop.test", 0);
            assertThat(otherDatabase).as("the same name on another schema/database").isPresent();

            held.get().close();
            Optional<SessionLock> again = SessionLock.tryTake(b, type, "mockloop.test", 0);
            assertThat(again).isPresent();
            again.get().close();
            otherName.get().close();
            otherDatabase.get().close();
        }
    }

    @Test
    void onADatabaseWithA64CharacterNameTheLockNameFitsAndStaysDistinctAndMigrationAndRetentionRun() throws Exception {
        String prefix = "mlt_" + Long.toHexString(System.nanoTime());
        String nameA = (prefix + "_".repeat(64)).substring(0, 63) + "a";
        String nameB = (prefix + "_".repeat(64)).substring(0, 63) + "b";
        assertThat(nameA).hasSize(64);
        try (TestDatabase admin = TestDatabase.create(DbTarget.MARIADB)) { // makes sure the server is there
            try (Connection c = DriverManager.getConnection(TestDatabase.MARIADB_ADMIN);
                 Statement st = c.createStatement()) {
                st.execute("CREATE DATABASE " + nameA + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
                st.execute("CREATE DATABASE " + nameB + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
            }
            try {
                String urlA = admin.url().replace(admin.name(), nameA);
                String urlB = admin.url().replace(admin.name(), nameB);
                try (Connection a = DriverManager.getConnection(urlA); Connection b = DriverManager.getConnection(urlB);
                     Connection ordinary = DriverManager.getConnection(admin.url())) {
                    String lockA = SessionLock.mysqlLockName(a, "mockloop.migrations");
                    String lockB = SessionLock.mysqlLockName(b, "mockloop.migrations");
                    assertThat(lockA).hasSizeLessThanOrEqualTo(64).startsWith("mockloop.migrations.");
                    assertThat(lockB).hasSizeLessThanOrEqualTo(64).isNotEqualTo(lockA);
                    assertThat(SessionLock.mysqlLockName(ordinary, "mockloop.migrations"))
                            .as("an ordinary database keeps a readable name")
                            .isEqualTo("mockloop.migrations." + admin.name());
                }
                try (MockLoopDb db = MockLoopDb.builder().url(urlA).build()) {
                    assertThat(db.migrations().status().upToDate()).isTrue();
                    assertThat(db.maintenance().runRetentionNow().outcome()).isEqualTo(RetentionOutcome.COMPLETED);
                    // the run's lock is the one a second process would see
                    try (Connection other = DriverManager.getConnection(urlA)) {
                        Optional<SessionLock> held = SessionLock.tryTake(other, DatabaseType.MARIADB,
                                "mockloop.retention", 0);
                        assertThat(held).isPresent();
                        assertThat(db.maintenance().runRetentionNow().outcome())
                                .isEqualTo(RetentionOutcome.SKIPPED_LOCKED);
                        held.get().close();
                    }
                }
            } finally {
                try (Connection c = DriverManager.getConnection(TestDatabase.MARIADB_ADMIN);
                     Statement st = c.createStatement()) {
                    st.execute("DROP DATABASE IF EXISTS " + nameA);
                    st.execute("DROP DATABASE IF EXISTS " + nameB);
                }
            }
        }
    }

    @Test
    void aNameThatCannotFitIsRefusedAndSqliteHasNone() {
        assertThatThrownBy(() -> SessionLock.tryTake(null, DatabaseType.POSTGRESQL, "x".repeat(24), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("23");
        assertThatThrownBy(() -> SessionLock.tryTake(null, DatabaseType.SQLITE, "mockloop.test", 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("SQLite");
    }
}
