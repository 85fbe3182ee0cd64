package io.mockloop.db.scenario;

import java.util.Objects;

/**
 * What {@link ScenarioStore#create(NewScenario)} needs. Immutable; {@code with...} return copies. Lengths and
 * formats are checked by the store.
 *
 * @param serverId the server (must exist)
 * @param name the name, unique per server
 * @param description a description, or {@code null}
 * @param config the configuration (null becomes {@link ScenarioConfig#empty()})
 * @param createdBy who creates it, or {@code null}
 */
public record NewScenario(String serverId, String name, String description, ScenarioConfig config,
                          String createdBy) {

    /** Replaces a null config by the empty one. */
    public NewScenario {
        config = Objects.requireNonNullElse(config, ScenarioConfig.empty());
    }

    /**
     * @param serverId the server
     * @param name the name
     * @param config the configuration
     * @return a scenario without description and creator
     */
    public static NewScenario of(String serverId, String name, ScenarioConfig config) {
        return new NewScenario(serverId, name, null, config, null);
    }

    /**
     * @param description the description
     * @return a copy with it
     */
    public NewScenario withDescription(String description) {
        return new NewScenario(serverId, name, description, config, createdBy);
    }

    /**
     * @param createdBy the creator
     * @return a copy with it
     */
    public NewScenario withCreatedBy(String createdBy) {
        return new NewScenario(serverId, name, description, config, createdBy);
    }
}
