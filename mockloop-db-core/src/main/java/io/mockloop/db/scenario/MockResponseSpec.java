package io.mockloop.db.scenario;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The writable fields of a mock response, for {@link MockResponseStore#add} and {@link MockResponseStore#update}.
 * Immutable; {@code with...} return copies. The store checks the rules before writing.
 *
 * @param method the HTTP method (stored upper case)
 * @param endpointPath the path template
 * @param status the status (see {@link #of})
 * @param headers the headers (null becomes empty)
 * @param body the body, or {@code null}
 * @param delayMs the delay in milliseconds
 * @param scenario the name of a scenario of the same server to bind it to, or {@code null}
 * @param isDefault whether it is the server's default response for the endpoint
 */
public record MockResponseSpec(String method, String endpointPath, int status, Map<String, String> headers,
                               String body, int delayMs, String scenario, boolean isDefault) {

    /** Freezes the headers. */
    public MockResponseSpec {
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNullElse(headers, Map.of())));
    }

    /**
     * @param method the HTTP method
     * @param endpointPath the path template
     * @return a spec with status 200, no headers, no body, no delay, no scenario, not default
     */
    public static MockResponseSpec of(String method, String endpointPath) {
        return new MockResponseSpec(method, endpointPath, 200, Map.of(), null, 0, null, false);
    }

    /**
     * @param status the status
     * @param body the body, or {@code null}
     * @return a copy answering with them
     */
    public MockResponseSpec withResponse(int status, String body) {
        return new MockResponseSpec(method, endpointPath, status, headers, body, delayMs, scenario, isDefault);
    }

    /**
     * @param headers the headers
     * @return a copy with them
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
     * @param scenario a scenario name, or {@code null} for none
     * @return a copy bound to it
     */
    public MockResponseSpec inScenario(String scenario) {
        return new MockResponseSpec(method, endpointPath, status, headers, body, delayMs, scenario, isDefault);
    }

    /**
     * @param isDefault whether it is the default response
     * @return a copy with the flag
     */
    public MockResponseSpec asDefault(boolean isDefault) {
        return new MockResponseSpec(method, endpointPath, status, headers, body, delayMs, scenario, isDefault);
    }
}
