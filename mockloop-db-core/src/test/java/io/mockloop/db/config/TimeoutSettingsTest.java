package io.mockloop.db.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mockloop.db.ConfigurationException;
import io.mockloop.db.DatabaseSettings;
import io.mockloop.db.MockLoopDb;
import io.mockloop.db.log.LogFilter;
import io.mockloop.db.log.RequestLog;
import io.mockloop.db.testing.DbTarget;
import io.mockloop.db.testing.InternalAccess;
import io.mockloop.db.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 17, "every call is bounded": the statement, connect and socket timeouts come from the builder, the YAML file
 * ({@code database.statement_timeout}, {@code connect_timeout}, {@code socket_timeout}) and the environment
 * ({@code MOCKLOOP_DB_STATEMENT_TIMEOUT}, {@code _CONNECT_TIMEOUT}, {@code _SOCKET_TIMEOUT}), with documented
 * defaults (30 s, 5 s, and the statement timeout plus 15 s), are refused by name when out of range, and reach the
 * server: a statement longer than the statement timeout is cancelled and the connection stays usable.
 */
class TimeoutSettingsTest {

    @TempDir
    Path dir;

    @Test
    void theDefaultsAre30sPerStatement5sToConnectAndASocketTimeout15sAboveTheStatementTimeout() {
        DatabaseSettings s = MockLoopDb.builder().settings();
        assertThat(s.statementTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(s.socketTimeout()).isEqualTo(Duration.ofSeconds(45));
        assertThat(MockLoopDb.builder().statementTimeout(Duration.ofMinutes(2)).settings().socketTimeout())
                .as("follows the statement timeout unless set").isEqualTo(Duration.ofSeconds(135));
        assertThat(s.toString()).contains("statementTimeout=PT30S, connectTimeout=PT5S, socketTimeout=PT45S");
    }

    @Test
    void theBuilderSetsEachTimeoutAndRefusesOnesOutOfRangeByName() {
        DatabaseSettings s = MockLoopDb.builder().statementTimeout(Duration.ofMillis(1500))
                .connectTimeout(Duration.ofMillis(800)).socketTimeout(Duration.ofSeconds(3)).settings();
        assertThat(s.statementTimeout()).isEqualTo(Duration.ofMillis(1500));
        assertThat(s.connectTimeout()).isEqualTo(Duration.ofMillis(800));
        assertThat(s.socketTimeout()).isEqualTo(Duration.ofSeconds(3));

        refused(MockLoopDb.builder().statementTimeout(Duration.ZERO), "statementTimeout",
                "statementTimeout must be between 100 ms and 1 day (was PT0S)");
        refused(MockLoopDb.builder().statementTimeout(Duration.ofDays(2)), "statementTimeout",
                "statementTimeout must be between 100 ms and 1 day (was PT48H)");
        refused(MockLoopDb.builder().connectTimeout(Duration.ofSeconds(-1)), "connectTimeout",
                "connectTimeout must be between 100 ms and 1 day (was PT-1S)");
        assertThatThrownBy(() -> MockLoopDb.builder().connectTimeout(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("connectTimeout");
        assertThatThrownBy(() -> MockLoopDb.builder().poolTimeout(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("poolTimeout");
        refused(MockLoopDb.builder().socketTimeout(Duration.ofMillis(500)).statementTimeout(Duration.ofMillis(200)),
                "socketTimeout", "socketTimeout must be between 1000 ms and 1 day (was PT0.5S)");
        refused(MockLoopDb.builder().socketTimeout(Duration.ofSeconds(10)), "socketTimeout",
                "socketTimeout must be longer than statementTimeout (was PT10S, statementTimeout PT30S), so that the"
                        + " server cancels a slow statement before the driver drops the connection");
        // nothing was created
        assertThatThrownBy(() -> MockLoopDb.builder().sqliteFile(dir.resolve("a.db"))
                .statementTimeout(Duration.ZERO).build()).isInstanceOf(ConfigurationException.class);
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void yamlSetsTheTimeoutsInTheDurationGrammarAndRefusesOthersByKey() throws Exception {
        DatabaseSettings s = MockLoopDb.builder().yaml(write("""
                database:
                  type: postgresql
                  host: 127.0.0.1
                  statement_timeout: 2.5s
                  connect_timeout: 500ms
                  socket_timeout: 1m
                """), Map.of()).settings();
        assertThat(s.statementTimeout()).isEqualTo(Duration.ofMillis(2500));
        assertThat(s.connectTimeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(s.socketTimeout()).isEqualTo(Duration.ofMinutes(1));
        assertThat(MockLoopDb.builder().yaml(write("database:\n  type: sqlite\n  path: " + dir.resolve("y.db")
                + "\n  statement_timeout: ${T}\n"), Map.of("T", "10")).settings().statementTimeout())
                .as("seconds without a unit, from the environment").isEqualTo(Duration.ofSeconds(10));

        assertThatThrownBy(() -> MockLoopDb.builder().yaml(write("database:\n  type: sqlite\n  statement_timeout:"
                + " soon\n"), Map.of())).isInstanceOf(ConfigurationException.class)
                .hasMessage("database.statement_timeout must be a duration such as 500ms, 60s, 15m, 24h or 7d"
                        + " (was 'soon')");
        assertThatThrownBy(() -> MockLoopDb.builder().yaml(write("database:\n  type: sqlite\n  socket_timeout: 5s\n"),
                Map.of()).settings()).isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("socketTimeout must be longer than statementTimeout (was PT5S,");
    }

    @Test
    void theEnvironmentSetsTheTimeoutsAndRefusesOthersByVariable() {
        DatabaseSettings s = MockLoopDb.builder().environment(Map.of("MOCKLOOP_DB_STATEMENT_TIMEOUT", "10s",
                "MOCKLOOP_DB_CONNECT_TIMEOUT", "3", "MOCKLOOP_DB_SOCKET_TIMEOUT", "20s")).settings();
        assertThat(s.statementTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(s.connectTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(s.socketTimeout()).isEqualTo(Duration.ofSeconds(20));
        assertThatThrownBy(() -> MockLoopDb.builder().environment(Map.of("MOCKLOOP_DB_SOCKET_TIMEOUT", "forever")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("MOCKLOOP_DB_SOCKET_TIMEOUT must be a duration such as 500ms, 60s, 15m, 24h or 7d"
                        + " (was 'forever')")
                .extracting(e -> ((ConfigurationException) e).setting()).isEqualTo("MOCKLOOP_DB_SOCKET_TIMEOUT");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, names = {"POSTGRESQL", "MARIADB", "MYSQL"})
    void aStatementLongerThanTheStatementTimeoutIsCancelledAndTheConnectionStaysUsable(DbTarget target)
            throws Exception {
        try (TestDatabase tdb = TestDatabase.create(target);
             MockLoopDb db = tdb.builder().statementTimeout(Duration.ofSeconds(1)).socketTimeout(Duration.ofSeconds(4))
                     .connectTimeout(Duration.ofSeconds(2)).poolSize(1).build()) {
            try (Connection c = InternalAccess.dataSource(db).getConnection()) {
                assertThat(c.getNetworkTimeout()).as("the driver's socket timeout").isEqualTo(4_000);
            }
            var dsl = InternalAccess.dsl(db);
            if (target == DbTarget.POSTGRESQL) {
                assertThat(dsl.fetchValue("SHOW statement_timeout")).isEqualTo("1s");
            }
            long t0 = System.nanoTime();
            String sleep = target == DbTarget.POSTGRESQL ? "SELECT pg_sleep(8)" : "SELECT SLEEP(8)";
            Object outcome;
            try {
                outcome = dsl.fetchValue(sleep);
            } catch (RuntimeException e) {
                outcome = e;
            }
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            System.out.println(target + ": " + sleep + " ended after " + took.toMillis() + " ms with " + outcome);
            assertThat(took).as("cancelled after the statement timeout").isBetween(Duration.ofMillis(900),
                    Duration.ofMillis(3_500));
            // the server cancelled the statement: the same (only) connection works on
            long id = db.requestLogs().append(RequestLog.builder("GET", "/after-timeout", 200).build()).orElseThrow();
            assertThat(db.requestLogs().get(id).path()).isEqualTo("/after-timeout");
            assertThat(db.requestLogs().count(LogFilter.ALL)).isEqualTo(1);
        }
    }

    @Test
    void aPostgresqlOptionsPropertyOfTheCallersIsKeptAndItsStatementTimeoutWins() {
        try (TestDatabase tdb = TestDatabase.create(DbTarget.POSTGRESQL);
             MockLoopDb db = tdb.builder().statementTimeout(Duration.ofSeconds(2))
                     .connectionProperty("options", "-c statement_timeout=7s -c lock_timeout=3s").build()) {
            var dsl = InternalAccess.dsl(db);
            assertThat(dsl.fetchValue("SHOW statement_timeout")).isEqualTo("7s");
            assertThat(dsl.fetchValue("SHOW lock_timeout")).isEqualTo("3s");
        }
    }

    private static void refused(MockLoopDb.Builder builder, String setting, String message) {
        assertThatThrownBy(builder::settings).isInstanceOf(ConfigurationException.class).hasMessage(message)
                .extracting(e -> ((ConfigurationException) e).setting()).isEqualTo(setting);
    }

    private Path write(String yaml) throws Exception {
        Path f = Files.createTempFile(dir, "cfg", ".yaml");
        Files.writeString(f, yaml);
        return f;
    }
}
