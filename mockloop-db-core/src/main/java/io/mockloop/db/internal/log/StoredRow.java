package io.mockloop.db.internal.log;

import static io.mockloop.db.internal.jooq.generated.Tables.REQUEST_LOGS;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mockloop.db.internal.jooq.UtcInstantBinding;
import io.mockloop.db.internal.jooq.generated.tables.RequestLogs;
import io.mockloop.db.log.RequestLog;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Function;
import org.jooq.Field;
import org.jooq.SQLDialect;

/**
 * A request_logs row as read, its JSON columns still text: what exports write through and what pages map into
 * {@link RequestLog}s, read straight off the JDBC ResultSet ({@link #read}) in the column order of {@link #FIELDS},
 * without a jOOQ record per row. Immutable.
 *
 * @param queryParams the stored JSON text, or {@code null}
 * @param headers the stored JSON text, or {@code null}
 * @param responseHeaders the stored JSON text, or {@code null}
 */
record StoredRow(long id, Instant timestamp, String method, String path, String queryParams, String headers,
                 String requestBody, int responseStatus, String responseHeaders, String responseBody,
                 Integer responseTimeMs, String serverId, String clientIp, String userAgent, String requestId,
                 String scenarioName, Instant createdAt, Instant updatedAt, boolean unmatched) {

    private static final RequestLogs RL = REQUEST_LOGS;

    /** The select list {@link #read} expects, in its order. */
    static final List<Field<?>> FIELDS = List.of(RL.ID, RL.TIMESTAMP, RL.METHOD, RL.PATH, RL.QUERY_PARAMS, RL.HEADERS,
            RL.REQUEST_BODY, RL.RESPONSE_STATUS, RL.RESPONSE_HEADERS, RL.RESPONSE_BODY, RL.RESPONSE_TIME_MS,
            RL.SERVER_ID, RL.CLIENT_IP, RL.USER_AGENT, RL.REQUEST_ID, RL.SCENARIO_NAME, RL.CREATED_AT, RL.UPDATED_AT,
            RL.UNMATCHED);

    /**
     * Reads the current row of a result set selected with {@link #FIELDS}.
     *
     * @param rs positioned on a row
     * @param dialect the database's dialect (how times are stored)
     * @return the row
     */
    static StoredRow read(ResultSet rs, SQLDialect dialect) throws SQLException {
        int rt = rs.getInt(11);
        Integer responseTime = rs.wasNull() ? null : rt;
        boolean unmatched = rs.getBoolean(19); // NULL reads as false
        return new StoredRow(rs.getLong(1), UtcInstantBinding.read(rs, 2, dialect), rs.getString(3), rs.getString(4),
                rs.getString(5), rs.getString(6), rs.getString(7), rs.getInt(8), rs.getString(9), rs.getString(10),
                responseTime, rs.getString(12), rs.getString(13), rs.getString(14), rs.getString(15),
                rs.getString(16), UtcInstantBinding.read(rs, 17, dialect), UtcInstantBinding.read(rs, 18, dialect),
                unmatched);
    }

    /**
     * RequestLog's package-private factory of a map parsed from its stored text when first used: a page hands out
     * logs whose maps a caller may never read, and parsing the three JSON columns of every row was about half the cost
     * of a page on the database servers.
     */
    private static final MethodHandle DEFERRED;

    static {
        try {
            DEFERRED = MethodHandles.privateLookupIn(RequestLog.class, MethodHandles.lookup()).findStatic(
                    RequestLog.class, "deferred", MethodType.methodType(Map.class, String.class, Function.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * @param json the store's mapper
     * @return the parser of stored JSON columns that {@link #toLog} takes: one per query, not per row
     */
    static Function<String, Map<String, List<String>>> parser(ObjectMapper json) {
        return text -> LogJson.read(json, text);
    }

    /**
     * @param parse the store's {@link #parser}
     * @return the row as the public value, its JSON columns parsed (see {@link LogJson#read}) when the log's maps are
     *         first used
     */
    RequestLog toLog(Function<String, Map<String, List<String>>> parse) {
        return new RequestLog(OptionalLong.of(id), timestamp, method, path, deferred(queryParams, parse),
                deferred(headers, parse), requestBody, responseStatus, deferred(responseHeaders, parse), responseBody,
                responseTimeMs, serverId, clientIp, userAgent, requestId, scenarioName, createdAt, updatedAt,
                unmatched);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, List<String>> deferred(String text, Function<String, Map<String, List<String>>> parse) {
        try {
            return (Map<String, List<String>>) DEFERRED.invokeExact(text, parse);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e); // deferred declares no checked exception
        }
    }
}
