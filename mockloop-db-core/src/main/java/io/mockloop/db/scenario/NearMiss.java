package io.mockloop.db.scenario;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A mock that came close to answering a request, with every reason it did not: part of a {@link MissExplanation}
 * and of {@link io.mockloop.db.log.UnmatchedRequest}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param serverId the server the mock belongs to (another server for {@link MissReason.Kind#DEFAULT_ON_OTHER_SERVER})
 * @param method the method the mock answers (upper case)
 * @param pathTemplate the mock's path template, for example {@code /pets/{petId}}
 * @param status the status the mock would answer with
 * @param source where the mock is defined: a mock_responses row bound to a scenario, a scenario's configuration,
 *               or a default mock_responses row
 * @param scenario the scenario the mock belongs to; empty for a default response
 * @param responseId the mock_responses id; empty for an entry of a scenario's configuration
 * @param reasons why it did not answer, at least one, in the order method, path segments (by position), scenario,
 *                server
 */
public record NearMiss(String serverId, String method, String pathTemplate, int status,
                       ResolvedResponse.Source source, Optional<String> scenario, OptionalLong responseId,
                       List<MissReason> reasons) {

    /**
     * Checks nullness and copies the reasons.
     *
     * @throws NullPointerException when a component is null
     * @throws IllegalArgumentException when there is no reason
     */
    public NearMiss {
        Objects.requireNonNull(serverId, "serverId");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(pathTemplate, "pathTemplate");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(scenario, "scenario");
        Objects.requireNonNull(responseId, "responseId");
        reasons = List.copyOf(reasons);
        if (reasons.isEmpty()) {
            throw new IllegalArgumentException("a near miss has at least one reason");
        }
    }

    /**
     * @param kind a kind of reason
     * @return whether one of the reasons is of that kind
     */
    public boolean has(MissReason.Kind kind) {
        return reasons.stream().anyMatch(r -> r.kind() == kind);
    }
}
