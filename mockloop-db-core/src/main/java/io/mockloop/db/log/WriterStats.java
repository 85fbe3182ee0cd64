package io.mockloop.db.log;

/**
 * Counters of a {@link LogWriter} since it started. A snapshot: the counters are read one after another, not
 * atomically together.
 *
 * <p>Immutable and thread-safe.
 *
 * @param enqueued logs accepted by {@link LogWriter#enqueue(RequestLog)}
 * @param written logs committed to the database
 * @param dropped logs refused because the queue was full ({@link WriterSettings.Overflow#DROP_NEWEST}), refused
 *                by the database for their data (SQLState class 22 or 23; the rest of their batch is written
 *                row by row), or still queued when {@link LogWriter#close()} gave up
 * @param excluded logs the policy excluded (never written)
 * @param failed failed batch attempts (each retried after a backoff)
 * @param queueDepth logs waiting in the queue now
 */
public record WriterStats(long enqueued, long written, long dropped, long excluded, long failed, int queueDepth) {
}
