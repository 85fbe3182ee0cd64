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

    /**
     * @return the row's size as {@link io.mockloop.db.log.WriterSettings#capacityBytes()} counts it: one byte per
     *         character of its texts, 40 per value present, 100 for the row
     */
    long estimatedBytes() {
        return 100 + size(method) + size(path) + size(queryParams) + size(headers) + size(requestBody)
                + size(responseHeaders) + size(responseBody) + size(serverId) + size(clientIp) + size(userAgent)
                + size(requestId) + size(scenarioName);
    }

    private static long size(String s) {
        return s == null ? 0 : 40L + s.length();
    }
}
