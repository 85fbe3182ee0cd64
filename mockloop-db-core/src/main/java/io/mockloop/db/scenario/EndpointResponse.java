package io.mockloop.db.scenario;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One endpoint of a {@link ScenarioConfig}: what a mock answers for {@code method} on {@code pathTemplate} while
 * the scenario is active. Immutable and thread-safe. Only presence is checked here (a {@code null} throws
 * {@link NullPointerException} naming it); the stores check the rules (method token,
 * path template, status 100-599, delay 0-600000 ms) before writing.
 *
 * @param method the HTTP method, e.g. {@code GET}
 * @param pathTemplate the path template, e.g. {@code /pets/{petId}}
 * @param status the response status
 * @param headers the response headers in order; empty for none
 * @param body the response body, if any
 * @param delayMs the delay before answering, in milliseconds
 */
public record EndpointResponse(String method, String pathTemplate, int status, Map<String, String> headers,
                               Optional<String> body, int delayMs) {

    /**
     * Checks that no component is null and freezes the headers.
     *
     * @throws NullPointerException when a component is null (an absent body is {@link Optional#empty()})
     */
    public EndpointResponse {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(pathTemplate, "pathTemplate");
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(headers, "headers")));
        Objects.requireNonNull(body, "body");
    }

    /**
     * @param method the HTTP method
     * @param pathTemplate the path template
     * @param status the status
     * @param body the body
     * @return an endpoint without headers and delay
     * @throws NullPointerException when an argument is null
     */
    public static EndpointResponse of(String method, String pathTemplate, int status, String body) {
        return new EndpointResponse(method, pathTemplate, status, Map.of(),
                Optional.of(Objects.requireNonNull(body, "body")), 0);
    }

    /**
     * @param method the HTTP method
     * @param pathTemplate the path template
     * @param status the status
     * @return an endpoint without body, headers and delay
     * @throws NullPointerException when an argument is null
     */
    public static EndpointResponse of(String method, String pathTemplate, int status) {
        return new EndpointResponse(method, pathTemplate, status, Map.of(), Optional.empty(), 0);
    }

    /**
     * @param headers the headers
     * @return a copy with these headers
     */
    public EndpointResponse withHeaders(Map<String, String> headers) {
        return new EndpointResponse(method, pathTemplate, status, headers, body, delayMs);
    }

    /**
     * @param delayMs the delay in milliseconds
     * @return a copy with this delay
     */
    public EndpointResponse withDelayMs(int delayMs) {
        return new EndpointResponse(method, pathTemplate, status, headers, body, delayMs);
    }
}
