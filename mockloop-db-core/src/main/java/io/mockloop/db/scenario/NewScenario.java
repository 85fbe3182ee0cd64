package io.mockloop.db.scenario;

import java.util.Objects;
import java.util.Optional;

/**
 * What {@link ScenarioStore#create(NewScenario)} needs. Immutable and thread-safe; {@code with...} return copies.
 * Only presence is checked here (a {@code null} throws {@link NullPointerException} naming it); lengths and
 * formats are checked by the store.
 *
 * @param serverId the server (must exist)
 * @param name the name, unique per server
 * @param description a description; empty for none
 * @param config the configuration ({@link ScenarioConfig#empty()} for none)
 * @param createdBy who creates it; empty when not recorded
 */
public record NewScenario(String serverId, String name, Optional<String> description, ScenarioConfig config,
                          Optional<String> createdBy) {

    /**
     * Checks that no component is null.
     *
     * @throws NullPointerException when a component is null
     */
    public NewScenario {
        Objects.requireNonNull(serverId, "serverId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(createdBy, "createdBy");
    }

    /**
     * @param serverId the server
     * @param name the name
     * @param config the configuration
     * @return a scenario without description and creator
     * @throws NullPointerException when an argument is null
     */
    public static NewScenario of(String serverId, String name, ScenarioConfig config) {
        return new NewScenario(serverId, name, Optional.empty(), config, Optional.empty());
    }

    /**
     * @param description the description
     * @return a copy with it
     * @throws NullPointerException when {@code description} is null
     */
    public NewScenario withDescription(String description) {
        return new NewScenario(serverId, name, Optional.of(Objects.requireNonNull(description, "description")),
                config, createdBy);
    }

    /**
     * @param createdBy the creator
     * @return a copy with it
     * @throws NullPointerException when {@code createdBy} is null
     */
    public NewScenario withCreatedBy(String createdBy) {
        return new NewScenario(serverId, name, description, config,
                Optional.of(Objects.requireNonNull(createdBy, "createdBy")));
    }
}
