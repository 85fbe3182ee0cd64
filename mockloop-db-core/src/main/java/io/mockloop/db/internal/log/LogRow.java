package io.mockloop.db.internal.log;

import java.time.Instant;

/**
 * A request log as it is written: checked against the write rules, policed (redacted, bodies cut) and its three
 * multi-maps encoded as JSON text, once. The async writer queues these, so a queued log holds no maps, and every
 * insert path (single append, batches, PostgreSQL's COPY, imports) binds the same values through {@link LogInsert}.
 * Immutable.
 *
 * @param timestamp when the request was received, truncated to milliseconds; {@code null}: the time it is written
 * @param queryParams the JSON object text of the query parameters, or {@code null} for none
 * @param headers the JSON object text of the request headers, or {@code null} for none
 * @param responseHeaders the JSON object text of the response headers, or {@code null} for none
 */
record LogRow(Instant timestamp, String method, String path, String queryParams, String headers, String requestBody,
              int responseStatus, String responseHeaders, String responseBody, Integer responseTimeMs, String serverId,
              String clientIp, String userAgent, String requestId, String scenarioName, boolean unmatched) {

    /** @param at the time to write; @return this row with that timestamp when it has none */
    LogRow stamped(Instant at) {
        return timestamp != null ? this : new LogRow(at, method, path, queryParams, headers, requestBody,
                responseStatus, responseHeaders, responseBody, responseTimeMs, serverId, clientIp, userAgent,
                requestId, scenarioName, unmatched);
    }
}
