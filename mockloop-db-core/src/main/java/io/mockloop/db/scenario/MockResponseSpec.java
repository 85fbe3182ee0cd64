package io.mockloop.db.scenario;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The writable fields of a mock response, for {@link MockResponseStore#add} and {@link MockResponseStore#update}.
 * Immutable and thread-safe; {@code with...} return copies. Only presence is checked here (a {@code null} throws
 * {@link NullPointerException} naming it); the store checks the rules before writing.
 *
 * @param method the HTTP method (stored upper case)
 * @param endpointPath the path template
 * @param status the status (see {@link #of})
 * @param headers the headers; empty for none
 * @param body the body; empty for none
 * @param delayMs the delay in milliseconds
 * @param scenario the name of a scenario of the same server to bind it to; empty for none
 * @param isDefault whether it is the server's default response for the endpoint
 */
public record MockResponseSpec(String method, String endpointPath, int status, Map<String, String> headers,
                               Optional<String> body, int delayMs, Optional<String> scenario, boolean isDefault) {

    /**
     * Checks that no component is null and freezes the headers.
     *
     * @throws NullPointerException when a component is null
     */
    public MockResponseSpec {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(endpointPath, "endpointPath");
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(headers, "headers")));
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(scenario, "scenario");
    }

    /**
     * @param method the HTTP method
     * @param endpointPath the path template
     * @return a spec with status 200, no headers, no body, no delay, no scenario, not default
     * @throws NullPointerException when an argument is null
     */
    public static MockResponseSpec of(String method, String endpointPath) {
        return new MockResponseSpec(method, endpointPath, 200, Map.of(), Optional.empty(), 0, Optional.empty(),
                false);
    }

    /**
     * @param status the status
     * @param body the body
     * @return a copy answering with them
     * @throws NullPointerException when {@code body} is null
     */
    public MockResponseSpec withResponse(int status, String body) {
        return new MockResponseSpec(method, endpointPath, status, headers,
                Optional.of(Objects.requireNonNull(body, "body")), delayMs, scenario, isDefault);
    }

    /**
     * @param status the status
     * @return a copy answering with it and no body
     */
    public MockResponseSpec withResponse(int status) {
        return new MockResponseSpec(method, endpointPath, status, headers, Optional.empty(), delayMs, scenario,
                isDefault);
    }

    /**
     * @param headers the headers
     * @return a copy with them
     * @throws NullPointerException when {@code headers} is null
     */
    public MockResponseSpec withHeaders(Map<String, String> headers) {
        return new MockResponseSpec(method, endpointPath, status, headers, body, delayMs, scenario, isDefault);
    }

    /**
     * @param delayMs the delay
     * @return a copy with it
     */
    public MockResponseSpec withDelayMs(int delayMs) {
        return new MockResponseSpec(method, endpointPath, status, headers, body, delayMs, scenario, isDefault);
    }

    /**
     * @param scenario a scenario name
     * @return a copy bound to it
     * @throws NullPointerException when {@code scenario} is null
     */
    public MockResponseSpec inScenario(String scenario) {
        return new MockResponseSpec(method, endpointPath, status, headers, body, delayMs,
                Optional.of(Objects.requireNonNull(scenario, "scenario")), isDefault);
    }

    /** @return a copy bound to no scenario */
    public MockResponseSpec withoutScenario() {
        return new MockResponseSpec(method, endpointPath, status, headers, body, delayMs, Optional.empty(),
                isDefault);
    }

    /**
     * @param isDefault whether it is the default response
     * @return a copy with the flag
     */
    public MockResponseSpec asDefault(boolean isDefault) {
        return new MockResponseSpec(method, endpointPath, status, headers, body, delayMs, scenario, isDefault);
    }
}
