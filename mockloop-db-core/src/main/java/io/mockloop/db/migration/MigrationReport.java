package io.mockloop.db.migration;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What one {@link Migrations#migrate()} or {@link Migrations#rollback(int)} did.
 *
 * @param versionBefore the schema version before the call (0 for a fresh database)
 * @param versionAfter the schema version after the call
 * @param changeSets the ids of the change sets applied or rolled back, in the order it happened; empty when
 *                   nothing was to do
 * @param duration how long the call took
 */
public record MigrationReport(int versionBefore, int versionAfter, List<String> changeSets, Duration duration) {

    /** Compact constructor: copies the list. */
    public MigrationReport {
        changeSets = List.copyOf(changeSets);
        Objects.requireNonNull(duration, "duration");
    }

    /** @return whether the call changed the schema */
    public boolean changed() {
        return !changeSets.isEmpty();
    }
}
