package io.mockloop.db.webhook;

import io.mockloop.db.StorableValues;
import io.mockloop.db.ValidationException;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Which recorded attempts {@link WebhookStore#history(DeliveryQuery)} returns, newest first; every criterion given
 * must match. Immutable and thread-safe; the {@code with...} methods return copies. Every component and argument is
 * required: {@code null} throws {@link NullPointerException} (use {@link Optional#empty()} for "any").
 *
 * @param webhookId only this webhook's attempts, or any when empty
 * @param eventType only this event, or any when empty
 * @param success only successful ({@code true}) or failed ({@code false}) attempts, or both when empty
 * @param from only attempts recorded at or after this instant, or no lower bound when empty
 * @param to only attempts recorded before this instant, or no upper bound when empty
 * @param limit the page size, 1 to 1000
 * @param cursor where the page starts: the {@link DeliveryPage#nextCursor()} of the previous page, or empty for
 *        the first page
 */
public record DeliveryQuery(Optional<Long> webhookId, Optional<String> eventType, Optional<Boolean> success,
                            Optional<Instant> from, Optional<Instant> to, int limit, Optional<String> cursor) {

    /**
     * Checks the components.
     *
     * @throws ValidationException when {@code limit} is out of range, or {@code from} or {@code to} is outside the
     *                             years 0001 to 9999 (UTC)
     * @throws NullPointerException when a component is null
     */
    public DeliveryQuery {
        Objects.requireNonNull(webhookId, "webhookId");
        Objects.requireNonNull(eventType, "eventType");
        Objects.requireNonNull(success, "success");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(cursor, "cursor");
        if (limit < 1 || limit > 1000) {
            throw new ValidationException("limit", "must be 1 to 1000", limit);
        }
        from.ifPresent(t -> StorableValues.requireStorableInstant("from", t));
        to.ifPresent(t -> StorableValues.requireStorableInstant("to", t));
    }

    /** @return every attempt, 100 per page */
    public static DeliveryQuery all() {
        return new DeliveryQuery(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), 100, Optional.empty());
    }

    /** @param id the webhook @return that webhook's attempts, 100 per page */
    public static DeliveryQuery forWebhook(long id) {
        return all().withWebhook(id);
    }

    /** @param id the webhook @return a copy restricted to it */
    public DeliveryQuery withWebhook(long id) {
        return new DeliveryQuery(Optional.of(id), eventType, success, from, to, limit, cursor);
    }

    /** @param e the event @return a copy restricted to it */
    public DeliveryQuery withEvent(String e) {
        return new DeliveryQuery(webhookId, Optional.of(e), success, from, to, limit, cursor);
    }

    /** @param s the outcome @return a copy restricted to it */
    public DeliveryQuery withSuccess(boolean s) {
        return new DeliveryQuery(webhookId, eventType, Optional.of(s), from, to, limit, cursor);
    }

    /** @param fromInclusive lower bound @param toExclusive upper bound @return a copy restricted to that range */
    public DeliveryQuery between(Instant fromInclusive, Instant toExclusive) {
        return new DeliveryQuery(webhookId, eventType, success, Optional.of(fromInclusive), Optional.of(toExclusive),
                limit, cursor);
    }

    /** @param n the page size, 1 to 1000 @return a copy with that page size */
    public DeliveryQuery withLimit(int n) {
        return new DeliveryQuery(webhookId, eventType, success, from, to, n, cursor);
    }

    /** @param c a cursor from a previous page @return a copy starting after it */
    public DeliveryQuery after(String c) {
        return new DeliveryQuery(webhookId, eventType, success, from, to, limit, Optional.of(c));
    }
}
