package io.mockloop.db.log;

import java.time.Instant;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * Requests in one time bucket, for charts. {@code p95Ms} uses the definition of {@link EndpointStats}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param start the bucket's first instant (inclusive; buckets are aligned to the epoch in UTC)
 * @param count requests in the bucket
 * @param errorCount requests answered with status 400 or more
 * @param p95Ms 95th percentile response time; empty when no request of the bucket had one
 */
public record TimeBucket(Instant start, long count, long errorCount, OptionalDouble p95Ms) {

    /**
     * Checks that no component is {@code null}.
     *
     * @throws NullPointerException naming the first {@code null} component
     */
    public TimeBucket {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(p95Ms, "p95Ms");
    }
}
