package io.mockloop.db.internal.scenario;

import static io.mockloop.db.internal.jooq.generated.Tables.MOCK_RESPONSES;
import static io.mockloop.db.internal.jooq.generated.Tables.SCENARIOS;

import io.mockloop.db.internal.StoreContext;
import io.mockloop.db.scenario.EndpointResponse;
import io.mockloop.db.scenario.MockResponse;
import io.mockloop.db.scenario.ResolvedResponse;
import io.mockloop.db.scenario.ResolvedResponse.Source;
import io.mockloop.db.scenario.Scenario;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.jooq.DSLContext;
import org.jooq.Record;

/**
 * Everything needed to resolve requests of one server, read at one moment: the candidates of the three precedence
 * tiers, indexed by method. Immutable and thread-safe once built.
 */
final class ServerSnapshot {

    private record Candidate(PathTemplate template, int status, Map<String, String> headers, Optional<String> body,
                             int delayMs, Source source, Optional<String> scenario, OptionalLong responseId) {
    }

    /** tiers in precedence order; each maps an upper-case method to its candidates in tie-break order */
    private final List<Map<String, List<Candidate>>> tiers;

    private ServerSnapshot(List<Map<String, List<Candidate>>> tiers) {
        this.tiers = tiers;
    }

    /**
     * Reads the server's active scenario and relevant responses.
     *
     * @param ctx a context (pool or transaction)
     * @param serverId the server
     * @return the snapshot (empty tiers when the server does not exist)
     */
    static ServerSnapshot load(StoreContext ctx, String serverId) {
        DSLContext dsl = ctx.dsl();
        Optional<Scenario> active = dsl.selectFrom(SCENARIOS)
                .where(SCENARIOS.SERVER_ID.eq(serverId).and(SCENARIOS.IS_ACTIVE.isTrue()))
                .orderBy(SCENARIOS.ID).limit(1).fetchOptional().map(Rows::scenario);
        Map<String, List<Candidate>> scenarioRows = new HashMap<>();
        Map<String, List<Candidate>> configEntries = new HashMap<>();
        Map<String, List<Candidate>> defaults = new HashMap<>();
        var condition = MOCK_RESPONSES.IS_DEFAULT.isTrue().and(MOCK_RESPONSES.SCENARIO_ID.isNull());
        if (active.isPresent()) {
            condition = condition.or(MOCK_RESPONSES.SCENARIO_ID.eq(active.get().id()));
        }
        for (Record r : dsl.selectFrom(MOCK_RESPONSES).where(MOCK_RESPONSES.SERVER_ID.eq(serverId).and(condition))
                .orderBy(MOCK_RESPONSES.ID).fetch()) {
            boolean bound = r.get(MOCK_RESPONSES.SCENARIO_ID) != null;
            MockResponse m = Rows.response(ctx.json(), r, bound ? active.get().name() : null);
            Candidate c = new Candidate(new PathTemplate(m.endpointPath()), m.status(), m.headers(), m.body(),
                    m.delayMs(), bound ? Source.SCENARIO_RESPONSE : Source.DEFAULT_RESPONSE, m.scenario(),
                    OptionalLong.of(m.id()));
            (bound ? scenarioRows : defaults).computeIfAbsent(upper(m.method()), k -> new ArrayList<>()).add(c);
        }
        active.ifPresent(s -> {
            for (EndpointResponse e : s.config().endpoints()) {
                configEntries.computeIfAbsent(upper(e.method()), k -> new ArrayList<>())
                        .add(new Candidate(new PathTemplate(e.pathTemplate()), e.status(), e.headers(), e.body(),
                                e.delayMs(), Source.SCENARIO_CONFIG, Optional.of(s.name()), OptionalLong.empty()));
            }
        });
        return new ServerSnapshot(List.of(scenarioRows, configEntries, defaults));
    }

    private static String upper(String method) {
        return method.toUpperCase(Locale.ROOT);
    }

    /**
     * @param method the request method
     * @param concretePath the request path
     * @return the best candidate of the first tier that has a match
     */
    Optional<ResolvedResponse> resolve(String method, String concretePath) {
        if (method == null || concretePath == null) {
            return Optional.empty();
        }
        String m = upper(method);
        String[] request = PathTemplate.splitRequest(concretePath);
        for (Map<String, List<Candidate>> tier : tiers) {
            List<Candidate> candidates = tier.get(m);
            if (candidates == null) {
                continue;
            }
            Candidate best = null;
            for (Candidate c : candidates) {
                if (c.template().matches(request)
                        && (best == null || c.template().compareSpecificity(best.template()) < 0)) {
                    best = c;
                }
            }
            if (best != null) {
                return Optional.of(new ResolvedResponse(best.status(), best.headers(), best.body(), best.delayMs(),
                        best.source(), best.template().template(), best.template().capture(request), best.scenario(),
                        best.responseId()));
            }
        }
        return Optional.empty();
    }
}
