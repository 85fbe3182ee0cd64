package io.mockloop.db.webhook;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * A webhook's recorded attempts in figures. Immutable and thread-safe.
 *
 * @param webhookId the webhook
 * @param attempts the attempts recorded
 * @param successes the successful ones among them
 * @param averageDeliveryTime the mean delivery time of the attempts that have one, empty when none does
 */
public record WebhookStats(long webhookId, long attempts, long successes, Optional<Duration> averageDeliveryTime) {

    /** Checks the counts. */
    public WebhookStats {
        Objects.requireNonNull(averageDeliveryTime, "averageDeliveryTime");
        if (attempts < 0 || successes < 0 || successes > attempts) {
            throw new IllegalArgumentException("need 0 <= successes <= attempts (was " + successes + " of " + attempts
                    + ")");
        }
    }

    /** @return successes divided by attempts, 0.0 to 1.0; empty when nothing was attempted */
    public OptionalDouble successRate() {
        return attempts == 0 ? OptionalDouble.empty() : OptionalDouble.of((double) successes / attempts);
    }
}
