package io.mockloop.db.webhook;

import io.mockloop.db.ValidationException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When failed attempts are retried: after retryable failure number {@code n} (1 for the first attempt) the next
 * attempt is due after {@code min(maxDelay, baseDelay * 2^(n-1))}, plus a random jitter of up to
 * {@code jitter} times that delay. After {@code 1 + maxRetries} attempts the delivery is dead. Immutable and
 * thread-safe.
 *
 * @param baseDelay the delay before the first retry (before jitter), at least 1 ms
 * @param maxRetries the attempts after the first, 0 to 20
 * @param maxDelay the longest delay before jitter, at least {@code baseDelay}
 * @param jitter the largest random share added to a delay, 0.0 to 1.0
 */
public record RetryPolicy(Duration baseDelay, int maxRetries, Duration maxDelay, double jitter) {

    /** The defaults (upstream's documented retry settings): 5 s base, 3 retries, at most 1 h, 20 % jitter. */
    public static final RetryPolicy DEFAULT = new RetryPolicy(Duration.ofSeconds(5), 3, Duration.ofHours(1), 0.2);

    /**
     * Checks the ranges.
     *
     * @throws NullPointerException when {@code baseDelay} or {@code maxDelay} is {@code null}
     * @throws ValidationException when a value is out of range
     */
    public RetryPolicy {
        java.util.Objects.requireNonNull(baseDelay, "baseDelay");
        java.util.Objects.requireNonNull(maxDelay, "maxDelay");
        if (baseDelay.toMillis() < 1) {
            throw new ValidationException("baseDelay", "must be at least 1 ms", baseDelay);
        }
        if (maxRetries < 0 || maxRetries > 20) {
            throw new ValidationException("maxRetries", "must be 0 to 20", maxRetries);
        }
        if (maxDelay.compareTo(baseDelay) < 0) {
            throw new ValidationException("maxDelay", "must be at least baseDelay (" + baseDelay + ")", maxDelay);
        }
        if (!(jitter >= 0.0 && jitter <= 1.0)) {
            throw new ValidationException("jitter", "must be 0.0 to 1.0", jitter);
        }
    }

    /**
     * @param baseDelay the delay before the first retry
     * @param maxRetries the attempts after the first
     * @return a policy with those values, a 1 h cap and 20 % jitter
     * @throws ValidationException when a value is out of range
     */
    public static RetryPolicy of(Duration baseDelay, int maxRetries) {
        return new RetryPolicy(baseDelay, maxRetries, baseDelay.compareTo(Duration.ofHours(1)) > 0 ? baseDelay
                : Duration.ofHours(1), 0.2);
    }

    /** @return the most attempts a delivery gets, {@code 1 + maxRetries} */
    public int maxAttempts() {
        return 1 + maxRetries;
    }

    /**
     * @param failedAttempt the number of the attempt that failed, at least 1
     * @return the delay before the next attempt, jitter included
     */
    public Duration delayAfter(int failedAttempt) {
        int shift = Math.max(0, Math.min(failedAttempt - 1, 30));
        long base = baseDelay.toMillis();
        long delay = base > (maxDelay.toMillis() >> shift) ? maxDelay.toMillis() : base << shift;
        delay = Math.min(delay, maxDelay.toMillis());
        long extra = jitter == 0.0 ? 0 : (long) (delay * jitter * ThreadLocalRandom.current().nextDouble());
        return Duration.ofMillis(delay + extra);
    }
}
