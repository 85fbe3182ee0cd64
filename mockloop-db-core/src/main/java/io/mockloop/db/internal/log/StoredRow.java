package io.mockloop.db.internal.log;

import static io.mockloop.db.internal.jooq.generated.Tables.REQUEST_LOGS;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mockloop.db.internal.jooq.UtcInstantBinding;
import io.mockloop.db.internal.jooq.generated.tables.RequestLogs;
import io.mockloop.db.log.RequestLog;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
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

    /** @return the row as the public value, its JSON columns parsed once each (see {@link LogJson#read}) */
    RequestLog toLog(ObjectMapper json) {
        return new RequestLog(OptionalLong.of(id), timestamp, method, path, LogJson.read(json, queryParams), LogJson.read(json, headers),
                requestBody, responseStatus, LogJson.read(json, responseHeaders), responseBody, responseTimeMs,
                serverId, clientIp, userAgent, requestId, scenarioName, createdAt, updatedAt, unmatched);
    }
}
