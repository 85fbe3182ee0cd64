package io.mockloop.db.log;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One keyset page of request logs.
 *
 * <p>Immutable and thread-safe.
 *
 * @param items the logs of this page in the filter's order; never {@code null}, empty when nothing matched
 * @param nextCursor the opaque cursor of the next page, or empty when this is the last page
 */
public record LogPage(List<RequestLog> items, Optional<String> nextCursor) {

    /**
     * Copies the list.
     *
     * @throws NullPointerException when {@code items}, a log in it or {@code nextCursor} is {@code null}
     */
    public LogPage {
        items = List.copyOf(Objects.requireNonNull(items, "items"));
        Objects.requireNonNull(nextCursor, "nextCursor");
    }
}
