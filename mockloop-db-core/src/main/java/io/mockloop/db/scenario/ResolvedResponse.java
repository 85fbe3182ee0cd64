package io.mockloop.db.scenario;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What a mock must answer to one request, as found by {@link MockResponseStore#resolve} or a
 * {@link MockResponseResolver}. Immutable.
 *
 * @param status the status
 * @param headers the headers in order
 * @param body the body, if any
 * @param delayMs the delay in milliseconds
 * @param source where it came from
 * @param pathTemplate the template that matched, e.g. {@code /pets/{petId}}
 * @param pathParams the captured path parameters in template order, e.g. {@code petId -> 42}
 * @param scenario the active scenario it came from, empty for a default response
 * @param responseId the mock_responses id, empty when it came from the scenario configuration
 */
public record ResolvedResponse(int status, Map<String, String> headers, Optional<String> body, int delayMs,
                               Source source, String pathTemplate, Map<String, String> pathParams,
                               Optional<String> scenario, OptionalLong responseId) {

    /** Where a resolved response came from, in order of precedence. */
    public enum Source {
        /** A mock_responses row bound to the active scenario. */
        SCENARIO_RESPONSE,
        /** An endpoint of the active scenario's configuration. */
        SCENARIO_CONFIG,
        /** A mock_responses row of the server marked is_default and bound to no scenario. */
        DEFAULT_RESPONSE
    }

    /** Checks nullness and freezes the maps. */
    public ResolvedResponse {
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(headers, "headers")));
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(pathTemplate, "pathTemplate");
        pathParams = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(pathParams, "pathParams")));
        Objects.requireNonNull(scenario, "scenario");
        Objects.requireNonNull(responseId, "responseId");
    }
}
