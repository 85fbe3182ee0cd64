package io.mockloop.db.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mockloop.db.MockLoopDb;
import io.mockloop.db.testing.DbTarget;
import io.mockloop.db.testing.TestDatabase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.time.Duration;
import java.time.Instant;
import io.mockloop.db.log.LogFilter;
import io.mockloop.db.log.RequestLog;
import io.mockloop.db.log.RequestLogStore;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The shaded {@code target/mockloop.jar} run as a child process with {@code java -jar}, as a user would: data on
 * stdout, nothing on stderr on success (no Liquibase or HikariCP noise), exit codes 0, 1 and 2.
 */
class MockLoopJarIT {

    private static final int LATEST = MockLoopDb.latestSchemaVersion();

    private static final Path JAR = Path.of("target", "mockloop.jar");

    /** The JVM flags bin/mockloop passes (a short command never reaches C2). */
    private static final List<String> LAUNCHER_FLAGS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

    @TempDir
    Path dir;

    record Result(int exitCode, String out, String err) {
    }

    @BeforeAll
    static void theJarIsBuilt() {
        assertThat(JAR).as("run `mvn verify` so that the shade plugin builds it").exists();
    }

    @Test
    void migrateThenStatusOnASqliteFile() throws Exception {
        String url = "jdbc:sqlite:" + dir.resolve("x.db");

        Result migrate = run("db", "migrate", "--url", url);
        Result status = run("db", "status", "--url", url);

        assertThat(migrate.exitCode()).as(migrate.toString()).isZero();
        assertThat(migrate.out()).startsWith("migrated " + url + " (SQLITE) from version 0 to " + LATEST + " (")
                .hasLineCount(1);
        assertThat(migrate.err()).isEmpty();
        assertThat(status.exitCode()).as(status.toString()).isZero();
        assertThat(status.out()).isEqualTo(String.join(System.lineSeparator(), "database: " + url + " (SQLITE)",
                "current version: " + LATEST, "latest version: " + LATEST, "up to date", ""));
        assertThat(status.err()).isEmpty();
    }

    @Test
    void rollbackWithoutYesAndStdinClosedRefusesWithExitOne() throws Exception {
        String url = "jdbc:sqlite:" + dir.resolve("x.db");
        assertThat(run("db", "migrate", "--url", url).exitCode()).isZero();

        Result rollback = run("db", "rollback", "--version", "0", "--url", url);

        assertThat(rollback.exitCode()).as(rollback.toString()).isEqualTo(1);
        assertThat(rollback.out()).isEmpty();
        assertThat(rollback.err()).contains("pass --yes");
        assertThat(run("db", "status", "--url", url).out()).contains("current version: " + LATEST);
    }

    @Test
    void versionAndAUsageError() throws Exception {
        Result version = run("--version");
        Result usage = run("db", "migrate", "--no-such-option");

        assertThat(version.exitCode()).isZero();
        assertThat(version.out()).startsWith("mockloop-db ").contains("schema version " + LATEST);
        assertThat(usage.exitCode()).isEqualTo(2);
        assertThat(usage.out()).isEmpty();
        assertThat(usage.err()).hasLineCount(1).startsWith("mockloop: Unknown option: '--no-such-option'");
    }

    @Test
    void verboseLogsAtInfoOnStderrAndKeepsStdoutForData() throws Exception {
        String url = "jdbc:sqlite:" + dir.resolve("v.db");

        Result migrate = run("db", "migrate", "--verbose", "--url", url);

        assertThat(migrate.exitCode()).as(migrate.toString()).isZero();
        assertThat(migrate.out()).hasLineCount(1).startsWith("migrated ");
        assertThat(migrate.err()).contains("[INFO]");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, names = {"SQLITE_MEMORY", "POSTGRESQL_PARTITIONED"}, mode = EnumSource.Mode.EXCLUDE)
    void theJarRoundTripsTheSchemaOnEveryDatabase(DbTarget target) throws Exception {
        try (TestDatabase tdb = TestDatabase.create(target)) {
            String url = tdb.url();
            assertThat(ok("db", "migrate", "--url", url).out()).contains("from version 0 to " + LATEST);
            assertThat(ok("db", "cleanup", "--days", "30", "--json", "--url", url).out())
                    .contains("\"deleted\" : 0", "\"interrupted\" : false");
            assertThat(ok("db", "rollback", "--version", "1", "--yes", "--url", url).out())
                    .contains("from version " + LATEST + " to 1");
            assertThat(ok("db", "rollback", "--version", "0", "--yes", "--url", url).out())
                    .contains("from version 1 to 0");
            assertThat(ok("db", "migrate", "--url", url).out()).contains("from version 0 to " + LATEST);
        }
    }

    @Test
    void exportBackupRestoreAndHealthRunAsProcessesWithRefusalAsExitThree() throws Exception {
        String url = "jdbc:sqlite:" + dir.resolve("ops.db");
        try (MockLoopDb db = MockLoopDb.builder().url(url).build()) { // migrated in-process: one JVM start fewer
            db.requestLogs().append(RequestLog.builder("GET", "/pets/ä", 200).serverId("p").build());
        }

        Result csv = ok("db", "export", "--format", "csv", "--url", url);
        assertThat(csv.out().split("\r\n")).hasSize(2);
        assertThat(csv.out()).contains("/pets/ä");
        Path backup = dir.resolve("ops-backup.db");

        Result b = ok("db", "backup", "--to", backup.toString(), "--url", url);
        Result refused = run("db", "restore", "--from", backup.toString(), "--url", url);
        Result health = ok("db", "health", "--json", "--url", url);

        assertThat(b.out()).startsWith("backed up ").contains("integrity ok");
        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(3);
        assertThat(refused.out()).isEmpty();
        assertThat(refused.err()).contains("pass --yes");
        assertThat(health.out()).contains("\"reachable\" : true", "\"schemaVersion\" : " + LATEST);
    }

    @Test
    void ctrlCStopsACleanupAtAChunkBoundaryAndTheProcessReportsWhatItDeleted() throws Exception {
        String url = "jdbc:sqlite:" + dir.resolve("big.db");
        long rows = 150_000;
        try (MockLoopDb db = MockLoopDb.builder().url(url).build()) {
            Instant old = Instant.now().minus(Duration.ofDays(60));
            List<RequestLog> batch = new ArrayList<>();
            for (int i = 0; i < rows; i++) {
                batch.add(RequestLog.builder("GET", "/pets/" + i, 200).timestamp(old.plusMillis(i)).serverId("p")
                        .build());
                if (batch.size() == 10_000) {
                    db.requestLogs().appendAll(batch);
                    batch.clear();
                }
            }
        }
        Path out = dir.resolve("cleanup-out.txt");
        Path err = dir.resolve("cleanup-err.txt");
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JAR.toAbsolutePath().toString(), "db", "cleanup", "--days", "30", "--url", url)
                .directory(dir.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().put(MockLoopCli.PROGRESS_VARIABLE, "0.05");
        Process p = pb.start();
        p.getOutputStream().close();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.readString(err).contains("cleanup: ") && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        p.destroy(); // SIGTERM: the JVM runs its shutdown hooks, as on Ctrl-C
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();

        String stderr = Files.readString(err);
        Matcher m = Pattern.compile("cleanup interrupted after deleting ([0-9,]+) of 150,000 request logs")
                .matcher(stderr);
        assertThat(m.find()).as(stderr).isTrue();
        long deleted = Long.parseLong(m.group(1).replace(",", ""));
        assertThat(deleted % RequestLogStore.RETENTION_CHUNK).isZero();
        assertThat(deleted).isLessThan(rows);
        assertThat(Files.readString(out)).contains("deleted " + m.group(1) + " request logs");
        try (MockLoopDb db = MockLoopDb.builder().url(url).build()) {
            assertThat(db.requestLogs().count(LogFilter.ALL)).isEqualTo(rows - deleted);
        }
    }

    @Test
    void aWrongPasswordOnMariaDbFailsOnOneLineWithoutTheDriversWarnings() throws Exception {
        try (TestDatabase tdb = TestDatabase.create(DbTarget.MARIADB)) {
            String url = tdb.url().replace("user=root", "user=mockloop_nobody&password=wrong");

            for (String command : new String[] {"status", "size"}) {
                Result r = run("db", command, "--url", url);

                assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
                assertThat(r.out()).isEmpty();
                assertThat(r.err().lines()).as(r.err()).hasSize(1);
                assertThat(r.err()).startsWith("mockloop: cannot ").contains("password=****")
                        .doesNotContain("wrong", "WARN");
            }
        }
    }

    private Result ok(String... args) throws IOException, InterruptedException {
        Result r = run(args);
        assertThat(r.exitCode()).as(String.join(" ", args) + " -> " + r).isZero();
        assertThat(r.err()).as(r.toString()).isEmpty();
        return r;
    }

    private Result run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(LAUNCHER_FLAGS); // as bin/mockloop starts it: the suite runs about 30 of these
        command.add("-jar");
        command.add(JAR.toAbsolutePath().toString());
        command.addAll(List.of(args));
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        Process p = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        p.getOutputStream().close(); // stdin at end of input, as when nobody is there to answer
        if (!p.waitFor(2, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("mockloop " + String.join(" ", args) + " did not finish within 2 minutes");
        }
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }
}
