package io.mockloop.db.benchmarks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * The raw JDBC sides of the comparisons: {@code addBatch} with 1,000 rows per transaction into a clone of
 * request_logs, and upstream MockLoop's per-request pattern (open a connection, insert, commit, close). Maps are
 * JSON-encoded with Jackson inside the timed loop, as the library does. Not thread-safe.
 */
final class RawJdbc {

    static final String TABLE = "raw_request_logs";
    static final int BATCH = 1_000;
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The spelling the library stores on SQLite (UTC, as CURRENT_TIMESTAMP writes it, with milliseconds). */
    static final DateTimeFormatter SQLITE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS")
            .withZone(ZoneOffset.UTC);

    private RawJdbc() {
    }

    /** The CREATE statements of {@code table} and its indexes in a SQLite database, renamed to {@code newName}. */
    static List<String> sqliteTableDdl(Connection c, String table, String newName) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT sql FROM sqlite_master WHERE tbl_name = ? AND sql IS NOT"
                + " NULL ORDER BY CASE type WHEN 'table' THEN 0 ELSE 1 END")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1).replace(table, newName));
                }
            }
        }
        if (out.isEmpty()) {
            throw new IllegalStateException("no table " + table);
        }
        return out;
    }

    /** Creates raw_request_logs with the same columns, types and indexes as the library's request_logs. */
    static void cloneTable(BenchDb bdb) throws SQLException {
        if (bdb.kind == BenchDb.Kind.SQLITE_MEMORY) {
            return; // the private in-memory database was created with the clone already
        }
        Connection c = bdb.raw();
        try (Statement st = c.createStatement()) {
            switch (bdb.kind) {
                case SQLITE_FILE -> {
                    for (String ddl : sqliteTableDdl(c, "request_logs", TABLE)) {
                        st.execute(ddl);
                    }
                }
                case POSTGRESQL -> st.execute("CREATE TABLE " + TABLE + " (LIKE request_logs INCLUDING ALL)");
                case MARIADB -> st.execute("CREATE TABLE " + TABLE + " LIKE request_logs");
                default -> throw new IllegalStateException(bdb.kind.name());
            }
        } finally {
            if (!bdb.rawIsShared()) {
                c.close();
            }
        }
    }

    /** Empties a table (not timed by callers). */
    static void truncate(BenchDb bdb, String table) throws SQLException {
        Connection c = bdb.kind == BenchDb.Kind.SQLITE_MEMORY && table.equals("request_logs") ? null : bdb.raw();
        if (c == null) {
            // the library's own in-memory database is reachable only through the library
            throw new IllegalStateException("use the library to empty its in-memory table");
        }
        try (Statement st = c.createStatement()) {
            st.execute(bdb.kind.sqlite() ? "DELETE FROM " + table : "TRUNCATE TABLE " + table);
        } finally {
            if (!bdb.rawIsShared()) {
                c.close();
            }
        }
    }

    static final String INSERT_COLUMNS = "(timestamp, method, path, query_params, headers, request_body, response_status,"
            + " response_headers, response_body, response_time_ms, server_id, client_ip, user_agent, request_id,"
            + " scenario_name, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    static void bind(PreparedStatement ps, boolean sqlite, RawRow r) throws SQLException {
        try {
            setTime(ps, 1, sqlite, r.timestamp());
            ps.setString(2, r.method());
            ps.setString(3, r.path());
            ps.setString(4, JSON.writeValueAsString(r.queryParams()));
            ps.setString(5, JSON.writeValueAsString(r.headers()));
            ps.setString(6, r.requestBody());
            ps.setInt(7, r.responseStatus());
            ps.setString(8, JSON.writeValueAsString(r.responseHeaders()));
            ps.setString(9, r.responseBody());
            if (r.responseTimeMs() == null) {
                ps.setNull(10, Types.INTEGER);
            } else {
                ps.setInt(10, r.responseTimeMs());
            }
            ps.setString(11, r.serverId());
            ps.setString(12, r.clientIp());
            ps.setString(13, r.userAgent());
            ps.setString(14, r.requestId());
            ps.setString(15, r.scenarioName());
            Instant now = Instant.now();
            setTime(ps, 16, sqlite, now);
            setTime(ps, 17, sqlite, now);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void setTime(PreparedStatement ps, int i, boolean sqlite, Instant t) throws SQLException {
        if (sqlite) {
            ps.setString(i, SQLITE_TIME.format(t));
        } else {
            ps.setObject(i, LocalDateTime.ofInstant(t, ZoneOffset.UTC));
        }
    }

    /** Inserts {@code rows} into raw_request_logs with addBatch, one transaction per 1,000 rows. */
    static void insertBatched(BenchDb bdb, List<RawRow> rows) throws SQLException {
        Connection c = bdb.raw();
        try {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + TABLE + " " + INSERT_COLUMNS)) {
                int n = 0;
                for (RawRow r : rows) {
                    bind(ps, bdb.kind.sqlite(), r);
                    ps.addBatch();
                    if (++n % BATCH == 0) {
                        ps.executeBatch();
                        c.commit();
                    }
                }
                if (n % BATCH != 0) {
                    ps.executeBatch();
                    c.commit();
                }
            }
        } finally {
            c.setAutoCommit(true);
            if (!bdb.rawIsShared()) {
                c.close();
            }
        }
    }

    /**
     * Upstream MockLoop's logging pattern, per request: open a connection, insert, commit, close, on a SQLite file
     * with SQLite's defaults (rollback journal, synchronous FULL), as upstream's generated middleware does.
     *
     * @return rows written before {@code deadlineNanos}
     */
    static int upstreamPerRequest(String sqliteUrl, List<RawRow> rows, long deadlineNanos) throws SQLException {
        int n = 0;
        for (RawRow r : rows) {
            if (System.nanoTime() >= deadlineNanos) {
                break;
            }
            try (Connection c = DriverManager.getConnection(sqliteUrl)) {
                c.setAutoCommit(false);
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO request_logs " + INSERT_COLUMNS)) {
                    bind(ps, true, r);
                    ps.executeUpdate();
                }
                c.commit();
            }
            n++;
        }
        return n;
    }

    static long count(Connection c, String table) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
