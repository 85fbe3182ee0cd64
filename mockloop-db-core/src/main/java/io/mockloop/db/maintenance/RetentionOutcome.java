package io.mockloop.db.maintenance;

/** How a retention run ended. */
public enum RetentionOutcome {
    /** Still running (only seen by {@link RetentionListener#runStarted(RetentionRun)}). */
    RUNNING,
    /** Everything due was deleted. */
    COMPLETED,
    /** Stopped at a chunk boundary because the database was closed (or the thread interrupted); whole chunks only. */
    INTERRUPTED,
    /**
     * Not run: another run of this database was in progress in this process, or the database was closing (also when
     * it closed while the run was taking its lock).
     */
    SKIPPED_BUSY,
    /** Not run: another process held the database's retention lock. */
    SKIPPED_LOCKED,
    /** Failed; {@link RetentionRun#error()} says why; rows deleted before the failure stay deleted. */
    FAILED
}
