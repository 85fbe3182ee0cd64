package io.mockloop.db.scenario;

import java.util.Optional;

/**
 * Resolves requests from an in-memory copy of each server's active scenario and responses, for the hot path.
 * A server's copy is loaded on first use, dropped at once when a change to that server's scenarios or responses
 * commits through the same {@code MockLoopDb}, and re-validated at most once per check interval by a cheap
 * version query, so changes by other processes are seen within that interval. Thread-safe.
 */
public interface MockResponseResolver extends AutoCloseable {

    /**
     * Same contract as {@link MockResponseStore#resolve(String, String, String)}, answered from memory.
     *
     * @param serverId the server
     * @param method the request method (case-insensitive)
     * @param concretePath the request path; a query string is ignored
     * @return the response to serve; empty when nothing matches (or the server does not exist)
     * @throws NullPointerException when an argument is {@code null}
     */
    Optional<ResolvedResponse> resolve(String serverId, String method, String concretePath);

    /**
     * Explains a request: the response {@link #resolve} gives (answered from memory), or on a miss the nearest mocks
     * with the reasons each missed, ranked as {@link MissExplanation} describes. A miss reads the database (the
     * server's scenarios and responses, and other servers' defaults for that method), so call it when a request
     * was not matched, not on the hot path.
     *
     * @param serverId the server
     * @param method the request method (case-insensitive)
     * @param path the request path; a query string is ignored
     * @return the explanation (for a server that does not exist: no match, and only other servers' defaults)
     * @throws io.mockloop.db.ValidationException when the server id is blank, longer than 255 characters or holds
     *         NUL, the method is not an HTTP token of at most 10 characters, or the path does not start with
     *         {@code /}, is longer than 8192 characters or holds NUL
     * @throws io.mockloop.db.StoreUnavailableException when the database fails
     */
    MissExplanation explain(String serverId, String method, String path);

    /** @param serverId a server whose cached copy to drop (the next resolve reloads it) */
    void invalidate(String serverId);

    /** Drops every cached copy. */
    void invalidateAll();

    /** Stops listening for changes and drops the cache; idempotent. The shared resolver ignores this. */
    @Override
    void close();
}
