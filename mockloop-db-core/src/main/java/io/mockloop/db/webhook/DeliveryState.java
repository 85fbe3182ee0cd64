package io.mockloop.db.webhook;

/** Where a delivery (one event for one webhook, table webhook_outbox) stands. */
public enum DeliveryState {
    /** Waiting for its next attempt (due at {@link Delivery#nextAttemptAt()}). */
    PENDING,
    /** Claimed by a worker until its lease expires; an expired claim is due again. */
    IN_FLIGHT,
    /** An attempt got a 2xx response; final. */
    SUCCEEDED,
    /** Every attempt failed or the failure was final; {@link WebhookStore#redeliver(long)} makes it pending again. */
    DEAD
}
