package io.mockloop.db.maintenance;

import java.util.List;
import java.util.Objects;

/**
 * What {@link Maintenance#ensureRequestLogPartitions()} found and did.
 *
 * <p>Immutable and thread-safe.
 *
 * @param partitioned whether request_logs is a partitioned table (PostgreSQL with partitioned request logs);
 *                    when {@code false} nothing was done and both lists are empty
 * @param created the partitions this call created, oldest first (the default partition last); empty when they
 *                all existed, for example because another process created them first
 * @param rowsMoved rows that had landed in the default partition and were moved into a partition created now
 * @param partitions every partition of request_logs after the call, by range, the default partition last
 */
public record PartitionReport(boolean partitioned, List<String> created, long rowsMoved, List<String> partitions) {

    /** The report for a request_logs that is not partitioned. */
    public static final PartitionReport NOT_PARTITIONED = new PartitionReport(false, List.of(), 0, List.of());

    /** Compact constructor: copies the lists (unmodifiable, no nulls). */
    public PartitionReport {
        created = List.copyOf(Objects.requireNonNull(created, "created"));
        partitions = List.copyOf(Objects.requireNonNull(partitions, "partitions"));
        if (rowsMoved < 0) {
            throw new IllegalArgumentException("rowsMoved must be >= 0 (was " + rowsMoved + ")");
        }
    }
}
