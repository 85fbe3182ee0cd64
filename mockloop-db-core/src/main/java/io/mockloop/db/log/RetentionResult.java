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
 */
public record RetentionResult(long deleted, long remaining, boolean interrupted) {
}
