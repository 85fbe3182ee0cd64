package io.mockloop.db.webhook;

import java.util.Objects;
import java.util.Optional;

/**
 * Which webhooks {@link WebhookStore#list(WebhookQuery)} returns; every criterion given must match. Immutable and
 * thread-safe; the {@code with...} methods return copies.
 *
 * @param serverId only this server's webhooks, or any server when empty
 * @param event only webhooks subscribed to this event, or any when empty
 * @param activeOnly only active webhooks
 */
public record WebhookQuery(Optional<String> serverId, Optional<String> event, boolean activeOnly) {

    /** Checks the components are present. */
    public WebhookQuery {
        Objects.requireNonNull(serverId, "serverId");
        Objects.requireNonNull(event, "event");
    }

    /** @return every webhook */
    public static WebhookQuery all() {
        return new WebhookQuery(Optional.empty(), Optional.empty(), false);
    }

    /** @param serverId the server @return that server's webhooks */
    public static WebhookQuery forServer(String serverId) {
        return new WebhookQuery(Optional.of(serverId), Optional.empty(), false);
    }

    /** @param e the event @return a copy that also requires a subscription to {@code e} */
    public WebhookQuery withEvent(String e) {
        return new WebhookQuery(serverId, Optional.of(e), activeOnly);
    }

    /** @return a copy that also requires the webhook to be active */
    public WebhookQuery withActiveOnly() {
        return new WebhookQuery(serverId, event, true);
    }
}
