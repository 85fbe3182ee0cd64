package io.mockloop.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.mockloop.db.internal.migration.LiquibaseMigrations;
import io.mockloop.db.migration.ChangeSetInfo;
import io.mockloop.db.testing.DbTarget;
import io.mockloop.db.testing.TestDatabase;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import liquibase.Scope;
import liquibase.command.CommandScope;
import liquibase.command.core.UpdateCommandStep;
import liquibase.command.core.helpers.DbUrlConnectionArgumentsCommandStep;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.ClassLoaderResourceAccessor;
import liquibase.ui.LoggerUIService;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Our change sets live under io/mockloop/db/changelog/ and are recorded in our own tracking tables, so a host that
 * runs its own Liquibase (here: a changelog at Liquibase's conventional db/changelog/db.changelog-master.xml on the
 * same database, with Liquibase's default DATABASECHANGELOG tables) never sees ours and we never see its; a
 * database migrated by an earlier build (our rows in DATABASECHANGELOG) is adopted without running anything again.
 */
class TrackingTablesTest {

    private static final String HOST_CHANGELOG = "db/changelog/db.changelog-master.xml";

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, names = {"SQLITE_FILE", "POSTGRESQL", "MARIADB"})
    void aHostsOwnLiquibaseAndOursKeepApartOnOneDatabase(DbTarget target) throws Exception {
        try (TestDatabase tdb = TestDatabase.create(target)) {
            liquibaseUpdate(tdb, HOST_CHANGELOG); // the host's before ours
            try (MockLoopDb db = tdb.builder().build()) {
                assertThat(db.migrations().status().upToDate()).isTrue();
            }
            liquibaseUpdate(tdb, HOST_CHANGELOG); // and again after: nothing of ours in its way
            try (Connection c = connect(tdb)) {
                assertThat(ids(c, "DATABASECHANGELOG")).containsExactly("host-1");
                assertThat(ids(c, LiquibaseMigrations.CHANGELOG_TABLE)).startsWith("v1-01-request-logs")
                        .endsWith("v" + io.mockloop.db.MockLoopDb.latestSchemaVersion() + "-tag").doesNotContain("host-1");
                assertThat(tableExists(c, "host_orders")).isTrue();
                assertThat(tableExists(c, LiquibaseMigrations.CHANGELOG_LOCK_TABLE)).isTrue();
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, names = {"SQLITE_FILE", "POSTGRESQL", "MARIADB"})
    void aDatabaseOfAnEarlierBuildIsAdoptedWithoutRunningAnythingAgain(DbTarget target) throws Exception {
        try (TestDatabase tdb = TestDatabase.create(target)) {
            liquibaseUpdate(tdb, LiquibaseMigrations.MASTER_CHANGELOG); // as builds before 0.1.0 did
            List<String> legacy;
            List<String> executedAt;
            try (Connection c = connect(tdb); Statement st = c.createStatement()) {
                legacy = ids(c, "DATABASECHANGELOG");
                executedAt = column(c, "SELECT DATEEXECUTED FROM DATABASECHANGELOG ORDER BY ORDEREXECUTED");
                st.execute("UPDATE system_config SET description = 'kept'");
            }
            assertThat(legacy).hasSizeGreaterThan(10);

            // a read-only open reads the earlier table and writes nothing
            try (MockLoopDb db = tdb.builder().migrateOnStart(false).build()) {
                assertThat(db.migrations().status().upToDate()).isTrue();
                assertThat(db.migrations().history()).extracting(ChangeSetInfo::id).isEqualTo(legacy);
            }
            try (Connection c = connect(tdb)) {
                assertThat(ids(c, "DATABASECHANGELOG")).isEqualTo(legacy);
                assertThat(tableExists(c, LiquibaseMigrations.CHANGELOG_TABLE)).isFalse();
            }

            try (MockLoopDb db = tdb.builder().build()) {
                assertThat(db.migrations().history()).extracting(ChangeSetInfo::id).isEqualTo(legacy);
            }
            try (Connection c = connect(tdb)) {
                assertThat(ids(c, LiquibaseMigrations.CHANGELOG_TABLE)).isEqualTo(legacy);
                assertThat(column(c, "SELECT DATEEXECUTED FROM " + LiquibaseMigrations.CHANGELOG_TABLE
                        + " ORDER BY ORDEREXECUTED")).isEqualTo(executedAt); // moved, not run again
                assertThat(column(c, "SELECT DISTINCT description FROM system_config")).containsExactly("kept");
                assertThat(tableExists(c, "DATABASECHANGELOG")).isFalse(); // nothing else was in it
                assertThat(tableExists(c, "DATABASECHANGELOGLOCK")).isFalse();
            }
            try (MockLoopDb db = tdb.builder().build()) { // and the next start finds nothing to do
                assertThat(db.migrations().status().upToDate()).isTrue();
                assertThat(db.migrations().history()).hasSize(legacy.size());
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, names = {"SQLITE_FILE", "POSTGRESQL", "MARIADB"})
    void adoptionMovesOnlyOurRowsAndLeavesTheHostsTablesInPlace(DbTarget target) throws Exception {
        try (TestDatabase tdb = TestDatabase.create(target)) {
            liquibaseUpdate(tdb, HOST_CHANGELOG);
            liquibaseUpdate(tdb, LiquibaseMigrations.MASTER_CHANGELOG);
            List<String> ours;
            try (Connection c = connect(tdb)) {
                ours = new ArrayList<>(ids(c, "DATABASECHANGELOG"));
                ours.remove("host-1");
            }
            try (MockLoopDb db = tdb.builder().build()) {
                assertThat(db.migrations().history()).extracting(ChangeSetInfo::id).isEqualTo(ours);
            }
            try (Connection c = connect(tdb)) {
                assertThat(ids(c, "DATABASECHANGELOG")).containsExactly("host-1");
                assertThat(tableExists(c, "DATABASECHANGELOGLOCK")).isTrue();
                assertThat(ids(c, LiquibaseMigrations.CHANGELOG_TABLE)).isEqualTo(ours);
            }
            liquibaseUpdate(tdb, HOST_CHANGELOG); // the host's Liquibase still finds its own history
            try (Connection c = connect(tdb)) {
                assertThat(ids(c, "DATABASECHANGELOG")).containsExactly("host-1");
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------

    private static Connection connect(TestDatabase tdb) throws SQLException {
        return DriverManager.getConnection(tdb.url());
    }

    /** Runs Liquibase as a host (or a build before 0.1.0) would: Liquibase's default tracking tables. */
    private static void liquibaseUpdate(TestDatabase tdb, String changelog) throws Exception {
        try (Connection c = connect(tdb)) {
            Database db = DatabaseFactory.getInstance().findCorrectDatabaseImplementation(new JdbcConnection(c));
            Map<String, Object> scope = Map.of(
                    Scope.Attr.resourceAccessor.name(),
                    new ClassLoaderResourceAccessor(TrackingTablesTest.class.getClassLoader()),
                    Scope.Attr.ui.name(), new LoggerUIService(),
                    "liquibase.analytics.enabled", Boolean.FALSE);
            Scope.child(scope, () -> new CommandScope(UpdateCommandStep.COMMAND_NAME)
                    .addArgumentValue(UpdateCommandStep.CHANGELOG_FILE_ARG, changelog)
                    .addArgumentValue(DbUrlConnectionArgumentsCommandStep.DATABASE_ARG, db)
                    .addArgumentValue(UpdateCommandStep.CONTEXTS_ARG, "mockloop")
                    .execute());
        }
    }

    private static List<String> ids(Connection c, String table) throws SQLException {
        return column(c, "SELECT ID FROM " + table + " ORDER BY ORDEREXECUTED");
    }

    private static List<String> column(Connection c, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private static boolean tableExists(Connection c, String name) throws SQLException {
        DatabaseMetaData meta = c.getMetaData();
        for (String candidate : new String[] {name, name.toLowerCase(Locale.ROOT), name.toUpperCase(Locale.ROOT)}) {
            try (ResultSet rs = meta.getTables(c.getCatalog(), c.getSchema(), candidate, new String[] {"TABLE"})) {
                if (rs.next()) {
                    return true;
                }
            }
        }
        return false;
    }
}
