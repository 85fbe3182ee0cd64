package io.mockloop.db.webhook;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One event to deliver to one webhook (a row of webhook_outbox), with its state. Immutable and thread-safe.
 *
 * @param id the delivery id (also sent as header {@code X-Webhook-Delivery})
 * @param webhookId the webhook
 * @param eventType the event
 * @param payload the request body
 * @param state where it stands
 * @param attempts how many attempts were recorded
 * @param nextAttemptAt when it is due (for {@link DeliveryState#IN_FLIGHT}: when the claim expires)
 * @param claimedBy the worker holding the claim, empty unless in flight
 * @param claimExpiresAt when that claim expires, empty unless in flight
 * @param lastError the last failure, empty when none
 * @param createdAt when it was published
 * @param updatedAt when it last changed
 */
public record Delivery(long id, long webhookId, String eventType, String payload, DeliveryState state, int attempts,
                       Instant nextAttemptAt, Optional<String> claimedBy, Optional<Instant> claimExpiresAt,
                       Optional<String> lastError, Instant createdAt, Instant updatedAt) {

    /** Checks the components are present and the counts are sane. */
    public Delivery {
        Objects.requireNonNull(eventType, "eventType");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(nextAttemptAt, "nextAttemptAt");
        Objects.requireNonNull(claimedBy, "claimedBy");
        Objects.requireNonNull(claimExpiresAt, "claimExpiresAt");
        Objects.requireNonNull(lastError, "lastError");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        if (attempts < 0) {
            throw new IllegalArgumentException("attempts must be >= 0 (was " + attempts + ")");
        }
    }
}
