package io.mockloop.db.webhook;

/** The HTTP methods a webhook may be delivered with. {@link #POST} is the default. */
public enum WebhookMethod {
    /** The default. */
    POST,
    /** Allowed for receivers that treat deliveries as idempotent puts. */
    PUT,
    /** Allowed for receivers that treat deliveries as partial updates. */
    PATCH
}
