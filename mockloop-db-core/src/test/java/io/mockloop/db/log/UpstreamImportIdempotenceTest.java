package io.mockloop.db.log;

import static org.assertj.core.api.Assertions.assertThat;

import io.mockloop.db.MockLoopDb;
import io.mockloop.db.log.ImportReport.SkipReason;
import io.mockloop.db.testing.DbTarget;
import io.mockloop.db.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link RequestLogStore#importUpstream} is idempotent: the same file (or a copy) imported again adds nothing and
 * says so, a file that grew adds only its new rows, a row whose log was deleted since comes back; timestamps come
 * from upstream's timestamp, else its created_at, never the import time; header text that is not JSON is kept.
 */
class UpstreamImportIdempotenceTest {

    /** Upstream's request_logs as MockLoop creates and migrates it (migration 0 and 1). */
    private static final String UPSTREAM_TABLE = "CREATE TABLE request_logs (id INTEGER PRIMARY KEY AUTOINCREMENT,"
            + " timestamp TEXT, type TEXT, method TEXT, path TEXT, status_code INTEGER, process_time_ms INTEGER,"
            + " client_host TEXT, client_port TEXT, headers TEXT, query_params TEXT, request_body TEXT,"
            + " response_body TEXT, created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP, session_id TEXT,"
            + " test_scenario TEXT, correlation_id TEXT, user_agent TEXT, response_size INTEGER,"
            + " is_admin BOOLEAN DEFAULT 0)";
    private static final Instant T0 = Instant.parse("2026-02-01T09:00:00Z");

    @TempDir
    Path tmp;

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, names = {"SQLITE_FILE", "POSTGRESQL", "MARIADB", "POSTGRESQL_PARTITIONED"})
    void importingTheSameFileAgainAddsNothingAndAFileThatGrewAddsOnlyItsNewRows(DbTarget target) throws Exception {
        Path file = tmp.resolve("request_logs.db");
        upstream(file, 0, 300);
        try (TestDatabase tdb = TestDatabase.create(target); MockLoopDb db = tdb.builder().build()) {
            RequestLogStore logs = db.requestLogs();
            LogFilter mine = LogFilter.builder().server("legacy").build();

            ImportReport first = logs.importUpstream(file, "legacy");
            assertThat(first).isEqualTo(new ImportReport(300, 300, 0, Map.of(), 0, false));
            assertThat(first.skipped()).isZero();

            ImportReport again = logs.importUpstream(file, "legacy");
            assertThat(again).isEqualTo(new ImportReport(300, 0, 300, Map.of(), 0, false));
            assertThat(logs.count(mine)).isEqualTo(300);

            Path copy = Files.copy(file, tmp.resolve("copy-of-request_logs.db"));
            assertThat(logs.importUpstream(copy, "legacy").alreadyPresent()).isEqualTo(300);

            upstream(file, 300, 50); // upstream kept logging
            ImportReport grown = logs.importUpstream(file, "legacy");
            assertThat(grown).isEqualTo(new ImportReport(350, 50, 300, Map.of(), 0, false));
            assertThat(logs.count(mine)).isEqualTo(350);

            // another server is another target: everything is imported there
            assertThat(logs.importUpstream(file, "other").imported()).isEqualTo(350);
            assertThat(logs.count(LogFilter.ALL)).isEqualTo(700);

            // rows deleted since (retention) are no longer present: they are imported again, the rest is not
            RetentionResult deleted = logs.cleanup(T0.plusSeconds(100), "legacy");
            assertThat(deleted.deleted()).isEqualTo(100);
            ImportReport refill = logs.importUpstream(file, "legacy");
            assertThat(refill).isEqualTo(new ImportReport(350, 100, 250, Map.of(), 0, false));
            assertThat(logs.count(mine)).isEqualTo(350);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, names = {"SQLITE_FILE", "POSTGRESQL", "MARIADB"})
    void missingTimestampsComeFromCreatedAtAndRowsWithNeitherAreSkippedWithTheirReason(DbTarget target)
            throws Exception {
        Path file = tmp.resolve("stamps.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = c.createStatement()) {
            st.execute(UPSTREAM_TABLE);
            st.execute("INSERT INTO request_logs (id, timestamp, method, path, status_code, created_at) VALUES"
                    + " (1, '2026-02-01T10:00:00.250', 'GET', '/ok', 200, '2026-02-01 10:00:01'),"
                    + " (2, NULL, 'GET', '/null-timestamp', 200, '2026-02-01 11:00:00'),"
                    + " (3, 'last tuesday', 'GET', '/unreadable-timestamp', 200, '2026-02-01 12:00:00'),"
                    + " (4, NULL, 'GET', '/no-time-at-all', 200, NULL),"
                    + " (5, 'soon', 'GET', '/garbage-both', 200, 'later'),"
                    + " (6, '2026-02-01T13:00:00', 'BAD METHOD', '/rule', 200, '2026-02-01 13:00:00')");
        }
        try (TestDatabase tdb = TestDatabase.create(target); MockLoopDb db = tdb.builder().build()) {
            RequestLogStore logs = db.requestLogs().withPolicy(LogPolicy.DEFAULTS.withExcludedPaths(Set.of("/ok")));
            ImportReport report = logs.importUpstream(file, "s");

            assertThat(report).isEqualTo(new ImportReport(6, 2, 0, Map.of(SkipReason.NO_TIMESTAMP, 2L,
                    SkipReason.BREAKS_WRITE_RULE, 1L, SkipReason.EXCLUDED_BY_POLICY, 1L), 2, false));
            assertThat(report.skipped()).isEqualTo(4);
            assertThat(report.skipped(SkipReason.NO_TIMESTAMP)).isEqualTo(2);
            assertThat(logs.list(LogFilter.builder().oldestFirst().build(), 10))
                    .extracting(l -> l.path() + " " + l.timestamp())
                    .containsExactly("/null-timestamp 2026-02-01T11:00:00Z", "/unreadable-timestamp 2026-02-01T12:00:00Z");
            // skipped rows are not remembered: they are looked at again (and skipped again) next time
            assertThat(logs.importUpstream(file, "s")).isEqualTo(new ImportReport(6, 0, 2,
                    Map.of(SkipReason.NO_TIMESTAMP, 2L, SkipReason.BREAKS_WRITE_RULE, 1L,
                            SkipReason.EXCLUDED_BY_POLICY, 1L), 0, false));
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, names = {"SQLITE_FILE", "POSTGRESQL", "MARIADB"})
    void headersThatAreNotJsonAreKept(DbTarget target) throws Exception {
        Path file = tmp.resolve("headers.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = c.createStatement()) {
            st.execute(UPSTREAM_TABLE);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO request_logs (id, timestamp, method, path,"
                    + " status_code, headers) VALUES (?, '2026-02-01T10:00:00', 'GET', ?, 200, ?)")) {
                String[][] rows = {
                    {"/json", "{\"host\": \"localhost:8000\", \"x-n\": 1}"},
                    {"/lines", "Host: localhost:8000\r\nAccept: */*\r\nAccept: text/plain"},
                    {"/python-repr", "{'host': 'localhost:8000'}"},
                    {"/secret", "{'authorization': 'Bearer abc'}"},
                    {"/empty", ""},
                };
                for (int i = 0; i < rows.length; i++) {
                    ps.setInt(1, i + 1);
                    ps.setString(2, rows[i][0]);
                    ps.setString(3, rows[i][1]);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
        try (TestDatabase tdb = TestDatabase.create(target); MockLoopDb db = tdb.builder().build()) {
            assertThat(db.requestLogs().importUpstream(file, "h").imported()).isEqualTo(5);
            Map<String, Map<String, List<String>>> byPath = new java.util.TreeMap<>();
            db.requestLogs().list(LogFilter.ALL, 10).forEach(l -> byPath.put(l.path(), l.headers()));

            assertThat(byPath.get("/json")).containsExactly(Map.entry("host", List.of("localhost:8000")),
                    Map.entry("x-n", List.of("1")));
            assertThat(byPath.get("/lines")).containsExactly(Map.entry("Host", List.of("localhost:8000")),
                    Map.entry("Accept", List.of("*/*", "text/plain")));
            assertThat(byPath.get("/python-repr")).containsExactly(
                    Map.entry("x-mockloop-unparsed", List.of("{'host': 'localhost:8000'}")));
            assertThat(byPath.get("/secret")).containsExactly(
                    Map.entry("x-mockloop-unparsed", List.of(LogPolicy.REDACTED)));
            assertThat(byPath.get("/empty")).isEmpty();
        }
    }

    /** Appends {@code count} rows with ids from {@code from + 1}, one second apart from {@link #T0}. */
    private static void upstream(Path file, int from, int count) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = c.createStatement()) {
            st.execute(UPSTREAM_TABLE.replace("CREATE TABLE", "CREATE TABLE IF NOT EXISTS"));
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO request_logs (id, timestamp, type, method,"
                    + " path, status_code, process_time_ms, client_host, headers, query_params, correlation_id)"
                    + " VALUES (?, ?, 'request', 'GET', ?, 200, 5, '127.0.0.1', '{\"host\": \"h\"}', 'a=1', ?)")) {
                for (int i = from; i < from + count; i++) {
                    ps.setInt(1, i + 1);
                    ps.setString(2, T0.plusSeconds(i).toString().replace("Z", ""));
                    ps.setString(3, "/pets/" + i);
                    ps.setString(4, "corr-" + i);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            c.commit();
        }
    }
}
