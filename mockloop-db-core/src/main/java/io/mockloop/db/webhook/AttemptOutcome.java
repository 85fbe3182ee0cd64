package io.mockloop.db.webhook;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What one attempt to send a delivery gave: an HTTP response, or a failure before one (network error, timeout).
 * Immutable and thread-safe.
 *
 * @param status the HTTP status, empty when no response arrived
 * @param responseBody the response body (the store keeps an excerpt), empty when none
 * @param took how long the attempt took
 * @param error what went wrong, empty for a response
 * @param timedOut whether the attempt ran out of time
 */
public record AttemptOutcome(Optional<Integer> status, Optional<String> responseBody, Duration took,
                             Optional<String> error, boolean timedOut) {

    /** Checks the components are present and consistent. */
    public AttemptOutcome {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(responseBody, "responseBody");
        Objects.requireNonNull(took, "took");
        Objects.requireNonNull(error, "error");
        if (took.isNegative()) {
            throw new IllegalArgumentException("took must not be negative (was " + took + ")");
        }
        status.ifPresent(s -> {
            if (s < 100 || s > 999) {
                throw new IllegalArgumentException("status must be 100..999 (was " + s + ")");
            }
        });
        if (status.isEmpty() && error.isEmpty()) {
            throw new IllegalArgumentException("an outcome without a status must carry an error");
        }
    }

    /**
     * @param status the HTTP status
     * @param body the response body
     * @param took how long it took
     * @return a response outcome
     * @throws NullPointerException when {@code body} or {@code took} is {@code null}
     */
    public static AttemptOutcome response(int status, String body, Duration took) {
        return new AttemptOutcome(Optional.of(status), Optional.of(Objects.requireNonNull(body, "body")), took,
                Optional.empty(), false);
    }

    /**
     * @param status the HTTP status
     * @param took how long it took
     * @return a response outcome without a body (none arrived, or it could not be read)
     * @throws NullPointerException when {@code took} is {@code null}
     */
    public static AttemptOutcome response(int status, Duration took) {
        return new AttemptOutcome(Optional.of(status), Optional.empty(), took, Optional.empty(), false);
    }

    /**
     * @param error what went wrong
     * @param took how long it took
     * @return a network-failure outcome (retried)
     * @throws NullPointerException when {@code error} or {@code took} is {@code null}
     */
    public static AttemptOutcome networkError(String error, Duration took) {
        return new AttemptOutcome(Optional.empty(), Optional.empty(), took,
                Optional.of(Objects.requireNonNull(error, "error")), false);
    }

    /**
     * @param took how long it took
     * @return a timeout outcome (retried)
     */
    public static AttemptOutcome timeout(Duration took) {
        return new AttemptOutcome(Optional.empty(), Optional.empty(), took,
                Optional.of("timed out after " + took.toMillis() + " ms"), true);
    }

    /** @return whether a 2xx response arrived */
    public boolean succeeded() {
        return status.isPresent() && status.get() >= 200 && status.get() < 300;
    }

    /** @return whether a later attempt may succeed: network errors, timeouts, 408, 429 and 5xx */
    public boolean retryable() {
        if (status.isEmpty()) {
            return true;
        }
        int s = status.get();
        return s == 408 || s == 429 || s >= 500;
    }
}
