package io.mockloop.db.user;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mockloop.db.ConflictException;
import io.mockloop.db.MigrationException;
import io.mockloop.db.MockLoopDb;
import io.mockloop.db.ValidationException;
import io.mockloop.db.migration.MigrationReport;
import io.mockloop.db.testing.DbTarget;
import io.mockloop.db.testing.InternalAccess;
import io.mockloop.db.testing.TestDatabase;
import io.mockloop.db.testing.TestSupport;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.jooq.exception.DataAccessException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Schema version 5: user names and e-mail addresses are unique regardless of case in the database itself, the
 * version rolls back and applies again, and a database holding case variants is refused before anything changes.
 */
class CaseInsensitiveIdentitiesTest {

    private static final Set<String> V5_INDEXES = Set.of("uq_users_username_ci", "uq_users_email_ci");

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, mode = EnumSource.Mode.EXCLUDE, names = "POSTGRESQL_PARTITIONED")
    void theDatabaseRefusesACaseVariantEvenWhenTheStoreIsBypassed(DbTarget target) {
        try (TestDatabase tdb = TestDatabase.create(target); MockLoopDb db = tdb.builder().build()) {
            TestSupport.execute(db, "INSERT INTO users (username, email) VALUES ('Carol', 'Carol@Example.com')");

            assertThatThrownBy(() -> TestSupport.execute(db,
                    "INSERT INTO users (username, email) VALUES ('cAROL', 'other@example.com')"))
                    .satisfies(e -> assertThat(uniqueViolation(e)).as("unique violation: %s", e).isTrue());
            assertThatThrownBy(() -> TestSupport.execute(db,
                    "INSERT INTO users (username, email) VALUES ('dave', 'carol@example.COM')"))
                    .satisfies(e -> assertThat(uniqueViolation(e)).as("unique violation: %s", e).isTrue());
            // NULL e-mail addresses stay allowed any number of times
            TestSupport.execute(db, "INSERT INTO users (username) VALUES ('erin')",
                    "INSERT INTO users (username) VALUES ('frank')");
            assertThat(db.users().count()).isEqualTo(3);
            assertThatThrownBy(() -> db.users().create(NewUser.of("CAROL")))
                    .isInstanceOf(ConflictException.class).hasMessageStartingWith("username 'CAROL' is already taken");
            assertThatThrownBy(() -> db.users().create(NewUser.of("gina").withEmail("CAROL@example.com")))
                    .isInstanceOf(ConflictException.class)
                    .hasMessageStartingWith("email 'CAROL@example.com' is already used");
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, mode = EnumSource.Mode.EXCLUDE, names = "POSTGRESQL_PARTITIONED")
    void version5RollsBackToVersion3AndAppliesAgain(DbTarget target) throws SQLException {
        try (TestDatabase tdb = TestDatabase.create(target); MockLoopDb db = tdb.builder().build()) {
            db.users().create(NewUser.of("Alice").withEmail("alice@example.com"));
            assertThat(indexes(db)).containsAll(V5_INDEXES);

            MigrationReport back = db.migrations().rollback(3);
            assertThat(back.versionBefore()).isEqualTo(MockLoopDb.latestSchemaVersion());
            assertThat(back.versionAfter()).isEqualTo(3);
            // version 6 (unmatched requests) goes first, then all of version 5
            assertThat(back.changeSets()).allMatch(id -> id.startsWith("v5-") || id.startsWith("v6-"))
                    .anyMatch(id -> id.startsWith("v5-"));
            assertThat(indexes(db)).doesNotContainAnyElementsOf(V5_INDEXES);
            assertThat(tables(db)).doesNotContain("request_log_imports");
            assertThat(columns(db)).doesNotContain("username_ci", "email_ci");
            // version 3 has no case-insensitive index: a variant goes in (the store would refuse it)
            TestSupport.execute(db, "INSERT INTO users (username) VALUES ('bob')");

            MigrationReport forward = db.migrations().migrate();
            assertThat(forward.versionAfter()).isEqualTo(MockLoopDb.latestSchemaVersion());
            assertThat(indexes(db)).containsAll(V5_INDEXES);
            assertThat(tables(db)).contains("request_log_imports");
            assertThat(db.migrations().validate().valid()).isTrue();
            assertThat(db.users().getByUsername("ALICE").email()).hasValue("alice@example.com");
        }
    }

    @Test
    void aPartitionedDatabaseRollsBackToVersion4ThenTo3AndAppliesBothAgain() throws SQLException {
        try (TestDatabase tdb = TestDatabase.create(DbTarget.POSTGRESQL_PARTITIONED);
             MockLoopDb db = tdb.builder().build()) {
            assertThat(db.migrations().status().currentVersion()).isEqualTo(6);

            MigrationReport to4 = db.migrations().rollback(4);
            assertThat(to4.versionAfter()).isEqualTo(4);
            assertThat(to4.changeSets()).allMatch(id -> id.startsWith("v5-") || id.startsWith("v6-"));
            assertThat(indexes(db)).doesNotContainAnyElementsOf(V5_INDEXES);

            MigrationReport to3 = db.migrations().rollback(3);
            assertThat(to3.versionAfter()).isEqualTo(3);
            assertThat(to3.changeSets()).allMatch(id -> id.startsWith("v4-"));

            assertThat(db.migrations().migrate(4).versionAfter()).isEqualTo(4);
            assertThat(indexes(db)).doesNotContainAnyElementsOf(V5_INDEXES);
            assertThat(db.migrations().migrate().versionAfter()).isEqualTo(6);
            assertThat(indexes(db)).containsAll(V5_INDEXES);
            assertThat(db.migrations().status().upToDate()).isTrue();
        }
    }

    @Test
    void aPlainDatabaseHasNoVersion4ToMigrateTo() {
        try (TestDatabase tdb = TestDatabase.create(DbTarget.SQLITE_FILE); MockLoopDb db = tdb.builder().build()) {
            db.migrations().rollback(3);

            assertThatThrownBy(() -> db.migrations().migrate(4)).isInstanceOf(ValidationException.class)
                    .hasMessageStartingWith("version is an optional version (partitioned request logs, PostgreSQL"
                            + " only) this database does not use");
            assertThat(db.migrations().status().currentVersion()).isEqualTo(3);
            assertThat(db.migrations().migrate(5).versionAfter()).isEqualTo(5);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, names = {"SQLITE_FILE", "POSTGRESQL", "MARIADB"})
    void migratingADatabaseHoldingCaseVariantsFailsListingThemAndChangesNothing(DbTarget target)
            throws SQLException {
        try (TestDatabase tdb = TestDatabase.create(target); MockLoopDb db = tdb.builder().build()) {
            db.migrations().rollback(3);
            if (target == DbTarget.MARIADB) {
                // a database created with a case-sensitive collation (the default one refuses these rows by itself)
                TestSupport.execute(db, "ALTER TABLE users MODIFY username VARCHAR(255) COLLATE utf8mb4_bin NOT NULL,"
                        + " MODIFY email VARCHAR(255) COLLATE utf8mb4_bin NULL");
            }
            TestSupport.execute(db,
                    "INSERT INTO users (id, username, email) VALUES (11, 'Alice', 'a1@example.com')",
                    "INSERT INTO users (id, username, email) VALUES (12, 'alice', 'Shared@Example.com')",
                    "INSERT INTO users (id, username, email) VALUES (13, 'ALICE', NULL)",
                    "INSERT INTO users (id, username, email) VALUES (14, 'bob', 'shared@example.com')",
                    "INSERT INTO users (id, username, email) VALUES (15, 'carol', NULL)");
            Set<String> before = indexes(db);

            assertThatThrownBy(() -> db.migrations().migrate())
                    .isExactlyInstanceOf(MigrationException.class)
                    .hasMessageContaining("to version 5: it makes user names and e-mail addresses unique regardless"
                            + " of case, and 2 of them differ only in case: username 'alice' (ids 11 'Alice',"
                            + " 12 'alice', 13 'ALICE'); email 'shared@example.com' (ids 12 'Shared@Example.com',"
                            + " 14 'shared@example.com'). Rename or delete all but one user of each, then migrate"
                            + " again; nothing was changed");

            assertThat(db.migrations().status().currentVersion()).isEqualTo(3);
            assertThat(db.migrations().status().applied()).noneMatch(c -> c.id().startsWith("v5-"));
            assertThat(indexes(db)).isEqualTo(before);
            assertThat(tables(db)).doesNotContain("request_log_imports");
            assertThat(db.users().count()).isEqualTo(5);

            TestSupport.execute(db, "DELETE FROM users WHERE id IN (12, 13)");
            assertThat(db.migrations().migrate().versionAfter()).isEqualTo(6);
            assertThat(indexes(db)).containsAll(V5_INDEXES);
        }
    }

    // ------------------------------------------------------------------ helpers

    private static boolean uniqueViolation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s) {
                String m = String.valueOf(s.getMessage()).toLowerCase(Locale.ROOT);
                return "23505".equals(s.getSQLState()) || s.getErrorCode() == 1062 || m.contains("unique");
            }
            if (t instanceof DataAccessException d && d.sqlStateClass() != null
                    && d.getMessage() != null && d.getMessage().toLowerCase(Locale.ROOT).contains("unique")) {
                return true;
            }
        }
        return false;
    }

    private static Set<String> indexes(MockLoopDb db) throws SQLException {
        Set<String> out = new TreeSet<>();
        try (Connection c = InternalAccess.dataSource(db).getConnection();
             ResultSet rs = c.getMetaData().getIndexInfo(c.getCatalog(), schema(db, c), "users", false, false)) {
            while (rs.next()) {
                if (rs.getString("INDEX_NAME") != null) {
                    out.add(rs.getString("INDEX_NAME").toLowerCase(Locale.ROOT));
                }
            }
        }
        return out;
    }

    private static Set<String> columns(MockLoopDb db) throws SQLException {
        Set<String> out = new TreeSet<>();
        try (Connection c = InternalAccess.dataSource(db).getConnection();
             ResultSet rs = c.getMetaData().getColumns(c.getCatalog(), schema(db, c), "users", null)) {
            while (rs.next()) {
                out.add(rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT));
            }
        }
        return out;
    }

    private static Set<String> tables(MockLoopDb db) throws SQLException {
        Set<String> out = new TreeSet<>();
        try (Connection c = InternalAccess.dataSource(db).getConnection();
             ResultSet rs = c.getMetaData().getTables(c.getCatalog(), schema(db, c), "%", new String[] {"TABLE"})) {
            while (rs.next()) {
                out.add(rs.getString("TABLE_NAME").toLowerCase(Locale.ROOT));
            }
        }
        return out;
    }

    private static String schema(MockLoopDb db, Connection c) throws SQLException {
        return db.databaseType() == io.mockloop.db.DatabaseType.POSTGRESQL ? c.getSchema() : null;
    }
}
