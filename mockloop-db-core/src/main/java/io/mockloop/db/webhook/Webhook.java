package io.mockloop.db.webhook;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A stored webhook (table webhooks). Immutable and thread-safe; {@link #toString()} hides the secret.
 *
 * @param id the database id
 * @param serverId the mock server it belongs to
 * @param name the display name
 * @param url where deliveries are sent
 * @param method the HTTP method
 * @param headers extra request headers (unmodifiable)
 * @param events the subscribed events (unmodifiable)
 * @param secretKey the signing secret, or empty when deliveries are not signed
 * @param active whether {@link WebhookStore#publish} creates deliveries for it
 * @param createdAt when it was created
 * @param updatedAt when it was last changed
 */
public record Webhook(long id, String serverId, String name, String url, WebhookMethod method,
                      Map<String, String> headers, Set<String> events, Optional<String> secretKey, boolean active,
                      Instant createdAt, Instant updatedAt) {

    /** Checks the components are present and copies the collections. */
    public Webhook {
        Objects.requireNonNull(serverId, "serverId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(method, "method");
        headers = Map.copyOf(Objects.requireNonNull(headers, "headers"));
        events = java.util.Collections.unmodifiableSet(new java.util.LinkedHashSet<>(
                Objects.requireNonNull(events, "events")));
        Objects.requireNonNull(secretKey, "secretKey");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    /** @param event an event name @return whether this webhook subscribes to it */
    public boolean subscribesTo(String event) {
        return events.contains(event);
    }

    /** @return this webhook as a spec, for an update that changes one thing */
    public WebhookSpec toSpec() {
        return new WebhookSpec(name, url, method, headers, events, secretKey);
    }

    /** @return the webhook without the secret's value */
    @Override
    public String toString() {
        return "Webhook[id=" + id + ", serverId=" + serverId + ", name=" + name + ", url=" + url + ", method=" + method
                + ", events=" + events + ", secretKey=" + (secretKey.isPresent() ? "****" : "none") + ", active="
                + active + "]";
    }
}
