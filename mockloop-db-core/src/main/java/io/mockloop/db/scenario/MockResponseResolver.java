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
     */
    Optional<ResolvedResponse> resolve(String serverId, String method, String concretePath);

    /** @param serverId a server whose cached copy to drop (the next resolve reloads it) */
    void invalidate(String serverId);

    /** Drops every cached copy. */
    void invalidateAll();

    /** Stops listening for changes and drops the cache; idempotent. The shared resolver ignores this. */
    @Override
    void close();
}
