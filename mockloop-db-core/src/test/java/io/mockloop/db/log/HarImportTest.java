package io.mockloop.db.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mockloop.db.MockLoopDb;
import io.mockloop.db.ValidationException;
import io.mockloop.db.log.ImportReport.SkipReason;
import io.mockloop.db.testing.DbTarget;
import io.mockloop.db.testing.TestDatabase;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link RequestLogStore#importHar}: HAR files shaped as Chrome and Firefox save them (written by hand under
 * src/test/resources/har, not by our exporter) become request logs with the rules, redaction and caps of any append;
 * bad entries are skipped with a reason, a file that is not a HAR writes nothing, and importing again adds nothing.
 */
class HarImportTest {

    @TempDir
    Path tmp;

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, names = {"SQLITE_FILE", "POSTGRESQL", "MARIADB"})
    void aChromeExportIsImportedWithItsQueryRedactedHeadersAndBase64BodiesAndItsBadEntriesSkipped(DbTarget target)
            throws Exception {
        Path har = fixture("chrome-petstore.har");
        try (TestDatabase tdb = TestDatabase.create(target); MockLoopDb db = tdb.builder().build()) {
            ImportReport report = db.requestLogs().importHar(har, "petstore");

            assertThat(report).isEqualTo(new ImportReport(6, 4, 0,
                    Map.of(SkipReason.MALFORMED_ENTRY, 1L, SkipReason.BREAKS_WRITE_RULE, 1L), 0, false));
            List<RequestLog> logs = db.requestLogs().list(LogFilter.builder().server("petstore").oldestFirst()
                    .build(), 10);
            assertThat(logs).extracting(l -> l.method() + " " + l.path() + " " + l.responseStatus()).containsExactly(
                    "GET /api/pets 200", "GET /img/logo.png 200", "POST /api/pets 201", "GET /api/pets/42 404");

            RequestLog list = logs.get(0);
            assertThat(list.timestamp()).isEqualTo(Instant.parse("2026-11-20T09:15:02.123Z"));
            assertThat(list.responseTimeMs()).isEqualTo(36);
            assertThat(list.queryParams()).isEqualTo(Map.of("limit", List.of("2"), "tag", List.of("good boy")));
            assertThat(list.headers()).containsOnlyKeys("accept", "authorization", "cookie", "user-agent");
            assertThat(list.headers().get("authorization")).containsExactly(LogPolicy.REDACTED);
            assertThat(list.headers().get("cookie")).containsExactly(LogPolicy.REDACTED);
            assertThat(list.responseHeaders().get("set-cookie")).containsExactly(LogPolicy.REDACTED);
            assertThat(list.userAgent()).startsWith("Mozilla/5.0 (X11; Linux x86_64)").contains("Chrome/142");
            assertThat(list.responseBody()).isEqualTo("[{\"id\":1,\"name\":\"Rex\"},{\"id\":2,\"name\":\"Fido\"}]");
            assertThat(list.serverId()).isEqualTo("petstore");

            RequestLog image = logs.get(1);
            assertThat(image.responseBody()).as("binary content stays base64").isEqualTo("iVBORw0KGgoAAAANSUhEUg==");

            RequestLog created = logs.get(2);
            assertThat(created.requestBody()).isEqualTo("{\"name\":\"Rex\"}");
            assertThat(created.requestId()).isEqualTo("req-7f3a");
            assertThat(created.responseTimeMs()).isEqualTo(120);

            RequestLog missing = logs.get(3);
            assertThat(missing.responseBody()).as("base64 text decoded").isEqualTo("{\"error\":\"not found\"}");
            assertThat(missing.headers()).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, names = {"SQLITE_FILE", "POSTGRESQL", "MARIADB"})
    void aFirefoxExportWithFormParamsOffsetsAndMissingOptionalFieldsIsImported(DbTarget target) throws Exception {
        Path har = fixture("firefox-admin.har");
        try (TestDatabase tdb = TestDatabase.create(target); MockLoopDb db = tdb.builder().build()) {
            ImportReport report = db.requestLogs().importHar(har, "admin");

            assertThat(report).isEqualTo(new ImportReport(5, 3, 0,
                    Map.of(SkipReason.NO_TIMESTAMP, 1L, SkipReason.MALFORMED_ENTRY, 1L), 0, false));
            List<RequestLog> logs = db.requestLogs().list(LogFilter.builder().oldestFirst().build(), 10);
            assertThat(logs).extracting(RequestLog::path).containsExactly("/login", "/dashboard", "/api/✓/items");

            RequestLog login = logs.get(0);
            assertThat(login.timestamp()).as("+01:00 read as such").isEqualTo(
                    Instant.parse("2026-11-20T09:15:02.512Z"));
            assertThat(login.requestBody()).isEqualTo("user=alice&next=%2Fdashboard%3Ftab%3D1");
            assertThat(login.responseStatus()).isEqualTo(302);
            assertThat(login.responseBody()).isNull();
            assertThat(login.responseHeaders().get("Set-Cookie")).containsExactly(LogPolicy.REDACTED);
            assertThat(login.responseTimeMs()).isEqualTo(12);

            RequestLog dashboard = logs.get(1);
            assertThat(dashboard.responseTimeMs()).as("no time: the non-negative timings").isEqualTo(46);
            assertThat(dashboard.queryParams()).isEqualTo(Map.of("tab", List.of("übersicht"),
                    "api_key", List.of(LogPolicy.REDACTED)));
            assertThat(dashboard.headers().get("Accept")).containsExactly("text/html,application/xhtml+xml",
                    "*/*;q=0.8");
            assertThat(dashboard.responseBody()).isEqualTo("<html><body><h1>Übersicht</h1></body></html>");

            RequestLog items = logs.get(2);
            assertThat(items.headers()).isEmpty();
            assertThat(items.responseHeaders()).isEmpty();
            assertThat(items.responseBody()).isNull();
            assertThat(items.responseTimeMs()).isEqualTo(3);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, names = {"SQLITE_FILE", "POSTGRESQL", "MARIADB"})
    void importingTheSameFileAgainAddsNothingAndAFileThatGrewAddsOnlyItsNewEntries(DbTarget target)
            throws Exception {
        Path har = tmp.resolve("grows.har");
        Files.writeString(har, har(entries(0, 1500) + "," + entry(2000, "/same") + "," + entry(2000, "/same")));
        try (TestDatabase tdb = TestDatabase.create(target); MockLoopDb db = tdb.builder().build()) {
            RequestLogStore logs = db.requestLogs();

            assertThat(logs.importHar(har, "s")).as("two identical entries are two requests")
                    .isEqualTo(new ImportReport(1502, 1502, 0, Map.of(), 0, false));
            assertThat(logs.importHar(har, "s")).isEqualTo(new ImportReport(1502, 0, 1502, Map.of(), 0, false));
            Path copy = Files.copy(har, tmp.resolve("copy.har"));
            assertThat(logs.importHar(copy, "s").alreadyPresent()).isEqualTo(1502);

            Files.writeString(har, har(entries(0, 1500) + "," + entry(2000, "/same") + "," + entry(2000, "/same")
                    + "," + entry(2000, "/same") + "," + entries(1500, 20)));
            assertThat(logs.importHar(har, "s")).isEqualTo(new ImportReport(1523, 21, 1502, Map.of(), 0, false));
            assertThat(logs.count(LogFilter.builder().server("s").build())).isEqualTo(1523);
            assertThat(logs.count(LogFilter.builder().path("/same").build())).isEqualTo(3);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, names = {"SQLITE_FILE", "POSTGRESQL", "MARIADB"})
    void bodiesAreCutByThePolicyAndAnEntryBreakingAWriteRuleIsSkipped(DbTarget target) throws Exception {
        String longBody = "x".repeat(500);
        String hugeHeader = "y".repeat(20_000);
        Path har = tmp.resolve("caps.har");
        Files.writeString(har, har(entry(0, "/big").replace("\"content\": {}", "\"content\": {\"text\": \""
                + longBody + "\"}") + "," + entry(1, "/header").replace("\"headers\": []",
                "\"headers\": [{\"name\": \"X-Big\", \"value\": \"" + hugeHeader + "\"}]")));
        try (TestDatabase tdb = TestDatabase.create(target); MockLoopDb db = tdb.builder().build()) {
            RequestLogStore logs = db.requestLogs().withPolicy(LogPolicy.DEFAULTS.withMaxBodyChars(100));

            ImportReport report = logs.importHar(har, "s");

            assertThat(report).isEqualTo(new ImportReport(2, 1, 0, Map.of(SkipReason.BREAKS_WRITE_RULE, 1L), 0,
                    false));
            RequestLog big = logs.list(LogFilter.ALL, 1).get(0);
            assertThat(big.path()).isEqualTo("/big");
            assertThat(big.responseBody()).startsWith("x".repeat(100)).hasSizeLessThan(longBody.length());
        }
    }

    @Test
    void aFileThatIsNotJsonIsRefusedByNameAndWritesNothing() throws Exception {
        Path har = tmp.resolve("broken.har");
        // a valid first entry, then the file breaks off: nothing may be written
        Files.writeString(har, "{\"log\": {\"entries\": [" + entry(0, "/a") + ", {\"request\": ");
        try (MockLoopDb db = MockLoopDb.open(tmp.resolve("t.db"))) {
            assertThatThrownBy(() -> db.requestLogs().importHar(har, "s"))
                    .isInstanceOf(ValidationException.class)
                    .hasMessageStartingWith("harFile must be a HAR file: a JSON object with log.entries (")
                    .hasMessageContaining(har.toString());
            assertThat(db.requestLogs().count(LogFilter.ALL)).isZero();
        }
    }

    @Test
    void aJsonFileWithoutLogEntriesIsRefusedByName() throws Exception {
        Path har = tmp.resolve("other.json");
        Files.writeString(har, "{\"log\": {\"version\": \"1.2\", \"pages\": []}}");
        try (MockLoopDb db = MockLoopDb.open(tmp.resolve("t.db"))) {
            assertThatThrownBy(() -> db.requestLogs().importHar(har, "s"))
                    .isInstanceOf(ValidationException.class)
                    .hasMessageContaining("harFile must be a HAR file")
                    .hasMessageContaining("'log' must have a member 'entries'");
        }
    }

    @Test
    void aMissingFileIsRefusedByName() throws Exception {
        Path har = tmp.resolve("nowhere.har");
        try (MockLoopDb db = MockLoopDb.open(tmp.resolve("t.db"))) {
            assertThatThrownBy(() -> db.requestLogs().importHar(har, "s"))
                    .isInstanceOf(ValidationException.class)
                    .hasMessageContaining("harFile must be an existing HAR file")
                    .hasMessageContaining(har.toString());
        }
    }

    @Test
    void aBlankServerIdIsRefusedByName() throws Exception {
        Path har = fixture("chrome-petstore.har");
        try (MockLoopDb db = MockLoopDb.open(tmp.resolve("t.db"))) {
            assertThatThrownBy(() -> db.requestLogs().importHar(har, " "))
                    .isInstanceOf(ValidationException.class)
                    .hasMessageStartingWith("serverId must be 1 to 255 characters, not blank");
            assertThat(db.requestLogs().count(LogFilter.ALL)).isZero();
        }
    }

    @Test
    void aFileLargerThanTheBatchIsStreamedInBatchesAndEveryEntryCounted() throws Exception {
        Path har = tmp.resolve("large.har");
        int n = Integer.getInteger("mockloop.har.entries", 5_000);
        try (var w = Files.newBufferedWriter(har)) {
            w.write("{\"log\": {\"version\": \"1.2\", \"creator\": {\"name\": \"proxy\", \"version\": \"1\"},"
                    + " \"entries\": [");
            for (int i = 0; i < n; i++) {
                w.write((i == 0 ? "" : ",") + entry(i, "/bulk/" + (i % 37)));
            }
            w.write("]}}");
        }
        try (MockLoopDb db = MockLoopDb.open(tmp.resolve("t.db"))) {
            ImportReport report = db.requestLogs().importHar(har, "bulk");

            assertThat(report).isEqualTo(new ImportReport(n, n, 0, Map.of(), 0, false));
            assertThat(db.requestLogs().count(LogFilter.builder().path("/bulk/5").build()))
                    .isEqualTo(n / 37 + (5 < n % 37 ? 1 : 0));
        }
    }

    private Path fixture(String name) throws IOException {
        Path file = tmp.resolve(name);
        try (InputStream in = HarImportTest.class.getResourceAsStream("/har/" + name)) {
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
        }
        return file;
    }

    static String har(String entries) {
        return "{\"log\": {\"version\": \"1.2\", \"creator\": {\"name\": \"test\", \"version\": \"1\"},"
                + " \"entries\": [" + entries + "]}}";
    }

    static String entries(int from, int count) {
        StringBuilder sb = new StringBuilder();
        for (int i = from; i < from + count; i++) {
            sb.append(i == from ? "" : ",").append(entry(i, "/e/" + i));
        }
        return sb.toString();
    }

    /** A minimal proxy-style entry at second {@code i} after 2026-11-20T09:00:00Z. */
    static String entry(int i, String path) {
        return "{\"startedDateTime\": \"" + Instant.parse("2026-11-20T09:00:00Z").plusSeconds(i) + "\", \"time\": "
                + (i % 50) + ", \"request\": {\"method\": \"GET\", \"url\": \"http://localhost:8080" + path
                + "\", \"httpVersion\": \"HTTP/1.1\", \"headers\": [], \"queryString\": [], \"cookies\": [],"
                + " \"headersSize\": -1, \"bodySize\": -1}, \"response\": {\"status\": " + (i % 10 == 0 ? 500 : 200)
                + ", \"statusText\": \"\", \"httpVersion\": \"HTTP/1.1\", \"headers\": [], \"cookies\": [],"
                + " \"content\": {}, \"redirectURL\": \"\", \"headersSize\": -1, \"bodySize\": -1}, \"cache\": {},"
                + " \"timings\": {\"send\": 0, \"wait\": " + (i % 50) + ", \"receive\": 0}}";
    }
}
