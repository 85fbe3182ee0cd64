package io.mockloop.db.scenario;

import java.util.Objects;

/**
 * Which mock responses {@link MockResponseStore#list(MockResponseFilter)} returns; every non-null criterion must
 * match. Immutable.
 *
 * @param serverId the server (required)
 * @param endpointPath an exact path template, or {@code null} for any
 * @param method a method (case-insensitive), or {@code null} for any
 * @param scenario a scenario name, or {@code null} for any (bound or not)
 */
public record MockResponseFilter(String serverId, String endpointPath, String method, String scenario) {

    /**
     * Checks that the server is given.
     *
     * @throws NullPointerException when {@code serverId} is null
     */
    public MockResponseFilter {
        Objects.requireNonNull(serverId, "serverId");
    }

    /**
     * @param serverId the server
     * @return a filter matching all of the server's responses
     */
    public static MockResponseFilter forServer(String serverId) {
        return new MockResponseFilter(serverId, null, null, null);
    }

    /**
     * @param endpointPath the path template
     * @return a copy also matching on it
     */
    public MockResponseFilter withEndpoint(String endpointPath) {
        return new MockResponseFilter(serverId, endpointPath, method, scenario);
    }

    /**
     * @param method the method
     * @return a copy also matching on it
     */
    public MockResponseFilter withMethod(String method) {
        return new MockResponseFilter(serverId, endpointPath, method, scenario);
    }

    /**
     * @param scenario the scenario name
     * @return a copy also matching on it
     */
    public MockResponseFilter withScenario(String scenario) {
        return new MockResponseFilter(serverId, endpointPath, method, scenario);
    }
}
