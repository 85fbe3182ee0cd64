package io.mockloop.db.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mockloop.db.MockLoopDb;
import io.mockloop.db.log.LogFilter;
import io.mockloop.db.log.RequestLog;
import io.mockloop.db.testing.DbTarget;
import io.mockloop.db.testing.TestDatabase;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code db backup}/{@code db restore} on PostgreSQL ({@code pg_dump -Fc}/{@code pg_restore}) and MariaDB
 * ({@code mariadb-dump}/{@code mariadb}; through jdbc:mysql: as well), with the tools on PATH, on a fresh database:
 * a round trip that brings deleted rows back, the refusals (exit 3: no confirmation, not a mockloop dump, a dump from
 * a newer schema) and a missing tool (exit 1 naming the package).
 */
class NativeBackupTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int LATEST = MockLoopDb.latestSchemaVersion();

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, names = {"POSTGRESQL", "MARIADB", "MYSQL"})
    void aBackupRestoredBringsTheDataBackAndTheRefusalsChangeNothing(DbTarget target) throws Exception {
        try (TestDatabase tdb = TestDatabase.create(target)) {
            String url = tdb.url();
            try (MockLoopDb db = tdb.builder().build()) {
                db.requestLogs().append(RequestLog.builder("GET", "/pets/1", 200).serverId("p").build());
                db.requestLogs().append(RequestLog.builder("GET", "/pets/2", 404).serverId("p").build());
            }
            Path backup = dir.resolve("backup-" + target + ".dump");

            Cli.Run b = run(Map.of(), "", "db", "backup", "--to", backup.toString(), "--json", "--url", url);
            assertThat(b.exitCode()).as(b.toString()).isZero();
            JsonNode report = JSON.readTree(b.out());
            assertThat(report.get("bytes").asLong()).isPositive();
            assertThat(report.get("schemaVersion").asInt()).isEqualTo(LATEST);
            assertThat(report.get("tool").asText()).isIn("pg_dump", "mariadb-dump", "mysqldump");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(backup))).isEqualTo("rw-------");
            Cli.Run again = run(Map.of(), "", "db", "backup", "--to", backup.toString(), "--url", url);
            assertThat(again.exitCode()).isEqualTo(1);
            assertThat(again.err()).contains("exists; a backup never overwrites a file");

            try (java.sql.Connection c = java.sql.DriverManager.getConnection(url);
                 java.sql.Statement st = c.createStatement()) {
                st.execute("DELETE FROM request_logs");
            }
            assertThat(count(tdb)).isZero();

            Cli.Run unconfirmed = run(Map.of(), "", "db", "restore", "--from", backup.toString(), "--url", url);
            assertThat(unconfirmed.exitCode()).as(unconfirmed.toString()).isEqualTo(3);
            assertThat(unconfirmed.err()).contains("pass --yes");
            Path foreign = dir.resolve("foreign.dump");
            Files.writeString(foreign, "SELECT 1;\n");
            Cli.Run notOurs = run(Map.of(), "", "db", "restore", "--from", foreign.toString(), "--yes", "--url", url);
            assertThat(notOurs.exitCode()).as(notOurs.toString()).isEqualTo(3);
            assertThat(notOurs.err()).startsWith("mockloop: refusing to restore: ");
            assertThat(count(tdb)).isZero();

            Cli.Run restored = run(Map.of(), "yes\n", "db", "restore", "--from", backup.toString(), "--url", url);
            assertThat(restored.exitCode()).as(restored.toString()).isZero();
            assertThat(restored.out()).startsWith("restored ").contains("schema version " + LATEST);
            assertThat(count(tdb)).isEqualTo(2);
            Cli.Run status = run(Map.of(), "", "db", "status", "--url", url);
            assertThat(status.out()).contains("current version: " + LATEST, "up to date");
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, names = {"POSTGRESQL", "MARIADB"})
    void aDumpFromANewerSchemaIsRefusedAndAMissingToolNamesItsPackage(DbTarget target) throws Exception {
        try (TestDatabase tdb = TestDatabase.create(target)) {
            String url = tdb.url();
            tdb.builder().build().close();
            Path backup = dir.resolve("b.dump");
            Cli.Run b = run(Map.of(), "", "db", "backup", "--to", backup.toString(), "--url", url);
            assertThat(b.exitCode()).as(b.toString()).isZero();
            Path newer = dir.resolve("newer.dump");
            if (target == DbTarget.POSTGRESQL) {
                // a real archive whose schema_version says 99: made with pg_restore's SQL output, edited, re-dumped
                try (java.sql.Connection c = java.sql.DriverManager.getConnection(url);
                     java.sql.Statement st = c.createStatement()) {
                    st.execute("INSERT INTO schema_version (version, description) VALUES (99, 'future')");
                    Cli.Run refused = run(Map.of(), "", "db", "backup", "--to", newer.toString(), "--url", url);
                    assertThat(refused.exitCode()).as("a newer database is not backed up: " + refused).isEqualTo(3);
                    Process p = new ProcessBuilder("pg_dump", "-Fc", "-h", "127.0.0.1", "-U", "postgres", "-d", "test",
                            "-n", tdb.name(), "-f", newer.toString()).redirectErrorStream(true).start();
                    assertThat(p.waitFor()).isZero();
                    st.execute("DELETE FROM schema_version WHERE version = 99");
                }
            } else {
                String dump = Files.readString(backup);
                String edited = dump.replaceFirst("INSERT INTO `schema_version` VALUES\\s*\\(",
                        "INSERT INTO `schema_version` VALUES (99,'future','2030-01-01 00:00:00.000'),(");
                assertThat(edited).isNotEqualTo(dump);
                Files.writeString(newer, edited);
            }

            Cli.Run refused = run(Map.of(), "", "db", "restore", "--from", newer.toString(), "--yes", "--url", url);
            assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(3);
            assertThat(refused.err()).contains("is from schema version 99, newer than version " + LATEST);

            Map<String, String> noTools = new HashMap<>();
            noTools.put("PATH", dir.resolve("empty-bin").toString());
            Cli.Run missing = run(noTools, "", "db", "backup", "--to", dir.resolve("x.dump").toString(), "--url", url);
            assertThat(missing.exitCode()).as(missing.toString()).isEqualTo(1);
            assertThat(missing.err()).hasLineCount(1).contains("is not on PATH; install ")
                    .contains(target == DbTarget.POSTGRESQL ? "postgresql-client" : "mariadb-client");
            assertThat(dir.resolve("x.dump")).doesNotExist();
        }
    }

    private static long count(TestDatabase tdb) {
        try (MockLoopDb db = tdb.builder().migrateOnStart(false).checkSchemaOnStart(false).build()) {
            return db.requestLogs().count(LogFilter.ALL);
        }
    }

    /** Runs in-process with the process's PATH (the tools), or the given environment; stdin as given. */
    private static Cli.Run run(Map<String, String> env, String stdin, String... args) {
        Map<String, String> e = new HashMap<>();
        e.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        e.putAll(env);
        return Cli.run(new ByteArrayInputStream(stdin.getBytes(java.nio.charset.StandardCharsets.UTF_8)), e, args);
    }
}
