package io.mockloop.db.log;

import java.time.LocalDate;

/**
 * One row of the view request_logs_summary: a server's requests of one method on one UTC day.
 *
 * <p>Immutable and thread-safe.
 *
 * @param serverId the server, or {@code null} for logs without a server
 * @param date the UTC day
 * @param method the HTTP method
 * @param requestCount requests
 * @param avgResponseTimeMs average response time, {@code 0} when no request had one
 * @param minResponseTimeMs smallest response time, {@code 0} when no request had one
 * @param maxResponseTimeMs largest response time, {@code 0} when no request had one
 * @param errorCount requests answered with status 400 or more
 * @param successCount requests answered with a status below 400
 */
public record DailySummary(String serverId, LocalDate date, String method, long requestCount,
                           double avgResponseTimeMs, long minResponseTimeMs, long maxResponseTimeMs,
                           long errorCount, long successCount) {
}
