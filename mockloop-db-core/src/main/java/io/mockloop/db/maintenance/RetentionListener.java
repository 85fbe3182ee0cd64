package io.mockloop.db.maintenance;

/**
 * Told about retention runs (for metrics, or to watch them in tests). Both methods are called on the thread that
 * runs the retention; they must be quick, must not throw (a RuntimeException is logged and ignored) and must not
 * close the database (closing waits for the run that called them).
 */
public interface RetentionListener {

    /** A listener that does nothing. */
    RetentionListener NONE = new RetentionListener() {
    };

    /**
     * Called once a run holds both the in-process guard and the cross-process lock, before anything is deleted.
     * Between this call and {@link #runFinished(RetentionRun)} of the same run no other run on the same database
     * (in this process or another one) is inside this window.
     *
     * @param run what is known at the start: start time, outcome {@link RetentionOutcome#RUNNING}
     */
    default void runStarted(RetentionRun run) {
    }

    /**
     * Called when a run ends, also for a skipped run; for a run that started, called before the cross-process
     * lock is released.
     *
     * @param run the run's result
     */
    default void runFinished(RetentionRun run) {
    }
}
