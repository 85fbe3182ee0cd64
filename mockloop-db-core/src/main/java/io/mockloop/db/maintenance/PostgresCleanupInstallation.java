package io.mockloop.db.maintenance;

import java.util.Objects;
import java.util.Optional;

/**
 * The result of {@link Maintenance#installPostgresCleanupFunction()}. Immutable and thread-safe.
 *
 * @param function the installed function, schema-qualified, for example {@code "public.cleanup_old_logs()"}
 * @param cronScheduled whether a pg_cron job now calls it
 * @param cronJob the pg_cron job name when scheduled; empty otherwise
 * @param message what was done, and when pg_cron is missing, that it is missing and what to do instead
 */
public record PostgresCleanupInstallation(String function, boolean cronScheduled, Optional<String> cronJob,
                                          String message) {

    /** Compact constructor: no null component. */
    public PostgresCleanupInstallation {
        Objects.requireNonNull(function, "function");
        Objects.requireNonNull(cronJob, "cronJob");
        Objects.requireNonNull(message, "message");
        if (cronScheduled != cronJob.isPresent()) {
            throw new IllegalArgumentException("cronJob must be present exactly when cronScheduled (was "
                    + cronScheduled + ", " + cronJob + ")");
        }
    }
}
