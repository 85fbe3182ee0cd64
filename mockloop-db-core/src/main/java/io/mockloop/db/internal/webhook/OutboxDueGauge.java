package io.mockloop.db.internal.webhook;

import java.util.concurrent.TimeUnit;

/**
 * The value of the {@code mockloop.webhooks.outbox.due} gauge: the count of due outbox entries, read from the
 * database at most once per {@link #MAX_AGE_SECONDS} however often the registry is scraped, and NaN while the
 * database cannot be read (a scrape never throws).
 *
 * <p>Thread-safe: concurrent scrapes may both query once the value is stale, which is harmless.
 */
public final class OutboxDueGauge {

    /** How long a count is reused. */
    public static final long MAX_AGE_SECONDS = 5;

    private final JooqWebhookStore store;
    private volatile long readAt;
    private volatile double value = Double.NaN;

    /** @param store the store to count in */
    public OutboxDueGauge(JooqWebhookStore store) {
        this.store = store;
    }

    /** @return the due count, at most {@link #MAX_AGE_SECONDS} old; NaN when the last read failed */
    public double value() {
        long now = System.nanoTime();
        if (readAt == 0 || now - readAt > TimeUnit.SECONDS.toNanos(MAX_AGE_SECONDS)) {
            try {
                value = store.countDue();
            } catch (RuntimeException e) {
                value = Double.NaN;
            }
            readAt = now;
        }
        return value;
    }
}
