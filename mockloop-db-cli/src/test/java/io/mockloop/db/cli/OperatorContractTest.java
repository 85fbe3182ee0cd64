package io.mockloop.db.cli;

import static io.mockloop.db.cli.MaintenanceCommandsTest.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mockloop.db.MockLoopDb;
import io.mockloop.db.log.RequestLog;
import io.mockloop.db.server.ServerRegistration;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an operator relies on, in-process on SQLite: read-only commands never create a database, every command's
 * {@code --json} parses, the library's configuration sources with the options winning (and {@code --verbose} saying
 * where each setting came from), a database from a newer mockloop-db refused with exit 3, option values out of range
 * as usage errors (exit 2), and private files.
 */
class OperatorContractTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int LATEST = MockLoopDb.latestSchemaVersion();

    @TempDir
    Path dir;

    @Test
    void readOnlyCommandsOnAMissingFileExitOneAndCreateNothing() {
        Path missing = dir.resolve("nowhere").resolve("x.db");
        String url = "jdbc:sqlite:" + missing;
        List<List<String>> commands = List.of(List.of("status"), List.of("history"), List.of("validate"),
                List.of("size"), List.of("table-sizes"), List.of("analyze"), List.of("health"), List.of("export"),
                List.of("cleanup", "--days", "30"), List.of("vacuum"), List.of("rollback", "--version", "0", "--yes"),
                List.of("unmatched"), List.of("freeze", "--server-id", "s", "--name", "n"),
                List.of("import-har", "--from", dir.resolve("x.har").toString(), "--server-id", "s"),
                List.of("report", "--out", dir.resolve("r.html").toString()));

        for (List<String> command : commands) {
            String[] args = concat(java.util.stream.Stream.concat(Stream.of("db"), command.stream()).toList(),
                    "--url", url);
            Cli.Run run = Cli.run(args);

            assertThat(run.exitCode()).as(String.join(" ", args) + " -> " + run).isEqualTo(1);
            assertThat(run.out()).isEmpty();
            assertThat(run.err()).isEqualTo("mockloop: no database at " + missing
                    + "; create one with 'mockloop db migrate'" + System.lineSeparator());
        }
        assertThat(dir.resolve("nowhere")).doesNotExist();
        assertThat(dir.resolve("r.html")).doesNotExist();
    }

    @Test
    void migrateCreatesTheFileOwnerOnlyInADirectoryOnlyTheOwnerCanEnter() throws Exception {
        Path file = dir.resolve("new").resolve("x.db");

        ok("db", "migrate", "--url", "jdbc:sqlite:" + file);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
                .isEqualTo("rwx------");
    }

    @Test
    void everyCommandPrintsJsonThatParses() throws Exception {
        String url = "jdbc:sqlite:" + dir.resolve("j.db");
        Path upstream = dir.resolve("upstream.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + upstream); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE request_logs (id INTEGER PRIMARY KEY AUTOINCREMENT, timestamp TEXT, type TEXT,"
                    + " method TEXT, path TEXT, status_code INTEGER, process_time_ms INTEGER, client_host TEXT,"
                    + " headers TEXT, query_params TEXT, request_body TEXT, response_body TEXT, test_scenario TEXT,"
                    + " correlation_id TEXT, user_agent TEXT)");
            st.execute("INSERT INTO request_logs (timestamp, method, path, status_code, process_time_ms)"
                    + " VALUES ('2026-01-15T10:00:00.000001', 'GET', '/a', 200, 3)");
        }

        JsonNode migrate = json("migrate", "--url", url);
        assertThat(migrate.get("versionBefore").asInt()).isZero();
        assertThat(migrate.get("versionAfter").asInt()).isEqualTo(LATEST);
        assertThat(migrate.get("changeSets").size()).isPositive();
        JsonNode status = json("status", "--url", url);
        assertThat(status.get("currentVersion").asInt()).isEqualTo(LATEST);
        assertThat(status.get("upToDate").asBoolean()).isTrue();
        assertThat(status.get("pending").size()).isZero();
        assertThat(json("history", "--url", url).get("applied").get(0).get("appliedAt").asText()).endsWith("Z");
        assertThat(json("validate", "--url", url).get("valid").asBoolean()).isTrue();
        assertThat(json("import-upstream", "--from", upstream.toString(), "--server-id", "u", "--url", url)
                .get("imported").asLong()).isEqualTo(1);
        try (MockLoopDb db = MockLoopDb.open(dir.resolve("j.db"))) {
            db.servers().register(ServerRegistration.of("Upstream", "/spec.yaml", "/out").withId("u"));
            db.requestLogs().append(RequestLog.builder("GET", "/b/1", 404).serverId("u").unmatched(true).build());
        }
        JsonNode unmatched = json("unmatched", "--server-id", "u", "--url", url);
        assertThat(unmatched.get("groups").get(0).get("pathShape").asText()).isEqualTo("/b/{id}");
        assertThat(unmatched.get("groups").get(0).get("count").asLong()).isEqualTo(1);
        JsonNode freeze = json("freeze", "--server-id", "u", "--name", "frozen", "--url", url);
        assertThat(freeze.get("endpoints").get(0).get("path").asText()).isEqualTo("/a");
        assertThat(freeze.get("active").asBoolean()).isFalse();
        Path har = dir.resolve("one.har");
        Files.writeString(har, "{\"log\": {\"version\": \"1.2\", \"entries\": [{\"startedDateTime\":"
                + " \"2026-01-15T10:00:01Z\", \"time\": 4, \"request\": {\"method\": \"GET\", \"url\":"
                + " \"http://localhost/b\"}, \"response\": {\"status\": 200}}]}}");
        assertThat(json("import-har", "--from", har.toString(), "--server-id", "u", "--url", url).get("imported")
                .asLong()).isEqualTo(1);
        assertThat(json("report", "--out", dir.resolve("r.html").toString(), "--url", url).get("logs").asLong())
                .isEqualTo(3); // the upstream row, the unmatched log and the HAR entry
        assertThat(json("size", "--url", url).get("bytes").asLong()).isPositive();
        assertThat(json("table-sizes", "--url", url).get("tables").isArray()).isTrue();
        assertThat(json("analyze", "--url", url).get("indexUsage").isArray()).isTrue();
        assertThat(json("health", "--url", url).get("reachable").asBoolean()).isTrue();
        assertThat(json("vacuum", "--url", url).has("bytesFreed")).isTrue();
        assertThat(json("export", "--out", dir.resolve("e.ndjson").toString(), "--url", url).get("logs").asLong())
                .isEqualTo(3); // the upstream row, the HAR entry and the unmatched one
        assertThat(json("cleanup", "--days", "30", "--url", url).get("interrupted").asBoolean()).isFalse();
        Path backup = dir.resolve("b.db");
        assertThat(json("backup", "--to", backup.toString(), "--url", url).get("schemaVersion").asInt())
                .isEqualTo(LATEST);
        assertThat(json("restore", "--from", backup.toString(), "--yes", "--url", url).get("schemaVersion").asInt())
                .isEqualTo(LATEST);
        JsonNode rollback = json("rollback", "--version", "0", "--yes", "--url", url);
        assertThat(rollback.get("versionAfter").asInt()).isZero();
        assertThat(rollback.get("changed").asBoolean()).isTrue();
    }

    @Test
    void theEnvironmentIsReadAsFromEnvTheConfigFileBelowItAndTheOptionsWinWithVerboseSayingWhere() throws Exception {
        Path fromYaml = dir.resolve("yaml.db");
        Path fromEnv = dir.resolve("env.db");
        Path yaml = dir.resolve("m.yaml");
        Files.writeString(yaml, "database:\n  type: sqlite\n  path: " + fromYaml + "\n  pool_timeout: 7\n");
        Map<String, String> env = Map.of("MOCKLOOP_DB_PATH", fromEnv.toString(), "MOCKLOOP_DB_USER", "ops");

        Cli.Run migrate = run(env, "db", "migrate", "--config", yaml.toString());
        Cli.Run verbose = run(env, "db", "status", "--config", yaml.toString(), "--verbose");
        Cli.Run option = run(env, "db", "status", "--config", yaml.toString(), "--url", "jdbc:sqlite:" + fromYaml);

        assertThat(migrate.exitCode()).as(migrate.toString()).isZero();
        assertThat(migrate.out()).contains(fromEnv.toString());
        assertThat(fromEnv).exists();
        assertThat(fromYaml).doesNotExist();
        assertThat(verbose.exitCode()).as(verbose.toString()).isZero();
        assertThat(verbose.err()).containsPattern("url +jdbc:sqlite:" + java.util.regex.Pattern.quote(fromEnv.toString())
                        + " +\\[environment \\(MOCKLOOP_DB_PATH\\)]")
                .containsPattern("username +ops +\\[environment \\(MOCKLOOP_DB_USER\\)]")
                .containsPattern("poolTimeout +PT7S +\\[--config " + java.util.regex.Pattern.quote(yaml.toString())
                        + "]")
                .containsPattern("poolSize +2 +\\[command line");
        assertThat(option.exitCode()).isEqualTo(1);
        assertThat(option.err()).startsWith("mockloop: no database at " + fromYaml);
    }

    @Test
    void aDatabaseFromANewerMockloopIsRefusedWithExitThreeAndItsHistoryStillShows() throws Exception {
        Path file = dir.resolve("future.db");
        String url = "jdbc:sqlite:" + file;
        ok("db", "migrate", "--url", url);
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
            st.execute("INSERT INTO schema_version (version, description) VALUES (99, 'future')");
        }

        for (String[] args : new String[][] {{"db", "status"}, {"db", "migrate"}, {"db", "validate"},
            {"db", "cleanup", "--days", "1"}, {"db", "size"}, {"db", "export"}, {"db", "unmatched"},
            {"db", "freeze", "--server-id", "s", "--name", "n"}}) {
            Cli.Run run = Cli.run(concat(List.of(args), "--url", url));

            assertThat(run.exitCode()).as(String.join(" ", args) + " -> " + run).isEqualTo(3);
            assertThat(run.out()).isEmpty();
            assertThat(run.err().lines()).hasSize(1);
            assertThat(run.err()).startsWith("mockloop: the schema of " + url + " is at version 99, newer than version "
                    + LATEST);
        }
        assertThat(ok("db", "history", "--url", url).out()).contains("applied change sets (");
    }

    @Test
    void optionValuesOutOfRangeAreUsageErrors() {
        String url = "jdbc:sqlite:" + dir.resolve("r.db");
        String[][] cases = {
            {"db", "export", "--status", "999"},
            {"db", "export", "--status", "500-400"},
            {"db", "export", "--status", "0"},
            {"db", "export", "--since", "99999999999999999999d"},
            {"db", "report", "--out", dir.resolve("r.html").toString(), "--since", "99999999999999999999d"},
            {"db", "report", "--out", dir.resolve("r.html").toString(), "--since", "2026-12-01", "--until",
                "2026-11-01"},
            {"db", "import-har", "--from", dir.resolve("x.har").toString(), "--server-id", " "},
            {"db", "cleanup", "--days", "40000"},
            {"db", "status", "--timeout", "4000"},
            {"db", "unmatched", "--limit", "0"},
            {"db", "unmatched", "--since", "yesterday"},
            {"db", "freeze", "--server-id", "s", "--name", "n", "--pick", "sometimes"},
            {"db", "freeze", "--server-id", "s", "--name", "n", "--status", "700"},
        };
        for (String[] args : cases) {
            Cli.Run run = Cli.run(concat(List.of(args), "--url", url));

            assertThat(run.exitCode()).as(String.join(" ", args) + " -> " + run).isEqualTo(2);
            assertThat(run.err().lines()).hasSize(1);
        }
        assertThat(dir.resolve("r.db")).doesNotExist();
        assertThat(dir.resolve("r.html")).doesNotExist();
    }

    /** Runs {@code db ARGS --json}, which must succeed with nothing on stderr, and parses its stdout. */
    private static JsonNode json(String... args) throws Exception {
        return JSON.readTree(ok(concat(List.of("db"), concat(List.of(args), "--json"))).out());
    }

    private static Cli.Run run(Map<String, String> env, String... args) {
        return Cli.run(new ByteArrayInputStream(new byte[0]), env, args);
    }

    private static String[] concat(List<String> head, String... tail) {
        String[] out = new String[head.size() + tail.length];
        for (int i = 0; i < head.size(); i++) {
            out[i] = head.get(i);
        }
        System.arraycopy(tail, 0, out, head.size(), tail.length);
        return out;
    }
}
