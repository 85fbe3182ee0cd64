package io.mockloop.db.log;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import de.sstoehr.harreader.HarReader;
import de.sstoehr.harreader.HarReaderMode;
import de.sstoehr.harreader.model.Har;
import de.sstoehr.harreader.model.HarEntry;
import io.mockloop.db.MockLoopDb;
import io.mockloop.db.testing.DbTarget;
import io.mockloop.db.testing.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Exports other tools accept: HAR request URLs are RFC 3986 URIs and every HAR file passes a strict HAR 1.2 reader;
 * CSV neutralises formula-leading cells (raw on request) and tells NULL from empty text; NDJSON stays lossless; and
 * the default redaction keeps the usual secrets out of the database file, its WAL and every export.
 */
class ExportsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, names = {"SQLITE_FILE", "POSTGRESQL", "MARIADB"})
    void harUrlsAreValidUrisAndTheFilePassesAStrictHarReader(DbTarget target) throws Exception {
        MockLoopDb db = TestDatabase.fresh(target);
        Random random = new Random(20261207);
        String[] pieces = {"pets", "a b", "café", "100%", "%zz", "[x]", "a|b", "~ok", "ü/ö", "{id}", "x^y", "\"q\"",
            "жук", "😀", "a;b=c", "@me", "#frag", "back\\slash"};
        List<RequestLog> logs = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            StringBuilder path = new StringBuilder();
            for (int k = 0; k < 1 + random.nextInt(3); k++) {
                path.append('/').append(pieces[random.nextInt(pieces.length)]);
            }
            Map<String, List<String>> query = new LinkedHashMap<>();
            query.put("q " + i, List.of(pieces[random.nextInt(pieces.length)] + "&=+", "two"));
            logs.add(RequestLog.builder(i % 3 == 0 ? "POST" : "GET", path.toString(), 200 + (i % 4) * 100)
                    .queryParams(query).header("Host", i % 5 == 0 ? "bad host name" : "api.example.com:8080")
                    .header("Content-Type", "application/json").requestBody(i % 3 == 0 ? "{\"n\":" + i + "}" : null)
                    .responseBody("{}").responseTimeMs(i).build());
        }
        db.requestLogs().appendAll(logs);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        db.requestLogs().export(LogFilter.builder().oldestFirst().build(), ExportFormat.HAR, out);
        Path file = dir.resolve("export.har");
        Files.write(file, out.toByteArray());

        // a path that is already percent-encoded (as received on the wire) keeps its escapes
        db.requestLogs().append(RequestLog.builder("GET", "/already%20encoded", 200).build());
        assertThat(export(db, ExportFormat.HAR)).contains("\"url\":\"http://localhost/already%20encoded\"");

        Har har = new HarReader().readFromFile(file.toFile(), HarReaderMode.STRICT);
        List<HarEntry> entries = har.getLog().getEntries();
        assertThat(entries).hasSize(200);
        for (int i = 0; i < entries.size(); i++) {
            String url = entries.get(i).getRequest().getUrl();
            URI uri = new URI(url); // throws on anything RFC 3986 (as java.net.URI reads it) does not allow
            assertThat(uri.getScheme()).isEqualTo("http");
            assertThat(uri.getPath()).as(url).isEqualTo(logs.get(i).path());
            assertThat(uri.getRawQuery()).doesNotContain(" ");
            List<String> decoded = new ArrayList<>();
            for (String pair : uri.getRawQuery().split("&")) {
                String[] kv = pair.split("=", 2);
                decoded.add(decode(kv[0]) + "=" + decode(kv[1]));
            }
            List<String> expected = new ArrayList<>();
            logs.get(i).queryParams().forEach((k, vs) -> vs.forEach(v -> expected.add(k + "=" + v)));
            assertThat(decoded).as(url).isEqualTo(expected);
        }
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    @Test
    void csvNeutralisesFormulasByDefaultKeepsThemRawOnRequestAndTellsNullFromEmpty() {
        MockLoopDb db = TestDatabase.fresh(DbTarget.SQLITE_MEMORY);
        String[] formulas = {"=1+1", "+SUM(A1)", "-2+3", "@cmd", "\tTAB", "\rCR"};
        for (String f : formulas) {
            db.requestLogs().append(RequestLog.builder("GET", "/f", 200).requestId("f").responseBody(f).build());
        }
        db.requestLogs().append(RequestLog.builder("GET", "/e", 200).requestId("empty").requestBody("")
                .responseBody(null).build());
        String csv = export(db, ExportFormat.CSV);
        String raw = export(db, ExportFormat.CSV_RAW);
        for (String f : formulas) {
            String quoted = f.contains("\r") ? "\"'" + f + "\"" : "'" + f;
            assertThat(csv).as("neutralised " + f.replace("\t", "\\t").replace("\r", "\\r")).contains("," + quoted + ",");
            String rawCell = f.contains("\r") ? "\"" + f + "\"" : f;
            assertThat(raw).contains("," + rawCell + ",");
        }
        assertThat(csv).doesNotContain(",=1+1,", ",+SUM(A1),", ",@cmd,", ",-2+3,");
        // the numeric columns are numbers, never neutralised
        String emptyRow = csv.lines().filter(l -> l.contains(",empty,")).findFirst().orElseThrow();
        // request_body is the empty text (quoted), response_body NULL (nothing between the commas)
        assertThat(emptyRow).contains(",/e,,,\"\",200,,,");
    }

    @Test
    void ndjsonKeepsEveryValueAsStored() throws Exception {
        MockLoopDb db = TestDatabase.fresh(DbTarget.SQLITE_MEMORY);
        RequestLog in = RequestLog.builder("POST", "/a b/café", 201).requestBody("").responseBody("=1+1")
                .queryParams(Map.of("k", List.of("v 1", "v2"))).header("X-Trace", "t").userAgent(null).build();
        long id = db.requestLogs().append(in).orElseThrow();
        JsonNode row = JSON.readTree(export(db, ExportFormat.NDJSON).lines().findFirst().orElseThrow());
        assertThat(row.get("id").asLong()).isEqualTo(id);
        assertThat(row.get("path").asText()).isEqualTo("/a b/café");
        assertThat(row.get("request_body").isTextual()).isTrue();
        assertThat(row.get("request_body").asText()).isEmpty();
        assertThat(row.get("response_body").asText()).isEqualTo("=1+1");
        assertThat(row.get("user_agent").isNull()).isTrue();
        assertThat(row.get("query_params").get("k").toString()).isEqualTo("[\"v 1\",\"v2\"]");
    }

    @Test
    void theUsualSecretsNeverReachTheDatabaseFileItsWalOrAnExport() throws Exception {
        Path file = dir.resolve("secrets.db");
        List<String> secrets = new ArrayList<>();
        try (MockLoopDb db = MockLoopDb.open(file)) {
            Map<String, String> headers = Map.of("Authorization", "Bearer", "api-key", "hk", "X-AUTH-TOKEN", "ht",
                    "x-access-token", "ha", "X-Api-Key", "hx", "Cookie", "hc");
            Map<String, String> params = Map.of("access_token", "qa", "API_KEY", "qk", "Token", "qt",
                    "password", "qp", "client_secret", "qs", "apikey", "qy", "refresh_token", "qr", "id_token", "qi");
            RequestLog.Builder b = RequestLog.builder("GET", "/login", 200);
            Map<String, List<String>> query = new LinkedHashMap<>();
            headers.forEach((name, v) -> {
                String secret = "s3cr3t-header-" + v;
                secrets.add(secret);
                b.header(name, secret);
            });
            params.forEach((name, v) -> {
                String secret = "s3cr3t-param-" + v;
                secrets.add(secret);
                query.put(name, List.of(secret));
            });
            db.requestLogs().append(b.queryParams(query).responseHeaders(Map.of("Set-Cookie",
                    List.of("s3cr3t-header-set"))).build());
            secrets.add("s3cr3t-header-set");
            try (LogWriter writer = db.requestLogs().openWriter(WriterSettings.DEFAULTS)) {
                writer.enqueue(b.build());
                assertThat(writer.flush(java.time.Duration.ofSeconds(10))).isTrue();
            }
            assertThat(db.requestLogs().count(LogFilter.ALL)).isEqualTo(2);
            assertThat(Files.exists(dir.resolve("secrets.db-wal"))).isTrue();
            String stored = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1)
                    + new String(Files.readAllBytes(dir.resolve("secrets.db-wal")), StandardCharsets.ISO_8859_1);
            for (ExportFormat format : ExportFormat.values()) {
                stored += export(db, format);
            }
            assertThat(stored).contains("[REDACTED]");
            for (String secret : secrets) {
                assertThat(stored).as(secret).doesNotContain(secret);
            }
        }
    }

    private static String export(MockLoopDb db, ExportFormat format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        db.requestLogs().export(LogFilter.ALL, format, out);
        return out.toString(StandardCharsets.UTF_8);
    }
}
