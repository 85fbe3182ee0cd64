package io.mockloop.db.log;

import java.util.Objects;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * Statistics of one endpoint (method + path) over a filter. Percentiles use one definition on every database:
 * linear interpolation between closest ranks, as PostgreSQL's {@code percentile_cont}: for the n response times
 * sorted ascending x[0..n-1], p-th percentile = x[lo] + (r - lo) * (x[lo + 1] - x[lo]) with r = p * (n - 1),
 * lo = floor(r). Rows without a response time count in {@code count} and {@code errorCount} but not in the
 * time figures.
 *
 * <p>Immutable and thread-safe.
 *
 * @param method the HTTP method
 * @param path the path
 * @param count requests
 * @param errorCount requests answered with status 400 or more
 * @param timedCount requests with a response time; when {@code 0} every time figure below is empty
 * @param avgMs mean response time
 * @param minMs smallest response time
 * @param maxMs largest response time
 * @param p50Ms median response time
 * @param p95Ms 95th percentile
 * @param p99Ms 99th percentile
 */
public record EndpointStats(String method, String path, long count, long errorCount, long timedCount,
                            OptionalDouble avgMs, OptionalLong minMs, OptionalLong maxMs, OptionalDouble p50Ms,
                            OptionalDouble p95Ms, OptionalDouble p99Ms) {

    /**
     * Checks that no component is {@code null}.
     *
     * @throws NullPointerException naming the first {@code null} component
     */
    public EndpointStats {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(avgMs, "avgMs");
        Objects.requireNonNull(minMs, "minMs");
        Objects.requireNonNull(maxMs, "maxMs");
        Objects.requireNonNull(p50Ms, "p50Ms");
        Objects.requireNonNull(p95Ms, "p95Ms");
        Objects.requireNonNull(p99Ms, "p99Ms");
    }

    /** @return errorCount / count, {@code 0} when count is 0 */
    public double errorRate() {
        return count == 0 ? 0 : (double) errorCount / count;
    }
}
