package io.mockloop.db.scenario;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Why a request was or was not answered, as told by {@link MockResponseResolver#explain} and
 * {@link MockResponseStore#explain}: the response that matched, or else the nearest mocks (at most
 * {@value #MAX_NEAREST}) with the reasons each missed.
 *
 * <p>Ranking of the nearest mocks, nearest first: (1) fewest reasons (each differing, missing or extra path segment
 * counts as one reason, as do a different method, an inactive scenario and another server); (2) smallest total
 * edit distance between the differing literal segments and the request's segments (so {@code /pet/1} is nearer to
 * {@code /pets/{id}} than to {@code /users/{id}}); (3) the precedence of where the mock is defined (a response of
 * the active scenario, its configuration, a default of the server, an inactive scenario's response, its
 * configuration, a default of another server); (4) path template, then method, alphabetically. A mock is a
 * candidate only when a literal segment of its path equals the request's segment at the same position or is
 * within a few edits of it (at most a third of its length, at least one: {@code pet} is near {@code pets},
 * {@code orders} is not), or when both paths are {@code /}; defaults of other servers are candidates only when they
 * would match the request's method and path.
 *
 * <p>Immutable and thread-safe.
 *
 * @param serverId the server asked about
 * @param method the request method, in upper case
 * @param path the request path as asked (a query string, if any, kept)
 * @param match the response the server would serve; empty on a miss
 * @param nearest on a miss, the nearest mocks in ranking order (empty when the server has no mock near the
 *                request); always empty when there is a match
 */
public record MissExplanation(String serverId, String method, String path, Optional<ResolvedResponse> match,
                              List<NearMiss> nearest) {

    /** Most near misses an explanation lists. */
    public static final int MAX_NEAREST = 3;

    /**
     * Checks nullness and copies the list.
     *
     * @throws NullPointerException when a component is null
     * @throws IllegalArgumentException when a match comes with near misses or there are more than
     *                                  {@value #MAX_NEAREST}
     */
    public MissExplanation {
        Objects.requireNonNull(serverId, "serverId");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(match, "match");
        nearest = List.copyOf(nearest);
        if (match.isPresent() && !nearest.isEmpty() || nearest.size() > MAX_NEAREST) {
            throw new IllegalArgumentException("a match has no near misses, and a miss at most " + MAX_NEAREST);
        }
    }

    /** @return whether a response matched */
    public boolean matched() {
        return match.isPresent();
    }
}
