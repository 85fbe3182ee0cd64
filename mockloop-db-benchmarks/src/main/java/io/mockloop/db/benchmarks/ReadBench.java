package io.mockloop.db.benchmarks;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.mockloop.db.log.ExportFormat;
import io.mockloop.db.log.LogFilter;
import io.mockloop.db.log.RequestLog;

import java.io.IOException;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Part 7: reads through the library against raw JDBC reading the same rows of the same table in the same run: the
 * NDJSON export of every row (one query, the driver's fetch size, Jackson's generator, stored JSON columns written
 * through unparsed) and a page of 100 rows (the newest, and one at 50 % depth by keyset), and the daily summary
 * against the same GROUP BY in plain SQL. Sides alternate which goes first every repetition.
 */
final class ReadBench implements Part {

    static final String SECTION = "7. Reads against raw JDBC";

    /** Calls of each page kind, on each side, before any is measured. */
    static final int PAGE_WARM_UP = 2_000;
    /** Calls of each page kind, on each side, per repetition (the figure is their mean). */
    static final int PAGES_PER_REP = 50;
    private static final JsonFactory JSON = new JsonFactory();
    private static final String COLUMNS = "id, timestamp, method, path, query_params, headers, request_body,"
            + " response_status, response_headers, response_body, response_time_ms, server_id, client_ip, user_agent,"
            + " request_id, scenario_name, created_at, updated_at";

    @Override
    public String name() {
        return "reads";
    }

    @Override
    public void run(Profile p, Report report) throws Exception {
        report.note(SECTION, String.format(java.util.Locale.ROOT, "%,d rows of the query data set (realistic "
                + "payloads) loaded through `appendAll`. Export: `export(LogFilter.ALL, NDJSON, out)` against one raw "
                + "query (newest first, fetch size 1,000; on PostgreSQL inside a transaction so the driver uses a "
                + "cursor; on MariaDB the driver streams) writing each row with Jackson's generator and the stored "
                + "JSON columns through unparsed; both write into a counting sink. Page: `page(ALL, 100, cursor)` "
                + "against raw JDBC reading the same 101 rows into plain values (timestamps to Instant, JSON columns "
                + "left as text). Summary: `summary()` against the request_logs_summary view's "
                + "GROUP BY written out in SQL. Exports and summaries run twice untimed first; pages %,d times on each "
                + "side (newest and deep), so both sides are measured compiled; each repetition's page figure is the "
                + "mean of %d calls.", p.readRows(), PAGE_WARM_UP, PAGES_PER_REP));
        List<BenchDb.Kind> kinds = new ArrayList<>(List.of(BenchDb.Kind.SQLITE_FILE));
        if (!Benchmarks.skipServers) {
            kinds.add(BenchDb.Kind.POSTGRESQL);
            kinds.add(BenchDb.Kind.MARIADB);
        }
        for (BenchDb.Kind kind : kinds) {
            Benchmarks.log("reads on %s, %,d rows", kind.label, p.readRows());
            try (BenchDb bdb = BenchDb.create(kind)) {
                runOn(bdb, p, report);
            } catch (Exception e) {
                Benchmarks.log("reads on %s failed: %s", kind.label, e);
                report.error(SECTION + " (" + kind.label + ")", e);
            }
        }
    }

    private static void runOn(BenchDb bdb, Profile p, Report report) throws Exception {
        Rows.Dataset data = new Rows.Dataset(p.readRows(), 17, QueryBench.END, Duration.ofDays(30));
        for (List<RawRow> part = data.next(20_000); !part.isEmpty(); part = data.next(20_000)) {
            LogRows.appendAll(bdb.db, LogRows.of(part));
        }
        bdb.db.maintenance().analyze();
        var logs = bdb.db.requestLogs();
        String label = bdb.kind.label + ", " + p.readRows() / 1000 + "k";
        RequestLog deep = logs.list(LogFilter.ALL, p.readRows() / 2).get(p.readRows() / 2 - 1);
        String deepCursor = cursorAfter(logs, deep);

        Stats libExport = new Stats();
        Stats rawExport = new Stats();
        Stats exportRatio = new Stats();
        Stats pageRatio = new Stats();
        Stats deepRatio = new Stats();
        Stats libPage = new Stats();
        Stats rawPage = new Stats();
        Stats summaryRatio = new Stats();
        for (int warm = 0; warm < 2; warm++) {
            logs.export(LogFilter.ALL, ExportFormat.NDJSON, new Counting());
            rawExport(bdb, new Counting());
            logs.summary();
            rawSummary(bdb);
        }
        // pages until both sides run compiled code: with 10 calls each (before), the library's longer path was
        // still interpreted and measured 1.5-1.8x raw; a standalone loop showed the ratio settle near 1.0x only after
        // about 1,500 calls of each
        pages(bdb, deepCursor, deep, PAGE_WARM_UP);
        for (int rep = 0; rep < p.readReps(); rep++) {
            double lib = 0;
            double raw = 0;
            long libBytes = 0;
            long rawBytes = 0;
            for (int step = 0; step < 2; step++) {
                Counting out = new Counting();
                long t0 = System.nanoTime();
                if ((rep + step) % 2 == 0) {
                    logs.export(LogFilter.ALL, ExportFormat.NDJSON, out);
                    lib = (System.nanoTime() - t0) / 1e6;
                    libBytes = out.bytes;
                } else {
                    rawExport(bdb, out);
                    raw = (System.nanoTime() - t0) / 1e6;
                    rawBytes = out.bytes;
                }
            }
            libExport.add(lib);
            rawExport.add(raw);
            exportRatio.add(raw / lib); // throughput ratio: library ÷ raw
            double[] pg = pages(bdb, deepCursor, deep, PAGES_PER_REP);
            libPage.add(pg[0]);
            rawPage.add(pg[1]);
            pageRatio.add(pg[0] / pg[1]);
            deepRatio.add(pg[2] / pg[3]);
            long s0 = System.nanoTime();
            logs.summary();
            double ls = System.nanoTime() - s0;
            s0 = System.nanoTime();
            rawSummary(bdb);
            double rs = System.nanoTime() - s0;
            summaryRatio.add(ls / rs);
            Benchmarks.log("  rep %d: export lib %.0f ms (%,d B), raw %.0f ms (%,d B); page lib %.3f ms, raw %.3f ms",
                    rep + 1, lib, libBytes, raw, rawBytes, pg[0], pg[1]);
        }
        report.add(SECTION, label + ": NDJSON export, library", "ms", libExport, null);
        report.add(SECTION, label + ": NDJSON export, raw JDBC + Jackson", "ms", rawExport, null);
        report.add(SECTION, label + ": export throughput, library ÷ raw", "×", exportRatio,
                Target.atLeast(0.9, "≥ 0.9×"), "per-rep ratio");
        report.add(SECTION, label + ": newest page of 100, library", "ms", libPage, "mean of " + PAGES_PER_REP + " per rep");
        report.add(SECTION, label + ": newest page of 100, raw JDBC", "ms", rawPage, "mean of " + PAGES_PER_REP + " per rep");
        report.add(SECTION, label + ": newest page cost, library ÷ raw", "×", pageRatio, Target.atMost(1.5, "≤ 1.5×"),
                "per-rep ratio of means");
        report.add(SECTION, label + ": page at 50 % depth cost, library ÷ raw", "×", deepRatio,
                Target.atMost(1.5, "≤ 1.5×"), "per-rep ratio of means");
        report.add(SECTION, label + ": summary cost, library ÷ raw SQL", "×", summaryRatio, null, "per-rep ratio");
    }

    /** The cursor page() hands out after {@code last}, found by paging to it untimed. */
    private static String cursorAfter(io.mockloop.db.log.RequestLogStore logs, RequestLog last) {
        String cursor = null;
        while (true) {
            var page = cursor == null ? logs.page(LogFilter.ALL, 10_000) : logs.page(LogFilter.ALL, 10_000, cursor);
            for (int i = 0; i < page.items().size(); i++) {
                if (page.items().get(i).id().equals(last.id())) {
                    if (i == page.items().size() - 1) {
                        return page.nextCursor().orElseThrow();
                    }
                    var prefix = cursor == null ? logs.page(LogFilter.ALL, i + 1)
                            : logs.page(LogFilter.ALL, i + 1, cursor);
                    return prefix.nextCursor().orElseThrow();
                }
            }
            cursor = page.nextCursor().orElseThrow(() -> new IllegalStateException("row not found"));
        }
    }

    /** @return mean ms per call: library newest page, raw newest page, library deep page, raw deep page */
    private static double[] pages(BenchDb bdb, String deepCursor, RequestLog deep, int n) throws SQLException {
        var logs = bdb.db.requestLogs();
        double[] out = new double[4];
        try (Connection c = bdb.raw()) {
            for (int i = 0; i < n; i++) {
                long t0 = System.nanoTime();
                logs.page(LogFilter.ALL, 100);
                out[0] += System.nanoTime() - t0;
                t0 = System.nanoTime();
                rawPage(bdb, c, null);
                out[1] += System.nanoTime() - t0;
                t0 = System.nanoTime();
                logs.page(LogFilter.ALL, 100, deepCursor);
                out[2] += System.nanoTime() - t0;
                t0 = System.nanoTime();
                rawPage(bdb, c, deep);
                out[3] += System.nanoTime() - t0;
            }
        }
        for (int i = 0; i < 4; i++) {
            out[i] = out[i] / n / 1e6;
        }
        return out;
    }

    /** A stored row as plain values, JSON columns as stored text. */
    record Plain(long id, Instant timestamp, String method, String path, String queryParams, String headers,
                 String requestBody, int status, String responseHeaders, String responseBody, Integer responseTimeMs,
                 String serverId, String clientIp, String userAgent, String requestId, String scenario,
                 Instant createdAt, Instant updatedAt) {
    }

    private static List<Plain> rawPage(BenchDb bdb, Connection c, RequestLog after) throws SQLException {
        String where = after == null ? ""
                : " WHERE timestamp <= ? AND (timestamp < ? OR (timestamp = ? AND id < ?))";
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM request_logs" + where
                + " ORDER BY timestamp DESC, id DESC LIMIT 101")) {
            if (after != null) {
                for (int i = 1; i <= 3; i++) {
                    setTime(bdb, ps, i, after.timestamp());
                }
                ps.setLong(4, after.id().orElseThrow());
            }
            List<Plain> rows = new ArrayList<>(101);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(plain(bdb, rs));
                }
            }
            return rows;
        }
    }

    private static Plain plain(BenchDb bdb, ResultSet rs) throws SQLException {
        int rt = rs.getInt(11);
        return new Plain(rs.getLong(1), time(bdb, rs, 2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getString(7), rs.getInt(8), rs.getString(9), rs.getString(10),
                rs.wasNull() ? null : rt, rs.getString(12), rs.getString(13), rs.getString(14), rs.getString(15),
                rs.getString(16), time(bdb, rs, 17), time(bdb, rs, 18));
    }

    private static void setTime(BenchDb bdb, PreparedStatement ps, int i, Instant t) throws SQLException {
        if (bdb.kind.sqlite()) {
            ps.setString(i, RawJdbc.SQLITE_TIME.format(t));
        } else {
            ps.setObject(i, LocalDateTime.ofInstant(t, ZoneOffset.UTC));
        }
    }

    private static Instant time(BenchDb bdb, ResultSet rs, int i) throws SQLException {
        if (bdb.kind.sqlite()) {
            String s = rs.getString(i);
            return s == null ? null : LocalDateTime.parse(s.replace(' ', 'T')).toInstant(ZoneOffset.UTC);
        }
        Timestamp ts = rs.getTimestamp(i);
        return ts == null ? null : ts.toLocalDateTime().toInstant(ZoneOffset.UTC);
    }

    private static void rawExport(BenchDb bdb, OutputStream out) throws SQLException, IOException {
        try (Connection c = bdb.raw()) {
            boolean pg = bdb.kind == BenchDb.Kind.POSTGRESQL;
            if (pg) {
                c.setAutoCommit(false); // pgjdbc fetches with a cursor only inside a transaction
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS
                    + " FROM request_logs ORDER BY timestamp DESC, id DESC");
                 JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
                ps.setFetchSize(1_000);
                g.setRootValueSeparator(null);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        g.writeStartObject();
                        g.writeNumberField("id", rs.getLong(1));
                        g.writeStringField("timestamp", String.valueOf(time(bdb, rs, 2)));
                        g.writeStringField("method", rs.getString(3));
                        g.writeStringField("path", rs.getString(4));
                        raw(g, "query_params", rs.getString(5));
                        raw(g, "headers", rs.getString(6));
                        g.writeStringField("request_body", rs.getString(7));
                        g.writeNumberField("response_status", rs.getInt(8));
                        raw(g, "response_headers", rs.getString(9));
                        g.writeStringField("response_body", rs.getString(10));
                        int rt = rs.getInt(11);
                        if (rs.wasNull()) {
                            g.writeNullField("response_time_ms");
                        } else {
                            g.writeNumberField("response_time_ms", rt);
                        }
                        g.writeStringField("server_id", rs.getString(12));
                        g.writeStringField("client_ip", rs.getString(13));
                        g.writeStringField("user_agent", rs.getString(14));
                        g.writeStringField("request_id", rs.getString(15));
                        g.writeStringField("scenario_name", rs.getString(16));
                        g.writeStringField("created_at", String.valueOf(time(bdb, rs, 17)));
                        g.writeStringField("updated_at", String.valueOf(time(bdb, rs, 18)));
                        g.writeEndObject();
                        g.writeRaw('\n');
                    }
                }
            } finally {
                if (pg) {
                    c.rollback();
                    c.setAutoCommit(true);
                }
            }
        }
    }

    private static void raw(JsonGenerator g, String name, String json) throws IOException {
        g.writeFieldName(name);
        if (json == null) {
            g.writeStartObject();
            g.writeEndObject();
        } else {
            g.writeRawValue(json);
        }
    }

    private static void rawSummary(BenchDb bdb) throws SQLException {
        String day = "DATE(timestamp)";
        try (Connection c = bdb.raw();
             PreparedStatement ps = c.prepareStatement("SELECT server_id, " + day + " AS log_date, method, COUNT(*),"
                     + " AVG(response_time_ms), MIN(response_time_ms), MAX(response_time_ms),"
                     + " COUNT(CASE WHEN response_status >= 400 THEN 1 END),"
                     + " COUNT(CASE WHEN response_status < 400 THEN 1 END) FROM request_logs"
                     + " GROUP BY server_id, " + day + ", method ORDER BY server_id, log_date, method");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                rs.getString(1);
                rs.getString(2);
                rs.getLong(4);
            }
        }
    }

    /** Counts bytes and throws them away. */
    static final class Counting extends OutputStream {
        long bytes;

        @Override
        public void write(int b) {
            bytes++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            bytes += len;
        }
    }
}
