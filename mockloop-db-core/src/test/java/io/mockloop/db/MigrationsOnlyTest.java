package io.mockloop.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mockloop.db.migration.ChangeSetInfo;
import io.mockloop.db.migration.MigrationReport;
import io.mockloop.db.migration.Migrations;
import io.mockloop.db.testing.DbTarget;
import io.mockloop.db.testing.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@link MockLoopDb#migrationsOnly(DatabaseSettings)}: a database's migrations without a pool or stores. */
class MigrationsOnlyTest {

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, names = {"SQLITE_FILE", "POSTGRESQL", "MARIADB"})
    void migratesAFreshDatabaseTellingEachChangeSetAndTheProduct(DbTarget target) {
        try (TestDatabase tdb = TestDatabase.create(target)) {
            Migrations m = MockLoopDb.migrationsOnly(tdb.builder().migrateOnStart(false).settings());
            assertThat(m.databaseType()).isEqualTo(switch (target) {
                case SQLITE_FILE -> DatabaseType.SQLITE;
                case POSTGRESQL -> DatabaseType.POSTGRESQL;
                default -> DatabaseType.MARIADB;
            });
            assertThat(m.status().upToDate()).isFalse();
            List<ChangeSetInfo> told = new ArrayList<>();
            MigrationReport first = m.migrate(1, told::add);
            assertThat(first.versionAfter()).isEqualTo(1);
            assertThat(told).isNotEmpty().allMatch(c -> c.version() == 1);
            told.clear();
            MigrationReport rest = m.migrate(told::add);
            assertThat(rest.versionAfter()).isEqualTo(m.latestVersion());
            assertThat(told).hasSize(rest.changeSets().size());
            assertThat(m.status().upToDate()).isTrue();
            m.refuseNewerSchema(); // the library's own version is not newer
            try (MockLoopDb db = tdb.builder().migrateOnStart(false).build()) {
                assertThat(db.migrations().status().upToDate()).isTrue();
            }
        }
    }

    @Test
    void aVersionOutsideTheChangelogAndANullCallbackAreRefusedBeforeAnyWork() throws Exception {
        try (TestDatabase tdb = TestDatabase.create(DbTarget.SQLITE_FILE)) {
            Migrations m = MockLoopDb.migrationsOnly(tdb.builder().migrateOnStart(false).settings());
            assertThatThrownBy(() -> m.migrate(m.latestVersion() + 1, c -> { }))
                    .isInstanceOf(ValidationException.class).hasMessageContaining("version");
            assertThatThrownBy(() -> m.migrate(null))
                    .isInstanceOf(NullPointerException.class).hasMessageContaining("eachApplied");
            assertThat(m.status().currentVersion()).isZero();
        }
    }

    @Test
    void settingsWithADataSourceAreRefused() {
        try (MockLoopDb db = MockLoopDb.inMemory()) {
            DatabaseSettings viaDataSource = MockLoopDb.builder()
                    .dataSource(io.mockloop.db.testing.InternalAccess.dataSource(db)).settings();
            assertThatThrownBy(() -> MockLoopDb.migrationsOnly(viaDataSource))
                    .isInstanceOf(ConfigurationException.class).hasMessageContaining("url is required");
            assertThatThrownBy(() -> MockLoopDb.migrationsOnly(null))
                    .isInstanceOf(NullPointerException.class).hasMessageContaining("settings");
        }
    }
}
