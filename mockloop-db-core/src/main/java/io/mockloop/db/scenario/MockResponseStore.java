package io.mockloop.db.scenario;

import io.mockloop.db.NotFoundException;
import io.mockloop.db.ValidationException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The per-endpoint mock responses (table mock_responses) and their resolution. Obtain it from
 * {@code MockLoopDb.mockResponses()}. Thread-safe; each call is one transaction (or joins the caller's); a refused
 * call writes nothing.
 *
 * <p>Rules checked before writing: method an HTTP token of at most 10 characters (stored upper case); endpoint path
 * starting with {@code /}, with balanced braces, at most 2048 characters; status 100-599; delay 0-600000 ms; body
 * at most 65535 bytes in UTF-8 (the MySQL TEXT limit, applied on every database); scenario (if named) an existing
 * scenario of the same server.
 */
public interface MockResponseStore {

    /**
     * @param serverId the server
     * @param spec the response
     * @return the stored response
     * @throws ValidationException when a rule is broken
     * @throws NotFoundException when the server or the named scenario does not exist
     */
    MockResponse add(String serverId, MockResponseSpec spec);

    /**
     * Replaces every writable field of a response.
     *
     * @param id a response id
     * @param spec the new fields
     * @return the updated response
     * @throws ValidationException when a rule is broken
     * @throws NotFoundException when the response or the named scenario does not exist
     */
    MockResponse update(long id, MockResponseSpec spec);

    /**
     * @param id a response id
     * @return whether a response was deleted
     */
    boolean delete(long id);

    /**
     * @param id a response id
     * @return the response; empty when none
     */
    Optional<MockResponse> find(long id);

    /**
     * @param id a response id
     * @return the response
     * @throws NotFoundException when none ({@code "mock response '7' not found"})
     */
    MockResponse get(long id);

    /**
     * @param filter which responses
     * @return the matching responses ordered by endpoint path, method, id; empty when none
     */
    List<MockResponse> list(MockResponseFilter filter);

    /**
     * Finds the response a mock must serve, reading the database. Precedence: a response row bound to the active
     * scenario, else the active scenario's configuration entry, else a default response row of the server
     * (is_default, bound to no scenario), else empty. Template matching is by path segments: a {@code {param}}
     * segment matches any one non-empty segment, a literal segment only itself; among matching templates a
     * literal segment beats a parameter at the first position where they differ.
     *
     * @param serverId the server
     * @param method the request method (case-insensitive)
     * @param concretePath the request path; a query string is ignored
     * @return the response with the captured path parameters; empty when nothing matches or the server does not
     *         exist
     * @throws NullPointerException when an argument is {@code null}
     */
    Optional<ResolvedResponse> resolve(String serverId, String method, String concretePath);

    /**
     * Explains a request as {@link MockResponseResolver#explain} does, reading the database in one transaction.
     *
     * @param serverId the server
     * @param method the request method (case-insensitive)
     * @param path the request path; a query string is ignored
     * @return the response {@link #resolve} gives, or the nearest mocks with the reasons each missed
     * @throws ValidationException as {@link MockResponseResolver#explain} does
     */
    MissExplanation explain(String serverId, String method, String path);

    /**
     * @return the shared cached resolver of this {@code MockLoopDb} (version check every second); closing it has
     *         no effect
     */
    MockResponseResolver resolver();

    /**
     * @param checkInterval how often a cached server is re-validated against the database (zero: every call)
     * @return a new cached resolver; the caller closes it
     * @throws ValidationException when the interval is null or negative
     */
    MockResponseResolver resolver(Duration checkInterval);
}
