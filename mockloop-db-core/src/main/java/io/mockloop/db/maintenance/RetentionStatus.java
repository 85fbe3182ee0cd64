package io.mockloop.db.maintenance;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The state of a database's retention, from {@link Maintenance#retention()}. Immutable and thread-safe.
 *
 * @param scheduled whether the in-process schedule is on (the builder's {@code retention(...)}); false after close
 * @param interval the time between scheduled runs; {@link Duration#ZERO} when not scheduled
 * @param running whether a run of this instance is in progress
 * @param nextRun when the next scheduled run starts; empty when not scheduled, or while a run is in progress
 * @param lastRun the last run of this instance (scheduled or {@link Maintenance#runRetentionNow()}), skipped runs
 *                included; empty before the first
 * @param lastCompleted the last run that deleted (outcome {@link RetentionOutcome#COMPLETED} or
 *                      {@link RetentionOutcome#INTERRUPTED}); empty before the first
 */
public record RetentionStatus(boolean scheduled, Duration interval, boolean running, Optional<Instant> nextRun,
                              Optional<RetentionRun> lastRun, Optional<RetentionRun> lastCompleted) {

    /** Compact constructor: no null component. */
    public RetentionStatus {
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(nextRun, "nextRun");
        Objects.requireNonNull(lastRun, "lastRun");
        Objects.requireNonNull(lastCompleted, "lastCompleted");
    }
}
