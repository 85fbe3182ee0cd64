package io.mockloop.db.scenario;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A stored per-endpoint response (a row of mock_responses). Immutable.
 *
 * @param id the database id
 * @param serverId the server
 * @param method the HTTP method (upper case)
 * @param endpointPath the path template, e.g. {@code /pets/{petId}}
 * @param status the response status
 * @param headers the response headers in order (empty when none)
 * @param body the response body, if any
 * @param delayMs the delay before answering, in milliseconds
 * @param scenario the name of the scenario it is bound to, if any
 * @param isDefault whether it is the server's default response for the endpoint
 * @param createdAt when it was added
 * @param updatedAt when it last changed
 */
public record MockResponse(long id, String serverId, String method, String endpointPath, int status,
                           Map<String, String> headers, Optional<String> body, int delayMs, Optional<String> scenario,
                           boolean isDefault, Instant createdAt, Instant updatedAt) {

    /** Checks that no component is null and freezes the headers. */
    public MockResponse {
        Objects.requireNonNull(serverId, "serverId");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(endpointPath, "endpointPath");
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(headers, "headers")));
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(scenario, "scenario");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }
}
