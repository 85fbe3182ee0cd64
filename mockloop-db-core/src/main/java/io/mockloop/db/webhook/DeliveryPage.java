package io.mockloop.db.webhook;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One page of recorded attempts, newest first. Immutable and thread-safe.
 *
 * @param items the attempts (unmodifiable, possibly empty)
 * @param nextCursor the cursor of the next page, empty when this is the last
 */
public record DeliveryPage(List<DeliveryAttempt> items, Optional<String> nextCursor) {

    /** Copies the items. */
    public DeliveryPage {
        items = List.copyOf(items);
        Objects.requireNonNull(nextCursor, "nextCursor");
    }
}
