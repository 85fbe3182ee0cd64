package io.mockloop.db.internal.log;

import static io.mockloop.db.internal.jooq.generated.Tables.REQUEST_LOGS;

import io.mockloop.db.internal.jooq.UtcInstantBinding;
import io.mockloop.db.internal.jooq.generated.tables.RequestLogs;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

/**
 * The one way a request log row is inserted: one column list ({@link #FIELDS}), one binder ({@link #bind}), used by
 * the single append (which returns the id), the batches of {@code appendAll}, the async writer and the imports, and
 * on PostgreSQL by COPY ({@link PgCopy}, the same columns in the same order). jOOQ renders the statement once per
 * call; the rows are bound on a plain PreparedStatement, because this is the hot path of every logged request and
 * jOOQ's per-value bind machinery costs more than the JDBC batch itself. Stateless.
 */
final class LogInsert {

    /** Rows per JDBC batch. */
    static final int BATCH = 1_000;

    private static final RequestLogs RL = REQUEST_LOGS;

    /** The insert column order; {@link #bind} and {@link PgCopy} follow it. */
    static final List<Field<?>> FIELDS = List.of(RL.TIMESTAMP, RL.METHOD, RL.PATH, RL.QUERY_PARAMS, RL.HEADERS,
            RL.REQUEST_BODY, RL.RESPONSE_STATUS, RL.RESPONSE_HEADERS, RL.RESPONSE_BODY, RL.RESPONSE_TIME_MS,
            RL.SERVER_ID, RL.CLIENT_IP, RL.USER_AGENT, RL.REQUEST_ID, RL.SCENARIO_NAME, RL.CREATED_AT, RL.UPDATED_AT,
            RL.UNMATCHED);

    private LogInsert() {
    }

    /** The INSERT statement with one placeholder per column of {@link #FIELDS}, in {@code dsl}'s dialect. */
    static String sql(DSLContext dsl) {
        List<Object> placeholders = new ArrayList<>(FIELDS.size());
        for (Field<?> f : FIELDS) {
            placeholders.add(DSL.val(null, f));
        }
        return dsl.render(dsl.insertInto(RL).columns(FIELDS).values(placeholders));
    }

    private static boolean textTimes(DSLContext dsl) {
        return dsl.dialect().family() != SQLDialect.POSTGRES;
    }

    /**
     * Inserts one row on {@code dsl}'s current transaction.
     *
     * @return the new row's id
     */
    static long insertOne(DSLContext dsl, LogRow row) {
        String sql = sql(dsl);
        boolean postgres = !textTimes(dsl);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        return dsl.connectionResult(connection -> {
            // pgjdbc answers RETURN_GENERATED_KEYS with every column; name the one wanted
            try (PreparedStatement ps = postgres ? connection.prepareStatement(sql, new String[] {"id"})
                    : connection.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)) {
                bind(ps, row, now, Times.of(now, !postgres));
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    if (!keys.next()) {
                        throw new SQLException("the database returned no id for the new request log");
                    }
                    return keys.getLong(1);
                }
            }
        });
    }

    /**
     * Inserts rows on {@code dsl}'s current transaction: COPY on PostgreSQL, else JDBC batches of {@link #BATCH}.
     *
     * @return the number of rows written
     */
    static int insertAll(DSLContext dsl, List<LogRow> rows) {
        if (rows.isEmpty()) {
            return 0;
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        if (!textTimes(dsl)) {
            return dsl.connectionResult(connection -> PgCopy.copy(connection, rows, now));
        }
        String sql = sql(dsl);
        Times times = Times.of(now, true);
        return dsl.connectionResult(connection -> batches(connection, sql, rows, now, times));
    }

    private static int batches(Connection connection, String sql, List<LogRow> rows, Instant now, Times times)
            throws SQLException {
        int written = 0;
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            for (int from = 0; from < rows.size(); from += BATCH) {
                int to = Math.min(rows.size(), from + BATCH);
                for (int i = from; i < to; i++) {
                    bind(ps, rows.get(i), now, times);
                    ps.addBatch();
                }
                ps.executeBatch();
                written += to - from;
            }
        }
        return written;
    }

    /** The write time, formatted once per statement or batch. */
    record Times(Object now, boolean text) {
        static Times of(Instant now, boolean text) {
            return new Times(text ? UtcInstantBinding.format(now) : LocalDateTime.ofInstant(now, ZoneOffset.UTC), text);
        }
    }

    /** Binds {@link #FIELDS} for one row: times as UTC text on SQLite and the MySQL family, LocalDateTime on PostgreSQL. */
    static void bind(PreparedStatement ps, LogRow r, Instant now, Times times) throws SQLException {
        Instant ts = r.timestamp() == null ? now : r.timestamp();
        if (times.text()) {
            ps.setString(1, ts == now ? (String) times.now() : UtcInstantBinding.format(ts));
        } else {
            ps.setObject(1, LocalDateTime.ofInstant(ts, ZoneOffset.UTC));
        }
        ps.setString(2, r.method());
        ps.setString(3, r.path());
        ps.setString(4, r.queryParams());
        ps.setString(5, r.headers());
        ps.setString(6, r.requestBody());
        ps.setInt(7, r.responseStatus());
        ps.setString(8, r.responseHeaders());
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
        ps.setObject(16, times.now());
        ps.setObject(17, times.now());
        if (r.unmatched()) {
            ps.setBoolean(18, true);
        } else {
            ps.setNull(18, Types.BOOLEAN); // NULL, not FALSE: the column marks unmatched requests only (v006)
        }
    }
}
