package io.mockloop.db.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mockloop.db.MockLoopDb;
import io.mockloop.db.testing.DbTarget;
import io.mockloop.db.testing.TestDatabase;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code db migrate} → {@code db rollback --version 1 --yes} → {@code --version 0 --yes} → {@code db migrate} on
 * every database a URL can reach (SQLite file, PostgreSQL, MariaDB through jdbc:mysql: and jdbc:mariadb:).
 */
class CliRoundTripTest {

    private static final int LATEST = MockLoopDb.latestSchemaVersion();

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, names = {"SQLITE_MEMORY", "POSTGRESQL_PARTITIONED"}, mode = EnumSource.Mode.EXCLUDE)
    void migrateRollbackToOneRollbackToZeroAndMigrateAgainRoundTrips(DbTarget target) {
        try (TestDatabase tdb = TestDatabase.create(target)) {
            String url = tdb.url();

            ok("db", "migrate", "--url", url);
            assertThat(ok("db", "status", "--url", url).out()).contains("current version: " + LATEST, "up to date");
            assertThat(ok("db", "validate", "--url", url).out()).contains("valid");

            assertThat(ok("db", "rollback", "--version", "1", "--yes", "--url", url).out())
                    .contains("from version " + LATEST + " to 1");
            assertThat(ok("db", "status", "--url", url).out()).contains("current version: 1")
                    .contains("v2  v2-01-idx-request-logs-composite").doesNotContain("v1  v1-");

            assertThat(ok("db", "rollback", "--version", "0", "--yes", "--url", url).out())
                    .contains("from version 1 to 0");
            assertThat(ok("db", "history", "--url", url).out()).contains("no change sets applied");

            assertThat(ok("db", "migrate", "--url", url).out()).contains("from version 0 to " + LATEST);
            Cli.Run validate = ok("db", "validate", "--url", url);
            assertThat(validate.out()).contains("version: " + LATEST + " of " + LATEST, "valid");
        }
    }

    private static Cli.Run ok(String... args) {
        Cli.Run run = Cli.run(args);
        assertThat(run.exitCode()).as(String.join(" ", args) + "\n" + run).isZero();
        assertThat(run.err()).as(run.toString()).isEmpty();
        return run;
    }
}
