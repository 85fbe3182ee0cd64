package io.mockloop.db.internal.log;

import io.mockloop.db.StoreUnavailableException;
import io.mockloop.db.ValidationException;
import io.mockloop.db.log.ImportReport;
import io.mockloop.db.log.LogPolicy;
import io.mockloop.db.log.RequestLog;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.sqlite.SQLiteConfig;

/**
 * Imports an upstream MockLoop request_logs.db: reads it with a read-only connection, maps each row, and writes
 * batches of 1,000 through the store, one transaction per batch. Not thread-safe (one per run).
 */
final class UpstreamImport {

    private final JooqRequestLogStore store;
    private final LogPolicy policy;

    UpstreamImport(JooqRequestLogStore store, LogPolicy policy) {
        this.store = store;
        this.policy = policy;
    }

    ImportReport run(Path file, String serverId) {
        if (file == null || !Files.isRegularFile(file)) {
            throw new ValidationException("upstreamFile", "must be an existing SQLite file", file);
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        long read = 0;
        long imported = 0;
        long skipped = 0;
        boolean interrupted = false;
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath(), config.toProperties());
             Statement st = c.createStatement()) {
            if (!hasTable(c)) {
                throw new ValidationException("upstreamFile", "must contain a request_logs table", file);
            }
            st.setFetchSize(1_000);
            try (ResultSet rs = st.executeQuery("SELECT * FROM request_logs ORDER BY id")) {
                Set<String> cols = columns(rs.getMetaData());
                List<RequestLog> batch = new ArrayList<>(JooqRequestLogStore.BATCH);
                while (rs.next()) {
                    read++;
                    RequestLog log = map(rs, cols, serverId);
                    try {
                        LogRules.check(log, "");
                    } catch (ValidationException e) {
                        skipped++;
                        continue;
                    }
                    Optional<RequestLog> p = policy.apply(log);
                    if (p.isEmpty()) {
                        skipped++;
                        continue;
                    }
                    batch.add(p.get());
                    if (batch.size() == JooqRequestLogStore.BATCH) {
                        imported += store.writeChecked(batch);
                        batch.clear();
                        if (Thread.currentThread().isInterrupted()) {
                            // stop at a batch boundary: what is written is whole batches, each committed
                            interrupted = true;
                            break;
                        }
                    }
                }
                if (!batch.isEmpty() && !interrupted) {
                    imported += store.writeChecked(batch);
                }
            }
        } catch (SQLException e) {
            throw new StoreUnavailableException("cannot read the upstream file " + file + ": " + e.getMessage(), e);
        }
        return new ImportReport(read, imported, skipped, interrupted);
    }

    private static boolean hasTable(Connection c) throws SQLException {
        try (ResultSet rs = c.getMetaData().getTables(null, null, "request_logs", null)) {
            return rs.next();
        }
    }

    private static Set<String> columns(ResultSetMetaData md) throws SQLException {
        Set<String> out = new HashSet<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
            out.add(md.getColumnLabel(i).toLowerCase(Locale.ROOT));
        }
        return out;
    }

    private static String text(ResultSet rs, Set<String> cols, String name) throws SQLException {
        return cols.contains(name) ? rs.getString(name) : null;
    }

    private RequestLog map(ResultSet rs, Set<String> cols, String serverId) throws SQLException {
        String path = text(rs, cols, "path");
        Map<String, List<String>> query = parseQuery(text(rs, cols, "query_params"));
        if (path != null && path.indexOf('?') >= 0) {
            Map<String, List<String>> merged = parseQuery(path.substring(path.indexOf('?') + 1));
            query.forEach((k, v) -> merged.merge(k, v, (a, b) -> {
                List<String> all = new ArrayList<>(a);
                all.addAll(b);
                return all;
            }));
            query = merged;
            path = path.substring(0, path.indexOf('?'));
        }
        String status = text(rs, cols, "status_code");
        String time = text(rs, cols, "process_time_ms");
        return RequestLog.builder(text(rs, cols, "method"), path, number(status, 0))
                .timestamp(timestamp(text(rs, cols, "timestamp")))
                .queryParams(query)
                .headers(LogJson.read(store.context().json(), text(rs, cols, "headers")))
                .requestBody(text(rs, cols, "request_body"))
                .responseHeaders(LogJson.read(store.context().json(), text(rs, cols, "response_headers")))
                .responseBody(text(rs, cols, "response_body"))
                .responseTimeMs(time == null ? null : number(time, -1))
                .serverId(serverId)
                .clientIp(text(rs, cols, "client_host"))
                .userAgent(text(rs, cols, "user_agent"))
                .requestId(text(rs, cols, "correlation_id"))
                .scenarioName(text(rs, cols, "test_scenario"))
                .build();
    }

    /** A numeric text rounded to int, or {@code def} when it is not a number (the row is then skipped). */
    private static int number(String s, int def) {
        try {
            return (int) Math.round(Double.parseDouble(s.trim()));
        } catch (NumberFormatException | NullPointerException e) {
            return def;
        }
    }

    /** Zone-less ISO text ({@code T} or space) is UTC; text with an offset keeps it. */
    static Instant timestamp(String s) {
        if (s == null || s.isBlank()) {
            return null;
        }
        String t = s.trim().replace(' ', 'T');
        try {
            return LocalDateTime.parse(t).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            try {
                return OffsetDateTime.parse(t).toInstant();
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }

    /** A raw query string ({@code a=1&b=x%20y&a=2}) or upstream's JSON object. */
    Map<String, List<String>> parseQuery(String raw) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (raw == null || raw.isBlank()) {
            return out;
        }
        String q = raw.startsWith("?") ? raw.substring(1) : raw;
        if (q.trim().startsWith("{")) {
            out.putAll(LogJson.read(store.context().json(), q));
            return out;
        }
        for (String pair : q.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = decode(eq < 0 ? pair : pair.substring(0, eq));
            String v = eq < 0 ? "" : decode(pair.substring(eq + 1));
            out.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
        }
        return out;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }
}
