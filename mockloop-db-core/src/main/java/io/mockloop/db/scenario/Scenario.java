package io.mockloop.db.scenario;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A stored scenario (a row of scenarios). Immutable.
 *
 * @param id the database id
 * @param serverId the server it belongs to
 * @param name its name, unique per server
 * @param description its description, if any
 * @param config its typed configuration
 * @param active whether it is the server's active scenario
 * @param createdAt when it was created
 * @param updatedAt when it last changed (including activation)
 * @param createdBy who created it, if recorded
 */
public record Scenario(long id, String serverId, String name, Optional<String> description, ScenarioConfig config,
                       boolean active, Instant createdAt, Instant updatedAt, Optional<String> createdBy) {

    /** Checks that no component is null. */
    public Scenario {
        Objects.requireNonNull(serverId, "serverId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        Objects.requireNonNull(createdBy, "createdBy");
    }
}
