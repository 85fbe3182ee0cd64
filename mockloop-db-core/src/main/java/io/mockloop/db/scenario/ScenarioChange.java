package io.mockloop.db.scenario;

import java.util.Objects;

/**
 * A committed change to a scenario, as delivered to a {@link ScenarioListener}. Immutable.
 *
 * @param serverId the server
 * @param scenarioName the scenario concerned
 * @param kind what happened
 */
public record ScenarioChange(String serverId, String scenarioName, Kind kind) {

    /** What happened to the scenario. */
    public enum Kind {
        /** Created (or imported). */
        CREATED,
        /** Description or configuration replaced. */
        UPDATED,
        /** Deleted. */
        DELETED,
        /** Became the server's active scenario. */
        ACTIVATED,
        /** Stopped being the active scenario (another was activated, or the server's was deactivated). */
        DEACTIVATED
    }

    /** Checks that no component is null. */
    public ScenarioChange {
        Objects.requireNonNull(serverId, "serverId");
        Objects.requireNonNull(scenarioName, "scenarioName");
        Objects.requireNonNull(kind, "kind");
    }
}
