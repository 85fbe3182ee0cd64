package io.mockloop.db.webhook;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One recorded attempt (a row of webhook_deliveries). Immutable and thread-safe.
 *
 * @param id the attempt row id
 * @param webhookId the webhook
 * @param deliveryId the delivery (outbox row) it belongs to, empty for rows written without one
 * @param eventType the event
 * @param payload the request body
 * @param responseStatus the HTTP status, empty when no response arrived
 * @param responseBody the first {@value io.mockloop.db.webhook.WebhookStore#RESPONSE_EXCERPT_CHARS} characters of
 *        the response body, empty when none
 * @param deliveryTimeMs how long the attempt took in milliseconds, empty when unknown
 * @param attemptNumber 1 for the first attempt of a delivery
 * @param success whether a 2xx response arrived
 * @param errorMessage what went wrong, empty for a response
 * @param deliveredAt when the attempt was recorded
 */
public record DeliveryAttempt(long id, long webhookId, Optional<Long> deliveryId, String eventType, String payload,
                              Optional<Integer> responseStatus, Optional<String> responseBody,
                              Optional<Integer> deliveryTimeMs, int attemptNumber, boolean success,
                              Optional<String> errorMessage, Instant deliveredAt) {

    /** Checks the components are present. */
    public DeliveryAttempt {
        Objects.requireNonNull(deliveryId, "deliveryId");
        Objects.requireNonNull(eventType, "eventType");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(responseStatus, "responseStatus");
        Objects.requireNonNull(responseBody, "responseBody");
        Objects.requireNonNull(deliveryTimeMs, "deliveryTimeMs");
        Objects.requireNonNull(errorMessage, "errorMessage");
        Objects.requireNonNull(deliveredAt, "deliveredAt");
    }
}
