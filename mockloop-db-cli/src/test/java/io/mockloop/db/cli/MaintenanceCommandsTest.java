package io.mockloop.db.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mockloop.db.MockLoopDb;
import io.mockloop.db.testing.DbTarget;
import io.mockloop.db.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code db size|table-sizes|vacuum|analyze|health|backup|restore}: human output, {@code --json}, exit codes; on every
 * database a URL reaches, and SQLite's backup and restore in detail.
 */
class MaintenanceCommandsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int LATEST = MockLoopDb.latestSchemaVersion();

    @TempDir
    Path dir;

    private String url() {
        return "jdbc:sqlite:" + dir.resolve("ops.db");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, names = {"SQLITE_MEMORY", "POSTGRESQL_PARTITIONED"}, mode = EnumSource.Mode.EXCLUDE)
    void theMaintenanceCommandsMeasureVacuumAnalyzeAndCheckHealthOnEveryDatabase(DbTarget target) throws Exception {
        try (TestDatabase tdb = TestDatabase.create(target)) {
            String url = tdb.url();
            ok("db", "migrate", "--url", url);
            try (MockLoopDb db = tdb.builder().build()) {
                db.config().set("marker", "x".repeat(2000));
            }

            Cli.Run size = ok("db", "size", "--url", url);
            assertThat(size.out()).containsPattern("size: [0-9.]+ (B|KiB|MiB) \\([0-9,]+ bytes\\)");
            JsonNode sizeJson = json(ok("db", "size", "--json", "--url", url));
            assertThat(sizeJson.get("bytes").asLong()).isPositive();

            Cli.Run tables = ok("db", "table-sizes", "--url", url);
            assertThat(tables.out()).containsPattern("(?m)^table +rows +size$").containsPattern("(?m)^system_config +")
                    .containsPattern("(?m)^total +");
            JsonNode tablesJson = json(ok("db", "table-sizes", "--json", "--url", url));
            JsonNode config = null;
            for (JsonNode t : tablesJson.get("tables")) {
                if (t.get("table").asText().equals("system_config")) {
                    config = t;
                }
            }
            assertThat(config).isNotNull();
            assertThat(config.get("rows").asLong()).isPositive();
            assertThat(config.has("bytes")).isTrue();
            assertThat(config.has("estimated")).isTrue();

            assertThat(ok("db", "vacuum", "--url", url).out()).startsWith("vacuumed ").contains(" freed)");
            JsonNode vacuum = json(ok("db", "vacuum", "--json", "--url", url));
            assertThat(vacuum.get("bytesBefore").asLong()).isPositive();
            assertThat(vacuum.has("bytesAfter")).isTrue();

            assertThat(ok("db", "analyze", "--url", url).out()).startsWith("analyzed ");
            JsonNode analyze = json(ok("db", "analyze", "--json", "--url", url));
            assertThat(analyze.get("indexUsage").isArray()).isTrue();
            if (target == DbTarget.POSTGRESQL) {
                assertThat(analyze.get("activeConnections").asInt()).isPositive();
                assertThat(analyze.get("indexUsage").size()).isPositive();
            }

            Cli.Run health = ok("db", "health", "--url", url);
            assertThat(health.out()).contains("reachable: yes", "schema version: " + LATEST + " of " + LATEST,
                    "(up to date)");
            JsonNode healthJson = json(ok("db", "health", "--json", "--url", url));
            assertThat(healthJson.get("reachable").asBoolean()).isTrue();
            assertThat(healthJson.get("migrationsPending").asBoolean()).isFalse();
            assertThat(healthJson.get("schemaVersion").asInt()).isEqualTo(LATEST);

            // backup and restore on the servers (pg_dump, mariadb-dump): NativeBackupTest
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, names = {"SQLITE_MEMORY", "POSTGRESQL_PARTITIONED"}, mode = EnumSource.Mode.EXCLUDE)
    void healthOfADatabaseBehindSaysMigrationsArePendingAndStillExitsZero(DbTarget target) throws Exception {
        try (TestDatabase tdb = TestDatabase.create(target)) {
            ok("db", "migrate", "--version", "1", "--url", tdb.url());

            Cli.Run health = ok("db", "health", "--url", tdb.url());

            assertThat(health.out()).contains("schema version: 1 of " + LATEST, "migrations pending");
            assertThat(json(ok("db", "health", "--json", "--url", tdb.url())).get("migrationsPending").asBoolean())
                    .isTrue();
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, names = {"SQLITE_FILE", "POSTGRESQL"})
    void healthReportsTheLastRetentionRunOfAnyProcess(DbTarget target) throws Exception {
        try (TestDatabase tdb = TestDatabase.create(target)) {
            ok("db", "migrate", "--url", tdb.url());
            assertThat(ok("db", "health", "--url", tdb.url()).out()).contains("retention: no run recorded");

            try (MockLoopDb host = tdb.builder().build()) {
                assertThat(host.maintenance().runRetentionNow().outcome().name()).isEqualTo("COMPLETED");
            }

            assertThat(ok("db", "health", "--url", tdb.url()).out()).containsPattern(
                    "retention: last run \\S+, completed, deleted \\{request_logs=0, webhook_deliveries=0\\}");
            JsonNode retention = json(ok("db", "health", "--json", "--url", tdb.url())).get("retention");
            assertThat(retention.get("outcome").asText()).isEqualTo("COMPLETED");
            assertThat(retention.get("deletedRows").get("request_logs").asLong()).isZero();
        }
    }

    @Test
    void healthOfAnUnreachableDatabaseExitsOneWithOneLineAndJsonSaysSo() throws Exception {
        String url = "jdbc:postgresql://127.0.0.1:1/nowhere?user=me&password=s3cret";

        Cli.Run human = Cli.run("db", "health", "--timeout", "1", "--url", url);
        Cli.Run machine = Cli.run("db", "health", "--json", "--timeout", "1", "--url", url);

        assertThat(human.exitCode()).isEqualTo(1);
        assertThat(human.err()).hasLineCount(1).startsWith("mockloop: cannot connect to").doesNotContain("s3cret");
        assertThat(machine.exitCode()).isEqualTo(1);
        JsonNode j = JSON.readTree(machine.out());
        assertThat(j.get("reachable").asBoolean()).isFalse();
        assertThat(j.get("error").asText()).startsWith("cannot connect to");
        assertThat(machine.out()).doesNotContain("s3cret");
    }

    @Test
    void backupWritesAnIntactCopyAndRestoreWithYesBringsItBack() throws Exception {
        ok("db", "migrate", "--url", url());
        setMarker("in-backup");
        Path backup = dir.resolve("backups").resolve("b.db");
        Files.createDirectories(backup.getParent());

        Cli.Run b = ok("db", "backup", "--to", backup.toString(), "--url", url());
        setMarker("after-backup");
        Cli.Run r = ok("db", "restore", "--from", backup.toString(), "--yes", "--url", url());

        assertThat(b.out()).startsWith("backed up ").contains(backup.toString(), "schema version " + LATEST,
                "integrity ok");
        assertThat(backup).exists();
        assertThat(r.out()).startsWith("restored ").contains(backup.toString());
        assertThat(marker()).isEqualTo("in-backup");
    }

    @Test
    void backupAndRestoreSpeakJson() throws Exception {
        ok("db", "migrate", "--url", url());
        Path backup = dir.resolve("j.db");

        JsonNode b = json(ok("db", "backup", "--json", "--to", backup.toString(), "--url", url()));
        JsonNode r = json(ok("db", "restore", "--json", "--yes", "--from", backup.toString(), "--url", url()));

        assertThat(b.get("bytes").asLong()).isEqualTo(Files.size(backup));
        assertThat(b.get("schemaVersion").asInt()).isEqualTo(LATEST);
        assertThat(r.get("schemaVersion").asInt()).isEqualTo(LATEST);
    }

    @Test
    void backupToAnExistingFileFailsAndLeavesItAlone() throws Exception {
        ok("db", "migrate", "--url", url());
        Path existing = Files.writeString(dir.resolve("taken.db"), "mine");

        Cli.Run run = Cli.run("db", "backup", "--to", existing.toString(), "--url", url());

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.err()).hasLineCount(1).startsWith("mockloop: to must not exist");
        assertThat(Files.readString(existing)).isEqualTo("mine");
    }

    @Test
    void backupWithoutToIsAUsageError() {
        Cli.Run run = Cli.run("db", "backup", "--url", url());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).hasLineCount(1).contains("Missing required option: '--to=FILE'");
    }

    @Test
    void restoreWithoutYesAndNoAnswerOnStdinRefusesWithExitThreeAndChangesNothing() throws Exception {
        Path backup = migratedBackupWithMarkerThenChange();

        Cli.Run run = Cli.run("db", "restore", "--from", backup.toString(), "--url", url());

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(3);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("Replace everything in", "schema version " + LATEST,
                "mockloop: restore needs a confirmation and stdin gave none");
        assertThat(marker()).isEqualTo("after-backup");
    }

    @Test
    void restoreConfirmedOnStdinRestoresAndAnsweredNoRefuses() throws Exception {
        Path backup = migratedBackupWithMarkerThenChange();

        Cli.Run no = Cli.runWithStdin("no\n", "db", "restore", "--from", backup.toString(), "--url", url());
        assertThat(no.exitCode()).as(no.toString()).isEqualTo(3);
        assertThat(no.err()).contains("mockloop: restore cancelled (answer was 'no')");
        assertThat(marker()).isEqualTo("after-backup");

        Cli.Run yes = Cli.runWithStdin("yes\n", "db", "restore", "--from", backup.toString(), "--url", url());
        assertThat(yes.exitCode()).as(yes.toString()).isZero();
        assertThat(marker()).isEqualTo("in-backup");
    }

    @Test
    void restoreOfAFileThatIsNotSqliteIsRefusedOnOneLineWithoutAsking() throws Exception {
        migratedBackupWithMarkerThenChange();
        Path text = Files.writeString(dir.resolve("notes.txt"), "hello");

        Cli.Run run = Cli.run("db", "restore", "--from", text.toString(), "--url", url());

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(3);
        assertThat(run.err()).isEqualTo("mockloop: refusing to restore: from must be a SQLite database file (was '"
                + text.toAbsolutePath() + "')" + System.lineSeparator());
        assertThat(marker()).isEqualTo("after-backup");
    }

    @Test
    void restoreOfAMissingFileOrAForeignSqliteDatabaseIsRefused() throws Exception {
        migratedBackupWithMarkerThenChange();
        Path foreign = dir.resolve("foreign.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + foreign); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE t (x)");
        }

        Cli.Run missing = Cli.run("db", "restore", "--yes", "--from", dir.resolve("nope.db").toString(), "--url", url());
        Cli.Run other = Cli.run("db", "restore", "--yes", "--from", foreign.toString(), "--url", url());

        assertThat(missing.exitCode()).isEqualTo(3);
        assertThat(missing.err()).hasLineCount(1).startsWith("mockloop: refusing to restore: from must be an existing"
                + " file");
        assertThat(other.exitCode()).isEqualTo(3);
        assertThat(other.err()).hasLineCount(1).startsWith("mockloop: refusing to restore: from must be a mockloop"
                + " database");
        assertThat(marker()).isEqualTo("after-backup");
    }

    @Test
    void restoreOfANewerSchemaIsRefusedWithExitThree() throws Exception {
        Path backup = migratedBackupWithMarkerThenChange();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + backup); Statement st = c.createStatement()) {
            st.execute("INSERT INTO schema_version (version, description) VALUES (99, 'From the future')");
        }

        Cli.Run run = Cli.run("db", "restore", "--yes", "--from", backup.toString(), "--url", url());

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(3);
        assertThat(run.err()).hasLineCount(1).contains("its schema version 99 is newer than this library's " + LATEST);
        assertThat(marker()).isEqualTo("after-backup");
    }

    @Test
    void helpOfBackupAndRestoreNamesTheNativeTools() {
        assertThat(Cli.run("db", "backup", "--help").out()).contains("pg_dump", "mariadb-dump", "mysqldump");
        assertThat(Cli.run("db", "restore", "--help").out()).contains("pg_restore", "mariadb", "exit 3");
        assertThat(Cli.run("db", "--help").out()).contains("size", "table-sizes", "vacuum", "analyze", "backup",
                "restore", "health", "3 refused");
    }

    @Test
    void sizesAreInHumanUnits() {
        assertThat(Units.bytes(0)).isEqualTo("0 B");
        assertThat(Units.bytes(1023)).isEqualTo("1023 B");
        assertThat(Units.bytes(1536)).isEqualTo("1.5 KiB");
        assertThat(Units.bytes(5L * 1024 * 1024 * 1024)).isEqualTo("5.0 GiB");
        assertThat(Units.bytes(-1)).isEqualTo("?");
        assertThat(Units.count(1234567)).isEqualTo("1,234,567");
    }

    private Path migratedBackupWithMarkerThenChange() throws Exception {
        ok("db", "migrate", "--url", url());
        setMarker("in-backup");
        Path backup = dir.resolve("b.db");
        ok("db", "backup", "--to", backup.toString(), "--url", url());
        setMarker("after-backup");
        return backup;
    }

    private void setMarker(String value) {
        try (MockLoopDb db = MockLoopDb.builder().url(url()).build()) {
            db.config().set("marker", value);
        }
    }

    private String marker() {
        try (MockLoopDb db = MockLoopDb.builder().url(url()).build()) {
            return db.config().get("marker").orElseThrow();
        }
    }

    static JsonNode json(Cli.Run run) throws Exception {
        return JSON.readTree(run.out());
    }

    static Cli.Run ok(String... args) {
        Cli.Run r = Cli.run(args);
        assertThat(r.exitCode()).as(String.join(" ", args) + " -> " + r).isZero();
        assertThat(r.err()).as(r.toString()).isEmpty();
        return r;
    }
}
