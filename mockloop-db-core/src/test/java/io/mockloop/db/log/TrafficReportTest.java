package io.mockloop.db.log;

import static org.assertj.core.api.Assertions.assertThat;

import io.mockloop.db.MockLoopDb;
import io.mockloop.db.testing.DbTarget;
import io.mockloop.db.testing.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link RequestLogStore#report}: one self-contained HTML page with the figures the database holds — the same on
 * SQLite, PostgreSQL and MariaDB — with every stored text escaped, and a valid page for an empty selection.
 * {@link TrafficReportBrowserTest} renders it in Chromium.
 */
class TrafficReportTest {

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, names = {"SQLITE_FILE", "POSTGRESQL", "MARIADB"})
    void theReportShowsTrafficLatencyErrorsAndScenarioChangesAsTheDatabaseHoldsThem(DbTarget target) {
        try (TestDatabase tdb = TestDatabase.create(target); MockLoopDb db = tdb.builder().build()) {
            String server = ReportTraffic.seed(db);
            LogFilter filter = LogFilter.builder().server(server).build();

            String html = report(db, filter, ReportTraffic.LOGS);

            assertThat(html).startsWith("<!DOCTYPE html>").endsWith("</html>\n")
                    .contains("<title>MockLoop traffic report</title>")
                    .contains("Request logs of server " + server)
                    .contains(">131</div><div class=\"label\">requests<")
                    .contains(">19 · 14.5%</div><div class=\"label\">errors (status ≥ 400)<")
                    .contains(">3</div><div class=\"label\">endpoints<")
                    .contains("Buckets of 2 minutes, starting 2026-11-20 09:00:00 UTC.");
            // four charts drawn by our code, nothing fetched, nothing run
            assertThat(count(html, "<svg class=\"chart\"")).isEqualTo(4);
            assertThat(html).contains("id=\"requests-over-time-chart\"", "id=\"latency-chart\"",
                    "id=\"error-rate-chart\"", "id=\"scenarios-chart\"");
            assertThat(html).doesNotContain("<script", "<img", "<link rel=\"stylesheet\"", "src=", "url(", "@import");
            assertThat(html.replace("xmlns=\"http://www.w3.org/2000/svg\"", "")).doesNotContain("http://", "https://");
            // requests over time by status class: every request in exactly one bar
            assertThat(sumOfBarTitles(html)).isEqualTo(131);

            // exact percentiles (PostgreSQL's percentile_cont), the same as endpointStats
            assertThat(html).contains("<tr><td>GET</td><td class=\"path\">/api/pets</td><td>101</td><td>5</td>"
                    + "<td>5.0%</td><td>50 ms</td><td>50 ms</td><td>95 ms</td><td>99 ms</td><td>100 ms</td></tr>");
            EndpointStats stats = db.requestLogs().endpointStats(filter.toBuilder().path("/api/pets")
                    .methods("GET").build()).get(0);
            assertThat(List.of(stats.p50Ms(), stats.p95Ms(), stats.p99Ms())).containsExactly(OptionalDouble.of(50.0),
                    OptionalDouble.of(95.0), OptionalDouble.of(99.0));
            assertThat(html).contains("<tr><td>POST</td><td class=\"path\">/api/pets</td><td>20</td><td>4</td>"
                    + "<td>20.0%</td><td>200 ms</td>");
            // slowest by mean: POST first; most failing by errors: GET /api/pets/{id} (10), GET /api/pets (5), POST (4)
            assertThat(section(html, "slowest")).containsSubsequence("<td>POST</td>", "<td>GET</td>");
            // an endpoint is a method and a path shape: /api/pets/1..10 are GET /api/pets/{id}
            assertThat(section(html, "failing")).containsSubsequence(
                    "<td>GET</td><td class=\"path\">/api/pets/{id}</td><td>10</td><td>10</td><td>100.0%</td>",
                    ">/api/pets</td><td>101</td><td>5</td>", ">/api/pets</td><td>20</td><td>4</td>");

            // the scenario recorded on each request: happy, pets-down from log 50, happy again from log 90
            assertThat(section(html, "scenarios")).containsSubsequence(
                    "<td>happy</td><td>2026-11-20 09:00:00 UTC</td><td>2026-11-20 09:44:55 UTC</td><td>50</td>",
                    "<td>pets-down</td><td>2026-11-20 09:45:50 UTC</td><td>2026-11-20 10:21:35 UTC</td><td>40</td>",
                    "<td>happy</td><td>2026-11-20 10:22:30 UTC</td><td>2026-11-20 10:59:10 UTC</td><td>41</td>")
                    .contains("Active now: " + server + " → <b>happy</b>");
            assertThat(section(html, "unmatched")).contains("Every request in the selection matched a mock")
                    .doesNotContain("<svg");
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, names = {"SQLITE_FILE", "POSTGRESQL", "MARIADB"})
    void unmatchedRequestsAreChartedByPathShapeWithTheNearestMockAndWhyItMissed(DbTarget target) {
        try (TestDatabase tdb = TestDatabase.create(target); MockLoopDb db = tdb.builder().build()) {
            String server = ReportTraffic.seed(db);
            for (String path : List.of("/api/pet/1", "/api/pet/2", "/api/pet/3")) {
                db.requestLogs().append(RequestLog.builder("GET", path, 404).serverId(server).unmatched(true)
                        .timestamp(ReportTraffic.T0.plusSeconds(600)).build());
            }
            db.requestLogs().append(RequestLog.builder("DELETE", "/api/pets", 404).serverId(server).unmatched(true)
                    .timestamp(ReportTraffic.T0.plusSeconds(700)).build());

            String html = report(db, LogFilter.builder().server(server).build(), ReportTraffic.LOGS + 4);

            String unmatched = section(html, "unmatched");
            assertThat(unmatched).contains("id=\"unmatched-chart\"")
                    .containsSubsequence("<td>GET</td><td class=\"path\">/api/pet/{id}</td><td>" + server
                            + "</td><td>3</td><td>2026-11-20 09:10:00 UTC</td>",
                            "<td>DELETE</td><td class=\"path\">/api/pets</td><td>" + server + "</td><td>1</td>");
            String deleteRow = unmatched.substring(unmatched.indexOf("<td>DELETE</td>"));
            assertThat(deleteRow.substring(0, deleteRow.indexOf("</tr>"))).contains("GET /api/pets → 200",
                    "method differs");
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, names = {"SQLITE_FILE", "POSTGRESQL", "MARIADB"})
    void everyStoredTextIsEscapedSoHostilePathsShowAsText(DbTarget target) {
        String path = "/<script>alert('x')</script>";
        String scenario = "\"><img src=x onerror=alert(1)>";
        String server = "a&b<i>";
        try (TestDatabase tdb = TestDatabase.create(target); MockLoopDb db = tdb.builder().build()) {
            db.requestLogs().append(RequestLog.builder("GET", path, 500).responseTimeMs(7).serverId(server)
                    .scenarioName(scenario).timestamp(ReportTraffic.T0).build());

            String html = report(db, LogFilter.builder().server(server).build(), 1);

            assertThat(html).doesNotContain("<script", "<img", "<i>", "onerror=alert(1)>")
                    .contains("/&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;")
                    .contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;")
                    .contains("Request logs of server a&amp;b&lt;i&gt;");
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, names = {"SQLITE_FILE", "POSTGRESQL", "MARIADB"})
    void anEmptySelectionGivesAValidPageThatSaysSo(DbTarget target) {
        try (TestDatabase tdb = TestDatabase.create(target); MockLoopDb db = tdb.builder().build()) {
            ReportTraffic.seed(db);

            String html = report(db, LogFilter.builder().server("nobody").build(), 0);

            assertThat(html).startsWith("<!DOCTYPE html>").endsWith("</body>\n</html>\n")
                    .contains("<p class=\"empty\" id=\"empty\">No request logs match this selection")
                    .contains("Request logs of server nobody")
                    .doesNotContain("<svg");
        }
    }

    private static String report(MockLoopDb db, LogFilter filter, long expected) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(db.requestLogs().report(filter, out)).isEqualTo(expected);
        return out.toString(StandardCharsets.UTF_8);
    }

    private static int count(String s, String part) {
        return s.split(Pattern.quote(part), -1).length - 1;
    }

    /** The section with this id, up to the next one. */
    static String section(String html, String id) {
        int from = html.indexOf("<section id=\"" + id + "\">");
        assertThat(from).as("section " + id).isNotNegative();
        int to = html.indexOf("</section>", from);
        return html.substring(from, to);
    }

    /** Sums the per-class counts in the tooltips of the requests-over-time chart. */
    private static long sumOfBarTitles(String html) {
        Matcher m = Pattern.compile("<title>[^<]*?UTC((?:, [1-5]xx: \\d+)*)</title>").matcher(
                section(html, "requests-over-time"));
        long sum = 0;
        while (m.find()) {
            Matcher n = Pattern.compile(": (\\d+)").matcher(m.group(1));
            while (n.find()) {
                sum += Long.parseLong(n.group(1));
            }
        }
        return sum;
    }
}
