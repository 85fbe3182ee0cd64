package io.mockloop.db.maintenance;

import io.mockloop.db.ConfigurationException;
import java.time.Duration;
import java.util.Objects;

/**
 * How the in-process retention schedule runs, given to {@code MockLoopDb.Builder.retention(...)} (or the YAML
 * block {@code database.retention}). What is deleted is not set here: request logs follow system_config's
 * {@code log_retention_days} and {@code max_log_entries}, read at every run, so a change applies at the next run
 * without a restart; webhook deliveries are kept for {@code webhookDeliveryRetention}.
 *
 * <p>Immutable and thread-safe (the listener must be thread-safe too: it is called from the retention thread and
 * from callers of {@link Maintenance#runRetentionNow()}).
 *
 * @param interval the time between the end of one scheduled run and the start of the next; at least 10 ms, at
 *                 most 366 days (default {@link #DEFAULT_INTERVAL})
 * @param initialDelay the time from opening the database to the first scheduled run; 0 to 366 days (default
 *                     {@link #DEFAULT_INITIAL_DELAY})
 * @param webhookDeliveryRetention how long webhook delivery attempts are kept; 0 to 36,500 days (default
 *                                 {@link #DEFAULT_WEBHOOK_DELIVERY_RETENTION})
 * @param listener told when each run starts and ends; {@link RetentionListener#NONE} for none
 */
public record RetentionSettings(Duration interval, Duration initialDelay, Duration webhookDeliveryRetention,
                               RetentionListener listener) {

    private static final Duration MAX_SCHEDULE = Duration.ofDays(366);
    private static final Duration MAX_KEEP = Duration.ofDays(36_500);

    /** The default {@link #interval()}: 24 h. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofHours(24);
    /** The default {@link #initialDelay()}: 60 s. */
    public static final Duration DEFAULT_INITIAL_DELAY = Duration.ofSeconds(60);
    /**
     * The default {@link #webhookDeliveryRetention()}: {@link io.mockloop.db.webhook.WebhookStore#DEFAULT_RETENTION}.
     */
    public static final Duration DEFAULT_WEBHOOK_DELIVERY_RETENTION =
            io.mockloop.db.webhook.WebhookStore.DEFAULT_RETENTION;

    /** The default of each component ({@code DEFAULT_*}), with no listener. */
    public static final RetentionSettings DEFAULTS = new RetentionSettings(DEFAULT_INTERVAL, DEFAULT_INITIAL_DELAY,
            DEFAULT_WEBHOOK_DELIVERY_RETENTION, RetentionListener.NONE);

    /**
     * Compact constructor: checks the durations.
     *
     * @throws NullPointerException when a component is {@code null}
     * @throws ConfigurationException naming the setting and the value when one is refused
     */
    public RetentionSettings {
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(initialDelay, "initialDelay");
        Objects.requireNonNull(webhookDeliveryRetention, "webhookDeliveryRetention");
        // upper bounds keep the scheduler's millisecond arithmetic and now() +/- the duration from overflowing
        if (interval.compareTo(Duration.ofMillis(10)) < 0) {
            throw new ConfigurationException("retention.interval", "retention.interval must be >= 10 ms (was "
                    + interval + ")");
        }
        if (interval.compareTo(MAX_SCHEDULE) > 0) {
            throw new ConfigurationException("retention.interval", "retention.interval must be <= 366 days (was "
                    + interval + ")");
        }
        if (initialDelay.isNegative()) {
            throw new ConfigurationException("retention.initial_delay", "retention.initial_delay must be >= 0 (was "
                    + initialDelay + ")");
        }
        if (initialDelay.compareTo(MAX_SCHEDULE) > 0) {
            throw new ConfigurationException("retention.initial_delay",
                    "retention.initial_delay must be <= 366 days (was " + initialDelay + ")");
        }
        if (webhookDeliveryRetention.isNegative()) {
            throw new ConfigurationException("retention.webhook_delivery_retention",
                    "retention.webhook_delivery_retention must be >= 0 (was " + webhookDeliveryRetention + ")");
        }
        if (webhookDeliveryRetention.compareTo(MAX_KEEP) > 0) {
            throw new ConfigurationException("retention.webhook_delivery_retention",
                    "retention.webhook_delivery_retention must be <= 36500 days (was " + webhookDeliveryRetention
                            + ")");
        }
        Objects.requireNonNull(listener, "listener");
    }

    /**
     * @param interval the time between runs
     * @return the defaults with this interval
     * @throws ConfigurationException when {@code interval} is under 10 ms or over 366 days
     */
    public static RetentionSettings every(Duration interval) {
        return DEFAULTS.withInterval(interval);
    }

    /** @param interval the time between runs @return a copy with it */
    public RetentionSettings withInterval(Duration interval) {
        return new RetentionSettings(interval, initialDelay, webhookDeliveryRetention, listener);
    }

    /** @param initialDelay the time to the first run @return a copy with it */
    public RetentionSettings withInitialDelay(Duration initialDelay) {
        return new RetentionSettings(interval, initialDelay, webhookDeliveryRetention, listener);
    }

    /** @param retention how long webhook delivery attempts are kept @return a copy with it */
    public RetentionSettings withWebhookDeliveryRetention(Duration retention) {
        return new RetentionSettings(interval, initialDelay, retention, listener);
    }

    /** @param listener told about each run @return a copy with it */
    public RetentionSettings withListener(RetentionListener listener) {
        return new RetentionSettings(interval, initialDelay, webhookDeliveryRetention, listener);
    }
}
