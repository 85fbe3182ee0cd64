package io.mockloop.db.scenario;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One row of the active_scenarios view. Immutable.
 *
 * @param serverId the server
 * @param scenarioName the active scenario
 * @param description the scenario's description, if any
 * @param createdAt when the scenario was created
 * @param serverName the server's name
 */
public record ActiveScenario(String serverId, String scenarioName, Optional<String> description, Instant createdAt,
                             String serverName) {

    /** Checks that no component is null. */
    public ActiveScenario {
        Objects.requireNonNull(serverId, "serverId");
        Objects.requireNonNull(scenarioName, "scenarioName");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(serverName, "serverName");
    }
}
