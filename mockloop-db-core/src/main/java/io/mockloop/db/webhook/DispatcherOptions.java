package io.mockloop.db.webhook;

import io.mockloop.db.ValidationException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Settings of a {@link WebhookDispatcher}. Immutable and thread-safe; the {@code with...} methods return copies.
 *
 * @param workerId the claim owner's name, unique per dispatcher, 1 to 255 characters
 * @param concurrency how many deliveries are sent at once, 1 to 64 (default {@value #DEFAULT_CONCURRENCY})
 * @param pollInterval how long an idle dispatcher waits before looking for due deliveries again, 1 ms to 1 min
 *                     (default {@link #DEFAULT_POLL_INTERVAL})
 * @param timeout the time one send may take; empty: the {@code webhook_timeout} system setting, read at start
 * @param retryPolicy when failed attempts are retried (default {@link RetryPolicy#DEFAULT})
 * @param stopGrace how long {@link WebhookDispatcher#close()} waits for sends in flight, 0 to 10 min (default
 *                  {@link #DEFAULT_STOP_GRACE})
 */
public record DispatcherOptions(String workerId, int concurrency, Duration pollInterval, Optional<Duration> timeout,
                                RetryPolicy retryPolicy, Duration stopGrace) {

    /** The default {@link #concurrency()}. */
    public static final int DEFAULT_CONCURRENCY = 4;
    /** The default {@link #pollInterval()}: 500 ms. */
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(500);
    /** The default {@link #stopGrace()}: 30 s. */
    public static final Duration DEFAULT_STOP_GRACE = Duration.ofSeconds(30);

    /**
     * Checks every value.
     *
     * @throws NullPointerException when a component is {@code null}
     * @throws ValidationException when a value is out of range
     */
    public DispatcherOptions {
        Objects.requireNonNull(workerId, "workerId");
        Objects.requireNonNull(pollInterval, "pollInterval");
        Objects.requireNonNull(retryPolicy, "retryPolicy");
        Objects.requireNonNull(stopGrace, "stopGrace");
        if (workerId.isBlank() || workerId.length() > 255) {
            throw new ValidationException("workerId", "must be 1 to 255 characters and not blank", workerId);
        }
        if (concurrency < 1 || concurrency > 64) {
            throw new ValidationException("concurrency", "must be 1 to 64", concurrency);
        }
        if (pollInterval.toMillis() < 1 || pollInterval.compareTo(Duration.ofMinutes(1)) > 0) {
            throw new ValidationException("pollInterval", "must be 1 ms to 1 min", pollInterval);
        }
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isPresent() && (timeout.get().toMillis() < 1 || timeout.get().compareTo(Duration.ofHours(1)) > 0)) {
            throw new ValidationException("timeout", "must be 1 ms to 1 h", timeout.get());
        }
        if (stopGrace.isNegative() || stopGrace.compareTo(Duration.ofMinutes(10)) > 0) {
            throw new ValidationException("stopGrace", "must be 0 to 10 min", stopGrace);
        }
    }

    /**
     * @return a random worker id, the configured timeout and the default of every other component
     *         ({@code DEFAULT_*}, {@link RetryPolicy#DEFAULT})
     */
    public static DispatcherOptions defaults() {
        return new DispatcherOptions("dispatcher-" + UUID.randomUUID(), DEFAULT_CONCURRENCY, DEFAULT_POLL_INTERVAL,
                Optional.empty(), RetryPolicy.DEFAULT, DEFAULT_STOP_GRACE);
    }

    /** @param id the worker id @return a copy with it */
    public DispatcherOptions withWorkerId(String id) {
        return new DispatcherOptions(id, concurrency, pollInterval, timeout, retryPolicy, stopGrace);
    }

    /** @param n concurrent sends @return a copy with it */
    public DispatcherOptions withConcurrency(int n) {
        return new DispatcherOptions(workerId, n, pollInterval, timeout, retryPolicy, stopGrace);
    }

    /** @param d the poll interval @return a copy with it */
    public DispatcherOptions withPollInterval(Duration d) {
        return new DispatcherOptions(workerId, concurrency, d, timeout, retryPolicy, stopGrace);
    }

    /** @param d the send timeout (overrides the system setting) @return a copy with it */
    public DispatcherOptions withTimeout(Duration d) {
        return new DispatcherOptions(workerId, concurrency, pollInterval, Optional.of(d), retryPolicy, stopGrace);
    }

    /** @param p the retry policy @return a copy with it */
    public DispatcherOptions withRetryPolicy(RetryPolicy p) {
        return new DispatcherOptions(workerId, concurrency, pollInterval, timeout, p, stopGrace);
    }

    /** @param d the stop grace @return a copy with it */
    public DispatcherOptions withStopGrace(Duration d) {
        return new DispatcherOptions(workerId, concurrency, pollInterval, timeout, retryPolicy, d);
    }
}
