package io.mockloop.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mockloop.db.migration.MigrationStatus;
import io.mockloop.db.testing.DbTarget;
import io.mockloop.db.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code Builder.checkSchemaOnStart(false)} lets tools open a database whose schema is behind without migrating
 * it (the command line's {@code status}, {@code validate} and {@code rollback}); the default still refuses it.
 */
class CheckSchemaOnStartTest {

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, mode = EnumSource.Mode.EXCLUDE, names = "POSTGRESQL_PARTITIONED")
    void aSchemaBehindIsRefusedByDefaultWhenMigrateOnStartIsOff(DbTarget target) {
        try (TestDatabase tdb = TestDatabase.create(target)) {
            assertThatThrownBy(() -> tdb.builder().migrateOnStart(false).build())
                    .isInstanceOf(MigrationException.class)
                    .hasMessageContaining("is at version 0 and versions [1, 2, 3, 5, 6] are pending");
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, mode = EnumSource.Mode.EXCLUDE, names = "POSTGRESQL_PARTITIONED")
    void withoutTheCheckAFreshDatabaseOpensUnmigratedAndCanBeMigratedExplicitly(DbTarget target) {
        try (TestDatabase tdb = TestDatabase.create(target);
             MockLoopDb db = tdb.builder().migrateOnStart(false).checkSchemaOnStart(false).build()) {
            MigrationStatus before = db.migrations().status();
            assertThat(before.currentVersion()).isZero();
            assertThat(before.applied()).isEmpty();
            assertThat(before.pendingVersions()).containsExactly(1, 2, 3, 5, 6); // 4 is optional

            db.migrations().migrate(1);

            assertThat(db.migrations().status().currentVersion()).isEqualTo(1);
        }
    }

    @Test
    void theLatestSchemaVersionIsKnownWithoutOpeningADatabase() {
        assertThat(MockLoopDb.latestSchemaVersion()).isEqualTo(6);
        try (MockLoopDb db = MockLoopDb.inMemory()) {
            assertThat(db.migrations().latestVersion()).isEqualTo(MockLoopDb.latestSchemaVersion());
        }
    }
}
