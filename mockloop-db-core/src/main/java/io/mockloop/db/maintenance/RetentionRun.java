package io.mockloop.db.maintenance;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What one retention run did. Immutable and thread-safe.
 *
 * @param startedAt when the run started
 * @param endedAt when it ended (equal to {@code startedAt} while {@link RetentionOutcome#RUNNING})
 * @param outcome how it ended
 * @param deletedRows rows deleted per table, in the order the tables were cleaned ({@code request_logs},
 *                    {@code webhook_deliveries}); empty for a skipped run
 * @param error why the run failed, was skipped or was interrupted; empty when it completed
 */
public record RetentionRun(Instant startedAt, Instant endedAt, RetentionOutcome outcome, Map<String, Long> deletedRows,
                           Optional<String> error) {

    /** Compact constructor: checks the values and copies the map (order kept, unmodifiable). */
    public RetentionRun {
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(endedAt, "endedAt");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(error, "error");
        if (endedAt.isBefore(startedAt)) {
            throw new IllegalArgumentException("endedAt must not be before startedAt (was " + endedAt + " < "
                    + startedAt + ")");
        }
        deletedRows = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(deletedRows,
                "deletedRows")));
    }

    /** @return the rows deleted over all tables */
    public long totalDeleted() {
        return deletedRows.values().stream().mapToLong(Long::longValue).sum();
    }

    /**
     * @param table a table name, for example {@code "request_logs"}
     * @return the rows deleted from it, 0 when the run did not touch it
     */
    public long deleted(String table) {
        return deletedRows.getOrDefault(table, 0L);
    }
}
