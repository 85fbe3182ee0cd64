package io.mockloop.db.log;

/**
 * What a retention run did.
 *
 * <p>Immutable and thread-safe.
 *
 * @param deleted rows deleted by this run
 * @param remaining rows left in request_logs when the run ended (all servers)
 * @param interrupted whether the run stopped early because its thread was interrupted (whole chunks only were
 *                    deleted; the thread's interrupt flag is set again)
 * @param partitionsDropped whole monthly partitions of a partitioned request_logs (PostgreSQL) dropped because
 *                          all of their range was older than the cutoff ({@code cleanup}), or because they lie in
 *                          a past month and hold only rows beyond the count kept ({@code trimTo}); their rows are
 *                          counted in {@code deleted}. Always 0 on a plain table.
 */
public record RetentionResult(long deleted, long remaining, boolean interrupted, int partitionsDropped) {
}
