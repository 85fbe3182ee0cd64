package io.mockloop.db.log;

import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * One row of the view request_logs_summary: a server's requests of one method on one UTC day.
 *
 * <p>Immutable and thread-safe.
 *
 * @param serverId the server; empty for logs without a server
 * @param date the UTC day
 * @param method the HTTP method
 * @param requestCount requests
 * @param avgResponseTimeMs average response time; empty when no request had one
 * @param minResponseTimeMs smallest response time; empty when no request had one
 * @param maxResponseTimeMs largest response time; empty when no request had one
 * @param errorCount requests answered with status 400 or more
 * @param successCount requests answered with a status below 400
 */
public record DailySummary(Optional<String> serverId, LocalDate date, String method, long requestCount,
                           OptionalDouble avgResponseTimeMs, OptionalLong minResponseTimeMs,
                           OptionalLong maxResponseTimeMs, long errorCount, long successCount) {

    /**
     * Checks that no component is {@code null}.
     *
     * @throws NullPointerException naming the first {@code null} component
     */
    public DailySummary {
        Objects.requireNonNull(serverId, "serverId");
        Objects.requireNonNull(date, "date");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(avgResponseTimeMs, "avgResponseTimeMs");
        Objects.requireNonNull(minResponseTimeMs, "minResponseTimeMs");
        Objects.requireNonNull(maxResponseTimeMs, "maxResponseTimeMs");
    }
}
