package io.mockloop.db.log;

import io.mockloop.db.scenario.NearMiss;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Requests that no mock answered, grouped by server, method and path shape, as listed by
 * {@link RequestLogStore#listUnmatched(LogFilter, int)}: the request logs marked {@link RequestLog#unmatched()}.
 *
 * <p>The path shape is the path with every segment that is a decimal number or a UUID replaced by a parameter,
 * numbered from the left: {@code /pets/42} and {@code /pets/7} are both {@code /pets/{id}},
 * {@code /users/9/orders/3f2504e0-4f89-11d3-9a0c-0305e82c3301} is {@code /users/{id}/orders/{id2}}; other segments
 * stay as they were requested (case and escapes kept).
 *
 * <p>Immutable and thread-safe.
 *
 * @param serverId the server the requests were logged for; empty for logs without a server
 * @param method the request method (upper case, as logged)
 * @param pathShape the path shape (see above)
 * @param count how many requests of this shape the filter selected
 * @param firstSeen the earliest of their timestamps
 * @param lastSeen the latest of their timestamps
 * @param samplePaths up to {@value #MAX_SAMPLES} distinct concrete paths of the group, most recently seen first
 * @param nearest the mocks of the server nearest to the most recent sample, with the reasons each missed, ranked
 *                as {@link io.mockloop.db.scenario.MissExplanation} describes; empty when the server has none near
 *                it, when the logs have no server, or when a mock added since answers it now
 */
public record UnmatchedRequest(Optional<String> serverId, String method, String pathShape, long count,
                               Instant firstSeen, Instant lastSeen, List<String> samplePaths, List<NearMiss> nearest) {

    /** Most sample paths kept per group. */
    public static final int MAX_SAMPLES = 3;

    /**
     * Checks nullness and copies the lists.
     *
     * @throws NullPointerException when a component is null
     */
    public UnmatchedRequest {
        Objects.requireNonNull(serverId, "serverId");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(pathShape, "pathShape");
        Objects.requireNonNull(firstSeen, "firstSeen");
        Objects.requireNonNull(lastSeen, "lastSeen");
        samplePaths = List.copyOf(Objects.requireNonNull(samplePaths, "samplePaths"));
        nearest = List.copyOf(Objects.requireNonNull(nearest, "nearest"));
    }
}
