package io.mockloop.db.cli;

import static io.mockloop.db.cli.MaintenanceCommandsTest.json;
import static io.mockloop.db.cli.MaintenanceCommandsTest.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mockloop.db.MockLoopDb;
import io.mockloop.db.log.LogFilter;
import io.mockloop.db.log.RequestLog;
import io.mockloop.db.testing.DbTarget;
import io.mockloop.db.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code db cleanup|export|import-upstream|import-har|report}: output, {@code --json}, exit codes and the database's state after each,
 * on every database a URL reaches; bad input on SQLite (one line, the right exit code, nothing changed).
 */
class LogCommandsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.now();
    private static final Instant OLD = NOW.minus(Duration.ofDays(40));

    @TempDir
    Path dir;

    private String url() {
        return "jdbc:sqlite:" + dir.resolve("logs.db");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, names = {"SQLITE_MEMORY", "POSTGRESQL_PARTITIONED"}, mode = EnumSource.Mode.EXCLUDE)
    void cleanupDeletesTheOldLogsOfOneServerOrAllAndDryRunDeletesNothing(DbTarget target) throws Exception {
        try (TestDatabase tdb = TestDatabase.create(target)) {
            String url = tdb.url();
            ok("db", "migrate", "--url", url);
            append(url, log("petstore", OLD, 200), log("petstore", OLD, 200), log("petstore", OLD, 404),
                    log("petstore", NOW, 200), log("petstore", NOW, 200), log("other", OLD, 200),
                    log("other", OLD, 500));

            Cli.Run dry = ok("db", "cleanup", "--days", "30", "--server-id", "petstore", "--dry-run", "--url", url);
            assertThat(dry.out()).contains("dry run: would delete 3 request logs older than 30 days",
                    "of server 'petstore'", "4 would remain");
            assertThat(count(url, LogFilter.ALL)).isEqualTo(7);

            JsonNode one = json(ok("db", "cleanup", "--days", "30", "--server-id", "petstore", "--json", "--url", url));
            assertThat(one.get("requestLogs").get("deleted").asLong()).isEqualTo(3);
            assertThat(one.get("requestLogs").get("remaining").asLong()).isEqualTo(4);
            assertThat(one.get("webhookDeliveries").isNull()).isTrue();
            assertThat(one.get("interrupted").asBoolean()).isFalse();
            assertThat(count(url, LogFilter.builder().server("other").build())).isEqualTo(2);

            Cli.Run dryAll = ok("db", "cleanup", "--days", "30", "--dry-run", "--url", url);
            assertThat(dryAll.out()).contains("dry run: would delete 2 request logs older than 30 days",
                    "dry run: would delete 0 webhook delivery attempts older than 7 days");
            JsonNode dryJson = json(ok("db", "cleanup", "--days", "30", "--dry-run", "--json", "--url", url));
            assertThat(dryJson.get("requestLogs").get("wouldDelete").asLong()).isEqualTo(2);
            assertThat(dryJson.get("webhookDeliveries").get("wouldDelete").asLong()).isZero();
            assertThat(count(url, LogFilter.ALL)).isEqualTo(4);

            Cli.Run all = ok("db", "cleanup", "--days", "30", "--url", url);
            assertThat(all.out()).contains("deleted 2 request logs older than 30 days", "2 remain",
                    "purged 0 webhook delivery attempts older than 7 days");
            assertThat(count(url, LogFilter.ALL)).isEqualTo(2);

            Cli.Run ghost = Cli.run("db", "cleanup", "--days", "1", "--server-id", "ghost", "--url", url);
            assertThat(ghost.exitCode()).as(ghost.toString()).isEqualTo(1);
            assertThat(ghost.out()).isEmpty();
            assertThat(ghost.err()).isEqualTo("mockloop: server 'ghost' not found" + System.lineSeparator());
            assertThat(count(url, LogFilter.ALL)).isEqualTo(2);
        }
    }

    @Test
    void cleanupOfAPartitionedTableDropsWholeExpiredMonthsAndSaysSo() throws Exception {
        try (TestDatabase tdb = TestDatabase.create(DbTarget.POSTGRESQL)) {
            String url = tdb.url();
            ok("db", "migrate", "--url", url);
            Instant ancient = NOW.minus(Duration.ofDays(120));
            append(url, log("petstore", ancient, 200), log("petstore", ancient, 500),
                    log("petstore", NOW, 200));
            // converting keeps the rows and gives the month that holds them a partition of its own
            try (MockLoopDb db = tdb.builder().partitionedRequestLogs(true).build()) {
                assertThat(db.maintenance().ensureRequestLogPartitions().partitioned()).isTrue();
            }

            JsonNode run = json(ok("db", "cleanup", "--days", "30", "--logs-only", "--json", "--url", url));
            assertThat(run.get("requestLogs").get("deleted").asLong()).isEqualTo(2);
            assertThat(run.get("requestLogs").get("remaining").asLong()).isEqualTo(1);
            assertThat(run.get("requestLogs").get("partitionsDropped").asInt()).isEqualTo(1);
            assertThat(count(url, LogFilter.ALL)).isEqualTo(1);

            append(url, log("petstore", ancient, 200));
            Cli.Run text = ok("db", "cleanup", "--days", "30", "--logs-only", "--url", url);
            assertThat(text.out()).contains("deleted 1 request logs older than 30 days")
                    .doesNotContain("partitions of request_logs dropped"); // the row went to the default partition
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, names = {"SQLITE_MEMORY", "POSTGRESQL_PARTITIONED"}, mode = EnumSource.Mode.EXCLUDE)
    void exportWritesNdjsonCsvAndHarOfTheMatchingLogsOldestFirst(DbTarget target) throws Exception {
        try (TestDatabase tdb = TestDatabase.create(target)) {
            String url = tdb.url();
            ok("db", "migrate", "--url", url);
            append(url, log("petstore", OLD, 200), log("petstore", NOW.minusSeconds(60), 404),
                    log("petstore", NOW.minusSeconds(30), 418), log("other", NOW.minusSeconds(10), 404));

            Cli.Run ndjson = ok("db", "export", "--server-id", "petstore", "--status", "4xx", "--since", "7d",
                    "--url", url);
            List<JsonNode> rows = new ArrayList<>();
            for (String line : ndjson.out().split("\n")) {
                rows.add(JSON.readTree(line));
            }
            assertThat(rows).hasSize(2);
            assertThat(rows.get(0).toString()).contains("404");
            assertThat(rows.get(1).toString()).contains("418");

            Path csv = dir.resolve("logs-" + target + ".csv");
            Cli.Run csvRun = ok("db", "export", "--format", "CSV", "--status", "404", "--out", csv.toString(),
                    "--url", url);
            assertThat(csvRun.out()).startsWith("exported 2 request logs as csv to " + csv);
            assertThat(Files.readAllLines(csv)).hasSize(3);
            assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(csv)))
                    .as("an export holds bodies and headers: owner-only").isEqualTo("rw-------");
            append(url, RequestLog.builder("GET", "/formula", 500).serverId("petstore").timestamp(NOW)
                    .responseBody("=HYPERLINK(\"x\")").build());
            Path safe = dir.resolve("safe-" + target + ".csv");
            Path raw = dir.resolve("raw-" + target + ".csv");
            ok("db", "export", "--format", "csv", "--status", "500", "--out", safe.toString(), "--url", url);
            ok("db", "export", "--format", "csv", "--csv-raw", "--status", "500", "--out", raw.toString(),
                    "--url", url);
            assertThat(Files.readString(safe)).contains(",\"'=HYPERLINK(\"\"x\"\")\",");
            assertThat(Files.readString(raw)).contains(",\"=HYPERLINK(\"\"x\"\")\",");

            Path har = dir.resolve("logs-" + target + ".har");
            JsonNode summary = json(ok("db", "export", "--format", "har", "--path", "/pets/*", "--until",
                    NOW.minus(Duration.ofDays(1)).toString(), "--out", har.toString(), "--json", "--url", url));
            assertThat(summary.get("logs").asLong()).isEqualTo(1);
            assertThat(summary.get("bytes").asLong()).isEqualTo(Files.size(har));
            assertThat(JSON.readTree(har.toFile()).get("log").get("entries")).hasSize(1);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, names = {"SQLITE_MEMORY", "POSTGRESQL_PARTITIONED"}, mode = EnumSource.Mode.EXCLUDE)
    void importUpstreamImportsEveryRowAsTheServerAndRefusesAFileWithoutRequestLogs(DbTarget target) throws Exception {
        try (TestDatabase tdb = TestDatabase.create(target)) {
            String url = tdb.url();
            ok("db", "migrate", "--url", url);
            Path upstream = upstream(dir.resolve("upstream-" + target + ".db"), 1_200);

            Cli.Run run = ok("db", "import-upstream", "--from", upstream.toString(), "--server-id", "legacy",
                    "--url", url);
            assertThat(run.out()).isEqualTo("imported 1,200 of 1,200 request logs from " + upstream
                    + " as server 'legacy'" + System.lineSeparator());
            assertThat(count(url, LogFilter.builder().server("legacy").build())).isEqualTo(1_200);

            Path foreign = dir.resolve("foreign-" + target + ".db");
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + foreign);
                 Statement st = c.createStatement()) {
                st.execute("CREATE TABLE t (x)");
            }
            Cli.Run bad = Cli.run("db", "import-upstream", "--from", foreign.toString(), "--server-id", "legacy",
                    "--url", url);
            assertThat(bad.exitCode()).as(bad.toString()).isEqualTo(1);
            assertThat(bad.err()).hasLineCount(1).startsWith("mockloop: upstreamFile must contain a request_logs table");
            assertThat(count(url, LogFilter.ALL)).isEqualTo(1_200);
        }
    }

    @Test
    void cleanupWithDaysZeroOrNegativeIsAUsageErrorAndDeletesNothing() {
        ok("db", "migrate", "--url", url());
        append(url(), log("petstore", OLD, 200));

        Cli.Run zero = Cli.run("db", "cleanup", "--days", "0", "--url", url());
        Cli.Run negative = Cli.run("db", "cleanup", "--days", "-3", "--url", url());
        Cli.Run missing = Cli.run("db", "cleanup", "--url", url());

        assertThat(zero.exitCode()).isEqualTo(2);
        assertThat(zero.err()).isEqualTo("mockloop: --days must be between 1 and 36500 (was 0) (see 'mockloop db cleanup"
                + " --help')" + System.lineSeparator());
        assertThat(negative.exitCode()).isEqualTo(2);
        assertThat(negative.err()).hasLineCount(1).contains("--days must be between 1 and 36500 (was -3)");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).hasLineCount(1).contains("Missing required option: '--days=N'");
        assertThat(count(url(), LogFilter.ALL)).isEqualTo(1);
    }

    @Test
    void ctrlCStopsCleanupAtAChunkBoundaryReportsWhatWasDoneAndLeavesDeliveriesAlone() {
        ok("db", "migrate", "--url", url());
        append(url(), log("petstore", OLD, 200), log("petstore", OLD, 200));

        Cli.Run run = Cli.runCancelled("db", "cleanup", "--days", "30", "--url", url());

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.out()).contains("deleted 0 request logs").doesNotContain("webhook");
        assertThat(run.err()).isEqualTo("mockloop: cleanup interrupted after deleting 0 of 2 request logs (whole"
                + " chunks only); run it again to delete the rest" + System.lineSeparator());
        assertThat(count(url(), LogFilter.ALL)).isEqualTo(2);
    }

    @Test
    void cleanupWithLogsOnlyLeavesWebhookDeliveriesAlone() {
        ok("db", "migrate", "--url", url());

        Cli.Run run = ok("db", "cleanup", "--days", "30", "--logs-only", "--url", url());

        assertThat(run.out()).contains("deleted 0 request logs").doesNotContain("webhook");
    }

    @Test
    void exportOfAnUnknownFormatOrBadFilterIsAUsageErrorOnOneLine() {
        ok("db", "migrate", "--url", url());

        Cli.Run format = Cli.run("db", "export", "--format", "xml", "--url", url());
        Cli.Run status = Cli.run("db", "export", "--status", "9xx", "--url", url());
        Cli.Run since = Cli.run("db", "export", "--since", "yesterday", "--url", url());
        Cli.Run reversed = Cli.run("db", "export", "--since", "2026-02-01", "--until", "2026-01-01", "--url", url());
        Cli.Run json = Cli.run("db", "export", "--json", "--url", url());
        Cli.Run csvRaw = Cli.run("db", "export", "--format", "har", "--csv-raw", "--url", url());

        for (Cli.Run r : List.of(format, status, since, reversed, json, csvRaw)) {
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
            assertThat(r.out()).isEmpty();
            assertThat(r.err()).hasLineCount(1);
        }
        assertThat(format.err()).contains("Invalid value for option '--format'", "xml");
        assertThat(csvRaw.err()).contains("--csv-raw goes with --format csv (was --format har)");
        assertThat(status.err()).contains("--status must be a status (404), a class (4xx) or a range (400-499)");
        assertThat(since.err()).contains("--since must be an ISO instant");
        assertThat(reversed.err()).contains("to must be after from");
        assertThat(json.err()).contains("--json needs --out");
    }

    @Test
    void exportNeverOverwritesAFile() throws Exception {
        ok("db", "migrate", "--url", url());
        Path existing = Files.writeString(dir.resolve("taken.ndjson"), "mine");

        Cli.Run run = Cli.run("db", "export", "--out", existing.toString(), "--url", url());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).hasLineCount(1).contains("exists; an export never overwrites a file");
        assertThat(Files.readString(existing)).isEqualTo("mine");
    }

    @Test
    void importUpstreamOfAMissingFileFailsAndImportsNothing() {
        ok("db", "migrate", "--url", url());
        Path missing = dir.resolve("missing.db");

        Cli.Run run = Cli.run("db", "import-upstream", "--from", missing.toString(), "--server-id", "x",
                "--url", url());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).hasLineCount(1).startsWith("mockloop: upstreamFile must be an existing SQLite file");
        assertThat(missing).doesNotExist();
        assertThat(count(url(), LogFilter.ALL)).isZero();
    }

    @Test
    void importUpstreamWithoutServerIdIsAUsageError() {
        Cli.Run run = Cli.run("db", "import-upstream", "--from", "x.db", "--url", url());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).hasLineCount(1).contains("--server-id");
    }

    @Test
    void progressLinesGoToStderrAndTheExportAloneToStdout() throws Exception {
        ok("db", "migrate", "--url", url());
        List<RequestLog> many = new ArrayList<>();
        for (int i = 0; i < 3_000; i++) {
            many.add(log("petstore", NOW.minusSeconds(i), 200));
        }
        append(url(), many.toArray(RequestLog[]::new));

        Cli.Run run = Cli.run(new java.io.ByteArrayInputStream(new byte[0]),
                Map.of(MockLoopCli.PROGRESS_VARIABLE, "0"), "db", "export", "--url", url());

        assertThat(run.exitCode()).isZero();
        assertThat(run.out().lines()).hasSize(3_000).allMatch(l -> l.startsWith("{"));
        assertThat(run.err().lines()).allMatch(l -> l.startsWith("export: "));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, names = {"SQLITE_FILE", "POSTGRESQL", "MARIADB"})
    void importHarImportsABrowserExportOnceAndSaysWhatItSkipped(DbTarget target) throws Exception {
        Path har = dir.resolve("chrome.har");
        try (var in = LogCommandsTest.class.getResourceAsStream("/har/chrome-petstore.har")) {
            Files.copy(in, har);
        }
        try (TestDatabase tdb = TestDatabase.create(target)) {
            String url = tdb.url();
            ok("db", "migrate", "--url", url);

            Cli.Run first = ok("db", "import-har", "--from", har.toString(), "--server-id", "petstore", "--url", url);
            JsonNode again = json(ok("db", "import-har", "--from", har.toString(), "--server-id", "petstore",
                    "--json", "--url", url));

            assertThat(first.out()).startsWith("imported 4 of 6 HAR entries from " + har + " as server 'petstore'"
                    + " (2 skipped: 1 because it breaks a write rule (method, path, status or size), 1 because it is"
                    + " not a HAR entry with a request method, an http(s) or ws(s) URL and a response status)");
            assertThat(again.get("read").asLong()).isEqualTo(6);
            assertThat(again.get("imported").asLong()).isZero();
            assertThat(again.get("alreadyPresent").asLong()).isEqualTo(4);
            assertThat(again.get("skippedReasons").get("MALFORMED_ENTRY").asLong()).isEqualTo(1);
            assertThat(count(url, LogFilter.builder().server("petstore").build())).isEqualTo(4);

            Path notHar = dir.resolve("not-" + target + ".har");
            Files.writeString(notHar, "{\"log\": {\"entries\": [" + "{}, ".repeat(3) + "{\"request\": ");
            Cli.Run bad = Cli.run("db", "import-har", "--from", notHar.toString(), "--server-id", "petstore",
                    "--url", url);
            assertThat(bad.exitCode()).as(bad.toString()).isEqualTo(1);
            assertThat(bad.out()).isEmpty();
            assertThat(bad.err()).hasLineCount(1).startsWith("mockloop: harFile must be a HAR file: a JSON object"
                    + " with log.entries (");
            assertThat(count(url, LogFilter.ALL)).isEqualTo(4);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, names = {"SQLITE_FILE", "POSTGRESQL", "MARIADB"})
    void reportWritesAnOwnerOnlyHtmlFileOfTheSelectionAndNeverOverwritesOne(DbTarget target) throws Exception {
        try (TestDatabase tdb = TestDatabase.create(target)) {
            String url = tdb.url();
            ok("db", "migrate", "--url", url);
            append(url, log("petstore", OLD, 200), log("petstore", NOW, 200), log("petstore", NOW, 404),
                    log("other", NOW, 500));
            Path html = dir.resolve("report-" + target + ".html");

            Cli.Run run = ok("db", "report", "--out", html.toString(), "--server-id", "petstore", "--since", "7d",
                    "--url", url);

            assertThat(run.out()).startsWith("wrote a traffic report of 2 request logs to " + html);
            assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(html)))
                    .as("a report shows paths and servers: owner-only").isEqualTo("rw-------");
            assertThat(Files.readString(html)).startsWith("<!DOCTYPE html>").contains("Request logs of server"
                    + " petstore, from ").contains(">2</div><div class=\"label\">requests<")
                    .contains("<td>GET</td><td class=\"path\">/pets/{id}</td><td>1</td><td>1</td>")
                    .contains("<td>POST</td><td class=\"path\">/pets/{id}</td><td>1</td><td>0</td>");
            String before = Files.readString(html);
            Cli.Run again = Cli.run("db", "report", "--out", html.toString(), "--url", url);
            assertThat(again.exitCode()).isEqualTo(1);
            assertThat(again.err()).isEqualTo("mockloop: --out " + html + " exists; a report never overwrites a file"
                    + System.lineSeparator());
            assertThat(Files.readString(html)).isEqualTo(before);

            JsonNode all = json(ok("db", "report", "--out", dir.resolve("all-" + target + ".html").toString(),
                    "--json", "--url", url));
            assertThat(all.get("logs").asLong()).isEqualTo(4);
            assertThat(all.get("bytes").asLong()).isPositive();
            assertThat(all.get("serverId").isNull()).isTrue();
        }
    }

    private static RequestLog log(String server, Instant at, int status) {
        return RequestLog.builder(status >= 400 ? "GET" : "POST", "/pets/" + status, status).timestamp(at)
                .serverId(server).build();
    }

    private static void append(String url, RequestLog... logs) {
        try (MockLoopDb db = MockLoopDb.builder().url(url).build()) {
            db.requestLogs().appendAll(List.of(logs));
        }
    }

    private static long count(String url, LogFilter filter) {
        try (MockLoopDb db = MockLoopDb.builder().url(url).build()) {
            return db.requestLogs().count(filter);
        }
    }

    private static Path upstream(Path file, int rows) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE request_logs (id INTEGER PRIMARY KEY AUTOINCREMENT, timestamp TEXT, type TEXT,"
                    + " method TEXT, path TEXT, status_code INTEGER, process_time_ms INTEGER, client_host TEXT,"
                    + " headers TEXT, query_params TEXT, request_body TEXT, response_body TEXT, test_scenario TEXT,"
                    + " correlation_id TEXT, user_agent TEXT)");
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO request_logs (timestamp, method, path,"
                    + " status_code, process_time_ms) VALUES (?, 'GET', ?, 200, 3)")) {
                for (int i = 0; i < rows; i++) {
                    ps.setString(1, "2026-01-15T10:00:00." + String.format("%06d", i));
                    ps.setString(2, "/legacy/" + i);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            c.commit();
        }
        return file;
    }
}
