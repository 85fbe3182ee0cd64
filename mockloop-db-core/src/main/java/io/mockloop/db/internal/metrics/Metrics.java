package io.mockloop.db.internal.metrics;

import java.util.function.ToDoubleFunction;

/**
 * What the library counts about itself. {@link #NONE} when the host gave no meter registry; otherwise
 * {@link MicrometerMetrics} (the only class that touches Micrometer, so Micrometer stays an optional dependency).
 * The names and units are listed in the README's metrics table.
 *
 * <p>Implementations are thread-safe and cheap on the hot path (a counter increment).
 */
public interface Metrics extends AutoCloseable {

    /** Counts nothing. */
    Metrics NONE = new Metrics() {
    };

    /**
     * Registers a gauge read when the registry is scraped.
     *
     * @param name one of the {@code mockloop.*} names
     * @param description what it shows
     * @param unit its base unit, or {@code null}
     * @param owner the object the gauge reads (held weakly by Micrometer)
     * @param value reads the value from {@code owner}
     * @param tags extra tags as name, value pairs
     * @param <T> the owner's type
     * @return removes the gauge (for an owner that goes away before the database is closed)
     */
    default <T> AutoCloseable gauge(String name, String description, String unit, T owner,
                                    ToDoubleFunction<T> value, String... tags) {
        return () -> { };
    }

    /** @param n request logs stored (sync append, batch append, writer, import) */
    default void logsWritten(long n) {
    }

    /** @param n logs the log policy left out (sampling, exclusions); not an error */
    default void logsExcluded(long n) {
    }

    /**
     * @param reason why: {@code queue_full} (the writer's bound was reached), {@code closed} (offered to a closed
     *               writer) or {@code failed} (its batch failed for good)
     * @param n how many logs were not stored for that reason
     */
    default void logsDropped(String reason, long n) {
    }

    /** @param nanos how long the writer took to store one batch, transaction included */
    default void batchStored(long nanos) {
    }

    /** @param hit whether a cached resolver answered from its cache */
    default void resolverLookup(boolean hit) {
    }

    /** @param outcome a delivery attempt's outcome, for example {@code SUCCESS}, {@code FAILED}, {@code TIMEOUT} */
    default void deliveryAttempt(String outcome) {
    }

    /** @param n outbox entries that ran out of attempts and were dead-lettered */
    default void deadLettered(long n) {
    }

    /**
     * @param table the table cleaned ({@code request_logs}, {@code webhook_deliveries})
     * @param rows how many rows the run deleted from it
     */
    default void retentionDeleted(String table, long rows) {
    }

    /** @param outcome how a retention run ended ({@code completed}, {@code skipped}, {@code failed}) */
    default void retentionRun(String outcome) {
    }

    /** Removes this database's meters from the registry (the pool's are removed by the pool itself). */
    @Override
    default void close() {
    }
}
