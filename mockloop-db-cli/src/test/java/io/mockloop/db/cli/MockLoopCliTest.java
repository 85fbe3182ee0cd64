package io.mockloop.db.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mockloop.db.MockLoopDb;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Every {@code mockloop db} command and every exit code, in-process on a SQLite file: 0 on success, 1 when the
 * operation fails, 2 on a usage error; data on stdout, errors one line on stderr.
 */
class MockLoopCliTest {

    private static final int LATEST = MockLoopDb.latestSchemaVersion();

    @TempDir
    Path dir;

    private String url() {
        return "jdbc:sqlite:" + dir.resolve("cli.db");
    }

    @Test
    void versionPrintsTheLibraryAndTheSchemaVersionItCarries() {
        Cli.Run run = Cli.run("--version");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("mockloop-db 0.1.0-SNAPSHOT")
                .contains("schema version " + MockLoopDb.latestSchemaVersion());
        assertThat(run.err()).isEmpty();
    }

    @Test
    void helpListsTheCommandsAndTheGlobalOptions() {
        Cli.Run top = Cli.run("--help");
        Cli.Run db = Cli.run("db", "--help");
        Cli.Run migrate = Cli.run("db", "migrate", "--help");

        assertThat(top.exitCode()).isZero();
        assertThat(top.out()).contains("db");
        assertThat(db.exitCode()).isZero();
        assertThat(db.out()).contains("migrate", "status", "rollback", "validate", "history");
        assertThat(migrate.exitCode()).isZero();
        assertThat(migrate.out()).contains("--url", "--user", "--password", "--config", "--timeout", "--verbose",
                "--version");
    }

    @Test
    void migrateBringsAFreshDatabaseToTheLatestVersionAndThenHasNothingToDo() {
        Cli.Run first = Cli.run("db", "migrate", "--url", url());
        Cli.Run second = Cli.run("db", "migrate", "--url", url());

        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(first.out()).contains("migrated " + url() + " (SQLITE) from version 0 to " + LATEST);
        assertThat(first.err()).isEmpty();
        assertThat(second.exitCode()).as(second.toString()).isZero();
        assertThat(second.out()).contains("is at version " + LATEST + "; nothing to migrate");
    }

    @Test
    void migrateWithAVersionStopsThere() {
        Cli.Run run = Cli.run("db", "migrate", "--version", "1", "--url", url());

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("from version 0 to 1");
        assertThat(Cli.run("db", "status", "--url", url()).out()).contains("current version: 1");
    }

    @Test
    void statusOfAFreshDatabaseShowsEveryChangeSetPendingAndDoesNotMigrate() throws IOException {
        Files.createFile(dir.resolve("cli.db")); // an empty SQLite database
        Cli.Run run = Cli.run("db", "status", "--url", url());
        Cli.Run again = Cli.run("db", "status", "--url", url());

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("database: " + url() + " (SQLITE)", "current version: 0", "latest version: " + LATEST,
                "pending change sets (", "v1  v1-01-request-logs", "v" + LATEST + "  v" + LATEST + "-tag");
        assertThat(again.out()).contains("current version: 0");
        assertThat(run.err()).isEmpty();
    }

    @Test
    void statusOfAMigratedDatabaseSaysUpToDate() {
        Cli.run("db", "migrate", "--url", url());

        Cli.Run run = Cli.run("db", "status", "--url", url());

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("current version: " + LATEST, "latest version: " + LATEST, "up to date")
                .doesNotContain("pending");
    }

    @Test
    void historyListsTheAppliedChangeSetsWithTheirDates() throws IOException {
        Files.createFile(dir.resolve("cli.db"));
        Cli.Run empty = Cli.run("db", "history", "--url", url());
        Cli.run("db", "migrate", "--url", url());

        Cli.Run run = Cli.run("db", "history", "--url", url());

        assertThat(empty.exitCode()).isZero();
        assertThat(empty.out()).contains("no change sets applied");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("applied change sets (")
                .containsPattern("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z  v1  v1-01-request-logs");
    }

    @Test
    void validateOfAMigratedDatabaseIsValid() {
        Cli.run("db", "migrate", "--url", url());

        Cli.Run run = Cli.run("db", "validate", "--url", url());

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("version: " + LATEST + " of " + LATEST, "valid");
        assertThat(run.err()).isEmpty();
    }

    @Test
    void validateOfADatabaseBehindListsThePendingChangeSetsAndExitsOne() {
        Cli.run("db", "migrate", "--version", "1", "--url", url());

        Cli.Run run = Cli.run("db", "validate", "--url", url());

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.out()).contains("version: 1 of " + LATEST, "pending: v2-01-idx-request-logs-composite");
        assertThat(run.err()).isEqualTo("mockloop: " + url() + " (SQLITE) is not valid ("
                + (run.out().split("pending: ", -1).length - 1) + " findings)" + System.lineSeparator());
    }

    @Test
    void rollbackWithYesGoesBackWithoutReadingStdin() {
        Cli.run("db", "migrate", "--url", url());
        AtomicBoolean read = new AtomicBoolean();
        InputStream spy = new InputStream() {
            @Override
            public int read() {
                read.set(true);
                return -1;
            }
        };

        Cli.Run run = Cli.run(spy, Map.of(), "db", "rollback", "--version", "1", "--yes", "--url", url());

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("rolled back " + url() + " (SQLITE) from version " + LATEST + " to 1");
        assertThat(read).isFalse();
        assertThat(Cli.run("db", "status", "--url", url()).out()).contains("current version: 1");
    }

    @Test
    void rollbackWithoutYesAndNoAnswerOnStdinRefusesAndChangesNothing() {
        Cli.run("db", "migrate", "--url", url());

        Cli.Run run = Cli.run("db", "rollback", "--version", "0", "--url", url());

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("Type 'yes' to continue")
                .contains("mockloop: rollback needs a confirmation and stdin gave none; pass --yes");
        assertThat(Cli.run("db", "status", "--url", url()).out()).contains("current version: " + LATEST);
    }

    @Test
    void rollbackConfirmedOnStdinGoesBack() {
        Cli.run("db", "migrate", "--url", url());

        Cli.Run run = Cli.runWithStdin("yes\n", "db", "rollback", "--version", "0", "--url", url());

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("from version " + LATEST + " to 0");
        assertThat(Cli.run("db", "status", "--url", url()).out()).contains("current version: 0");
    }

    @Test
    void rollbackAnsweredNoIsCancelled() {
        Cli.run("db", "migrate", "--url", url());

        Cli.Run run = Cli.runWithStdin("no\n", "db", "rollback", "--version", "1", "--url", url());

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.err()).contains("mockloop: rollback cancelled (answer was 'no')");
        assertThat(Cli.run("db", "status", "--url", url()).out()).contains("current version: " + LATEST);
    }

    @Test
    void rollbackWithNothingAboveTheVersionDoesNotAsk() throws IOException {
        Files.createFile(dir.resolve("cli.db"));
        Cli.Run run = Cli.run("db", "rollback", "--version", "1", "--url", url());

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("is at version 0; nothing to roll back");
        assertThat(run.err()).isEmpty();
    }

    @Test
    void anUnknownOptionIsAUsageErrorOnOneLine() {
        Cli.Run run = Cli.run("db", "status", "--frobnicate");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().lines()).hasSize(1);
        assertThat(run.err()).startsWith("mockloop: Unknown option: '--frobnicate'")
                .contains("see 'mockloop db status --help'");
    }

    @Test
    void anUnknownCommandOrNoCommandIsAUsageError() {
        assertThat(Cli.run("db", "frobnicate").exitCode()).isEqualTo(2);
        assertThat(Cli.run("db").exitCode()).isEqualTo(2);
        Cli.Run none = Cli.run();
        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(none.err()).startsWith("mockloop: a command is required");
    }

    @Test
    void aVersionOutOfRangeIsAUsageErrorAndOpensNothing() {
        Cli.Run negative = Cli.run("db", "migrate", "--version", "-1", "--url", url());
        Cli.Run tooHigh = Cli.run("db", "rollback", "--version", "99", "--yes", "--url", url());
        Cli.Run notANumber = Cli.run("db", "migrate", "--version", "two", "--url", url());

        assertThat(negative.exitCode()).isEqualTo(2);
        assertThat(negative.err()).startsWith("mockloop: --version must be between 1 and " + LATEST + " (was -1)");
        assertThat(tooHigh.exitCode()).isEqualTo(2);
        assertThat(tooHigh.err()).startsWith("mockloop: --version must be between 0 and " + LATEST + " (was 99)");
        assertThat(notANumber.exitCode()).isEqualTo(2);
        assertThat(notANumber.err()).contains("'two'");
        assertThat(dir.resolve("cli.db")).doesNotExist();
    }

    @Test
    void rollbackWithoutAVersionIsAUsageError() {
        Cli.Run run = Cli.run("db", "rollback", "--yes", "--url", url());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("mockloop: Missing required option: '--version=N'");
    }

    @Test
    void anUnreachableDatabaseFailsWithinTheTimeoutNamingTheMaskedUrl() {
        long start = System.nanoTime();

        Cli.Run run = Cli.run("db", "status", "--timeout", "2",
                "--url", "jdbc:postgresql://127.0.0.1:1/nowhere?user=me&password=s3cret");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().lines()).hasSize(1);
        assertThat(run.err()).startsWith("mockloop: cannot connect to jdbc:postgresql://127.0.0.1:1/nowhere?user=me"
                + "&password=****").doesNotContain("s3cret");
        assertThat(System.nanoTime() - start).isLessThan(30_000_000_000L);
    }

    @Test
    void verboseAddsTheStackTraceOfAnError() {
        Cli.Run run = Cli.run("db", "status", "--verbose", "--timeout", "1",
                "--url", "jdbc:postgresql://127.0.0.1:1/nowhere");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err().lines().count()).isGreaterThan(1);
        assertThat(run.err()).contains("StoreUnavailableException").contains("\tat ");
    }

    @Test
    void aBadUrlFailsWithTheSettingNamed() {
        Cli.Run run = Cli.run("db", "status", "--url", "jdbc:oracle:thin:@x");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("mockloop: url must start with jdbc:sqlite:, jdbc:postgresql:, jdbc:mysql:"
                + " or jdbc:mariadb: (was 'jdbc:oracle:thin:@x')" + System.lineSeparator());
    }

    @Test
    void configReadsTheSeedsYamlAndTheUrlOverridesIt() throws IOException {
        Path yaml = dir.resolve("mockloop.yaml");
        Path fromYaml = dir.resolve("from-yaml.db");
        Files.writeString(yaml, "database:\n  type: sqlite\n  path: " + fromYaml + "\n");

        Cli.Run run = Cli.run("db", "migrate", "--config", yaml.toString());
        Files.createFile(dir.resolve("cli.db"));
        Cli.Run overridden = Cli.run("db", "status", "--config", yaml.toString(), "--url", url());

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains(fromYaml.toString()).contains("to " + LATEST);
        assertThat(fromYaml).exists();
        assertThat(overridden.out()).contains(url()).contains("current version: 0");
    }

    @Test
    void aMissingConfigFileFailsNamingIt() {
        Path missing = dir.resolve("missing.yaml");

        Cli.Run run = Cli.run("db", "status", "--config", missing.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err().lines()).hasSize(1);
        assertThat(run.err()).startsWith("mockloop: ").contains(missing.toString());
    }

    @Test
    void thePasswordComesFromTheEnvironmentWhenNotGivenAndTheOptionWins() {
        Map<String, String> env = Map.of(MockLoopCli.PASSWORD_VARIABLE, "from-env");

        try (MockLoopDb db = connectionOf(env, "db", "status", "--url", url(), "--user", "me").open()) {
            assertThat(db.settings().password()).hasValue("from-env");
            assertThat(db.settings().username()).hasValue("me");
        }
        try (MockLoopDb db = connectionOf(env, "db", "status", "--url", url(), "--password", "given").open()) {
            assertThat(db.settings().password()).hasValue("given");
        }
    }

    @Test
    void everyCommandOpensWithoutMigratingAndWithTheShortTimeout() throws IOException {
        Files.createFile(dir.resolve("cli.db"));
        try (MockLoopDb db = connectionOf(Map.of(), "db", "validate", "--url", url()).open()) {
            assertThat(db.settings().migrateOnStart()).isFalse();
            assertThat(db.settings().poolTimeout()).hasSeconds(10);
            assertThat(db.migrations().status().currentVersion()).isZero();
        }
        try (MockLoopDb db = connectionOf(Map.of(), "db", "history", "--url", url(), "--timeout", "3").open()) {
            assertThat(db.settings().poolTimeout()).hasSeconds(3);
        }
    }

    @Test
    void aTimeoutBelowOneSecondIsAUsageError() {
        Cli.Run run = Cli.run("db", "status", "--timeout", "0", "--url", url());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("mockloop: --timeout must be between 1 and 3600 seconds (was 0)");
    }

    @Test
    void theTimeoutIsReadInTheLibrarysDurationGrammarAndAnythingElseIsAUsageError() {
        try (MockLoopDb db = connectionOf(Map.of(), "db", "history", "--url", url(), "--timeout", "2m").open()) {
            assertThat(db.settings().poolTimeout()).hasSeconds(120);
        }
        try (MockLoopDb db = connectionOf(Map.of(), "db", "history", "--url", url(), "--timeout", "1500ms").open()) {
            assertThat(db.settings().poolTimeout()).hasMillis(1500);
        }
        Cli.Run soon = Cli.run("db", "status", "--timeout", "soon", "--url", url());
        assertThat(soon.exitCode()).isEqualTo(2);
        assertThat(soon.err()).contains("--timeout", "must be a duration such as 10, 500ms, 10s, 2m, 1h or 7d"
                + " (was 'soon')");
        Cli.Run tooShort = Cli.run("db", "status", "--timeout", "500ms", "--url", url());
        assertThat(tooShort.exitCode()).isEqualTo(2);
        assertThat(tooShort.err()).startsWith("mockloop: --timeout must be between 1 and 3600 seconds (was 500ms)");
    }

    private static ConnectionOptions connectionOf(Map<String, String> env, String... args) {
        CommandLine cl = MockLoopCli.commandLine(InputStream.nullInputStream(), env);
        CommandLine.ParseResult leaf = cl.parseArgs(args);
        while (leaf.hasSubcommand()) {
            leaf = leaf.subcommand();
        }
        return ((DbSubcommand) leaf.commandSpec().userObject()).connection;
    }
}
