package io.mockloop.db.log;

import java.time.Instant;

/**
 * Requests in one time bucket, for charts. {@code p95Ms} uses the definition of {@link EndpointStats}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param start the bucket's first instant (inclusive; buckets are aligned to the epoch in UTC)
 * @param count requests in the bucket
 * @param errorCount requests answered with status 400 or more
 * @param p95Ms 95th percentile response time, {@code 0} when no request had one
 */
public record TimeBucket(Instant start, long count, long errorCount, double p95Ms) {
}
