package io.mockloop.db.internal.log;

import io.mockloop.db.StoreUnavailableException;
import io.mockloop.db.ValidationException;
import io.mockloop.db.internal.log.KeyedImport.Pending;
import io.mockloop.db.internal.log.KeyedImport.Written;
import io.mockloop.db.internal.StoreContext;
import io.mockloop.db.log.ImportReport;
import io.mockloop.db.log.ImportReport.SkipReason;
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
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.sqlite.SQLiteConfig;

/**
 * Imports an upstream MockLoop request_logs.db: reads it with a read-only connection, maps each row, and writes
 * batches of 1,000 through the store, one transaction per batch. Not thread-safe (one per run).
 *
 * <p>Idempotent: each upstream row gets an import key, a SHA-256 over its id and the columns upstream writes once
 * ({@link #KEY_COLUMNS}); request_log_imports records (server, key, request log written) in the same transaction as
 * the log. A key recorded for the server whose request log still exists is "already present"; a key whose log was
 * deleted since is dropped and the row imported again. The key does not depend on the file's path or size, so a
 * copy of the file, or the file after it grew, is recognised row by row.
 *
 * <p>Timestamps: {@code timestamp} (zone-less ISO text is UTC), else {@code created_at} (upstream's
 * {@code CURRENT_TIMESTAMP}, UTC; counted in {@link ImportReport#stampedFromCreatedAt()}), else the row is skipped
 * ({@link SkipReason#NO_TIMESTAMP}): never the import time. Headers that are not a JSON object are kept: as
 * "Name: value" lines when every line is one, else whole under {@value #UNPARSED_HEADERS} (redacted whole when it
 * mentions a header the policy redacts).
 */
final class UpstreamImport {

    /** The header name under which header text that is neither JSON nor "Name: value" lines is kept, whole. */
    static final String UNPARSED_HEADERS = "x-mockloop-unparsed";

    /** The upstream columns the import key covers, besides the row id: those upstream writes once per request. */
    static final List<String> KEY_COLUMNS = List.of("timestamp", "created_at", "method", "path", "status_code",
            "client_host", "client_port", "correlation_id");

    private static final Pattern HEADER_LINE = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+:.*");

    private final StoreContext ctx;
    private final LogPolicy policy;

    UpstreamImport(StoreContext ctx, LogPolicy policy) {
        this.ctx = ctx;
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
        long present = 0;
        long stamped = 0;
        Map<SkipReason, Long> skipped = new EnumMap<>(SkipReason.class);
        boolean interrupted = false;
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath(), config.toProperties());
             Statement st = c.createStatement()) {
            if (!hasTable(c)) {
                throw new ValidationException("upstreamFile", "must contain a request_logs table", file);
            }
            st.setFetchSize(1_000);
            try (ResultSet rs = st.executeQuery("SELECT rowid AS mockloop_upstream_rowid, * FROM request_logs"
                    + " ORDER BY rowid")) {
                Set<String> cols = columns(rs.getMetaData());
                List<Pending> batch = new ArrayList<>(LogInsert.BATCH);
                KeyedImport writer = new KeyedImport(ctx);
                while (rs.next()) {
                    read++;
                    Instant ts = timestamp(text(rs, cols, "timestamp"));
                    boolean fromCreatedAt = false;
                    if (ts == null) {
                        ts = timestamp(text(rs, cols, "created_at"));
                        fromCreatedAt = ts != null;
                    }
                    if (ts == null) {
                        skipped.merge(SkipReason.NO_TIMESTAMP, 1L, Long::sum);
                        continue;
                    }
                    RequestLog log;
                    try {
                        log = map(rs, cols, serverId, ts);
                        LogRules.check(log, LogRules.ONE);
                    } catch (ValidationException e) {
                        skipped.merge(SkipReason.BREAKS_WRITE_RULE, 1L, Long::sum);
                        continue;
                    }
                    Optional<RequestLog> p = policy.apply(log);
                    if (p.isEmpty()) {
                        skipped.merge(SkipReason.EXCLUDED_BY_POLICY, 1L, Long::sum);
                        continue;
                    }
                    batch.add(new Pending(key(rs, cols), p.get(), fromCreatedAt));
                    if (batch.size() == LogInsert.BATCH) {
                        Written w = writer.write(batch, serverId);
                        imported += w.imported();
                        present += w.present();
                        stamped += w.stamped();
                        batch.clear();
                        if (Thread.currentThread().isInterrupted()) {
                            // stop at a batch boundary: what is written is whole batches, each committed
                            interrupted = true;
                            break;
                        }
                    }
                }
                if (!batch.isEmpty() && !interrupted) {
                    Written w = writer.write(batch, serverId);
                    imported += w.imported();
                    present += w.present();
                    stamped += w.stamped();
                }
            }
        } catch (SQLException e) {
            throw new StoreUnavailableException("cannot read the upstream file " + file + ": " + e.getMessage(), e);
        }
        return new ImportReport(read, imported, present, skipped, stamped, interrupted);
    }

    /** @return the import key of the current row: SHA-256 (hex) over its rowid and {@link #KEY_COLUMNS} */
    private static String key(ResultSet rs, Set<String> cols) throws SQLException {
        StringBuilder in = new StringBuilder("v1|").append(rs.getLong("mockloop_upstream_rowid"));
        for (String col : KEY_COLUMNS) {
            KeyedImport.field(in, text(rs, cols, col));
        }
        return KeyedImport.key(in.toString());
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

    private RequestLog map(ResultSet rs, Set<String> cols, String serverId, Instant timestamp) throws SQLException {
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
                .timestamp(timestamp)
                .queryParams(query)
                .headers(headers(text(rs, cols, "headers")))
                .requestBody(text(rs, cols, "request_body"))
                .responseHeaders(headers(text(rs, cols, "response_headers")))
                .responseBody(text(rs, cols, "response_body"))
                .responseTimeMs(time == null ? null : number(time, -1))
                .serverId(serverId)
                .clientIp(text(rs, cols, "client_host"))
                .userAgent(text(rs, cols, "user_agent"))
                .requestId(text(rs, cols, "correlation_id"))
                .scenarioName(text(rs, cols, "test_scenario"))
                .build();
    }

    /**
     * Header text as upstream stored it: a JSON object (upstream's json.dumps), else "Name: value" lines, else the
     * whole text under {@value #UNPARSED_HEADERS}; never dropped. Text kept whole that mentions a header the policy
     * redacts is redacted whole (the policy can only redact what it can find by name).
     */
    Map<String, List<String>> headers(String raw) {
        if (raw == null || raw.isBlank()) {
            return Map.of();
        }
        String text = raw.strip();
        if (text.startsWith("{")) {
            Map<String, List<String>> json = LogJson.read(ctx.json(), text);
            if (!json.isEmpty() || text.replaceAll("\\s", "").equals("{}")) {
                return json;
            }
        }
        List<String> lines = text.lines().filter(l -> !l.isBlank()).toList();
        if (lines.stream().allMatch(l -> HEADER_LINE.matcher(l.strip()).matches())) {
            Map<String, List<String>> out = new LinkedHashMap<>();
            for (String l : lines) {
                String line = l.strip();
                int colon = line.indexOf(':');
                out.computeIfAbsent(line.substring(0, colon), k -> new ArrayList<>())
                        .add(line.substring(colon + 1).strip());
            }
            return out;
        }
        String lower = text.toLowerCase(Locale.ROOT);
        boolean secret = policy.redactedHeaders().stream().anyMatch(lower::contains);
        return Map.of(UNPARSED_HEADERS, List.of(secret ? LogPolicy.REDACTED : raw));
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
            out.putAll(LogJson.read(ctx.json(), q));
            return out;
        }
        return queryString(q);
    }

    /**
     * @param q a raw query string without its {@code '?'} ({@code a=1&b=x%20y&a=2}); escapes that are not valid
     *          are kept as they are
     * @return name to values, in order (a mutable map)
     */
    static Map<String, List<String>> queryString(String q) {
        Map<String, List<String>> out = new LinkedHashMap<>();
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
