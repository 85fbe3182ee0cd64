package io.mockloop.db.scenario;

import java.util.Objects;
import java.util.Optional;

/**
 * Which mock responses {@link MockResponseStore#list(MockResponseFilter)} returns; every present criterion must
 * match. Immutable and thread-safe; built by {@link #forServer(String)} and the {@code with...} methods, which return
 * copies and refuse {@code null} ({@link NullPointerException} naming the parameter).
 *
 * @param serverId the server
 * @param endpointPath an exact path template; empty for any
 * @param method a method (case-insensitive); empty for any
 * @param scenario a scenario name; empty for any (bound or not)
 */
public record MockResponseFilter(String serverId, Optional<String> endpointPath, Optional<String> method,
                                 Optional<String> scenario) {

    /**
     * Checks that no component is null.
     *
     * @throws NullPointerException when a component is null
     */
    public MockResponseFilter {
        Objects.requireNonNull(serverId, "serverId");
        Objects.requireNonNull(endpointPath, "endpointPath");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(scenario, "scenario");
    }

    /**
     * @param serverId the server
     * @return a filter matching all of the server's responses
     * @throws NullPointerException when {@code serverId} is null
     */
    public static MockResponseFilter forServer(String serverId) {
        return new MockResponseFilter(serverId, Optional.empty(), Optional.empty(), Optional.empty());
    }

    /**
     * @param endpointPath the path template
     * @return a copy also matching on it
     * @throws NullPointerException when {@code endpointPath} is null
     */
    public MockResponseFilter withEndpoint(String endpointPath) {
        return new MockResponseFilter(serverId, Optional.of(Objects.requireNonNull(endpointPath, "endpointPath")),
                method, scenario);
    }

    /**
     * @param method the method
     * @return a copy also matching on it
     * @throws NullPointerException when {@code method} is null
     */
    public MockResponseFilter withMethod(String method) {
        return new MockResponseFilter(serverId, endpointPath, Optional.of(Objects.requireNonNull(method, "method")),
                scenario);
    }

    /**
     * @param scenario the scenario name
     * @return a copy also matching on it
     * @throws NullPointerException when {@code scenario} is null
     */
    public MockResponseFilter withScenario(String scenario) {
        return new MockResponseFilter(serverId, endpointPath, method,
                Optional.of(Objects.requireNonNull(scenario, "scenario")));
    }
}
