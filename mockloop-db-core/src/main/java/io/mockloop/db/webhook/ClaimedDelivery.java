package io.mockloop.db.webhook;

import java.time.Instant;
import java.util.Objects;

/**
 * A delivery handed to one worker by {@link WebhookStore#claimDue}: everything needed to send it. Immutable and
 * thread-safe.
 *
 * @param deliveryId the delivery
 * @param webhook the webhook to send it to (as it was when claimed)
 * @param eventType the event
 * @param payload the request body
 * @param attemptNumber the number of the attempt about to be made (1 for the first)
 * @param workerId the worker holding the claim
 * @param claimExpiresAt when the claim expires and the delivery becomes due again
 */
public record ClaimedDelivery(long deliveryId, Webhook webhook, String eventType, String payload, int attemptNumber,
                              String workerId, Instant claimExpiresAt) {

    /** Checks the components are present. */
    public ClaimedDelivery {
        Objects.requireNonNull(webhook, "webhook");
        Objects.requireNonNull(eventType, "eventType");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(workerId, "workerId");
        Objects.requireNonNull(claimExpiresAt, "claimExpiresAt");
        if (attemptNumber < 1) {
            throw new IllegalArgumentException("attemptNumber must be >= 1 (was " + attemptNumber + ")");
        }
    }
}
