package io.mockloop.db.examples;

import io.mockloop.db.MockLoopDb;
import io.mockloop.db.log.LogFilter;
import io.mockloop.db.log.RequestLog;
import io.mockloop.db.log.UnmatchedRequest;
import io.mockloop.db.scenario.EndpointResponse;
import io.mockloop.db.scenario.FreezeOptions;
import io.mockloop.db.scenario.MissExplanation;
import io.mockloop.db.scenario.MockResponseResolver;
import io.mockloop.db.scenario.NearMiss;
import io.mockloop.db.scenario.NewScenario;
import io.mockloop.db.scenario.ResolvedResponse;
import io.mockloop.db.scenario.Scenario;
import io.mockloop.db.scenario.ScenarioConfig;
import io.mockloop.db.server.MockServer;
import io.mockloop.db.server.ServerRegistration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What a mock host does with requests no mock answers, and how recorded traffic becomes a scenario: a host resolves
 * each request, logs a miss as an unmatched request log and asks why it missed (near misses); the operator lists
 * the unmatched requests grouped by path shape; then traffic recorded from a real backend is frozen into a scenario
 * that, once active, answers what was recorded. Runs on an in-memory SQLite database.
 */
public final class NearMissesAndFreezing {

    private NearMissesAndFreezing() {
    }

    /** @param args ignored */
    public static void main(String[] args) {
        try (MockLoopDb db = MockLoopDb.inMemory()) {
            MockServer server = db.servers().register(
                    ServerRegistration.of("Pet Store", "specs/petstore.yaml", "generated/petstore"));
            db.scenarios().create(NewScenario.of(server.id(), "happy-path", new ScenarioConfig(List.of(
                    EndpointResponse.of("GET", "/pet/{petId}", 200, "{\"id\": 1}")), Map.of())));
            db.scenarios().activate(server.id(), "happy-path");

            // 1. the host: resolve, and on a miss log the request as unmatched and say why
            MockResponseResolver resolver = db.mockResponses().resolver();
            for (String path : List.of("/pet/1", "/pets/1", "/pets/2", "/pets/3")) {
                Optional<ResolvedResponse> hit = resolver.resolve(server.id(), "GET", path);
                RequestLog.Builder log = RequestLog.builder("GET", path, hit.map(ResolvedResponse::status).orElse(404))
                        .serverId(server.id());
                if (hit.isEmpty()) {
                    db.requestLogs().append(log.unmatched(true).build());
                    MissExplanation why = resolver.explain(server.id(), "GET", path);
                    System.out.println("GET " + path + " -> 404, nearest: " + describe(why.nearest().get(0)));
                } else {
                    db.requestLogs().append(log.build());
                }
            }

            // 2. the operator: what is being asked for that no mock answers
            for (UnmatchedRequest u : db.requestLogs().listUnmatched(LogFilter.builder().server(server.id()).build(),
                    10)) {
                System.out.printf("unmatched: %s %s x%d (last %s), e.g. %s%n", u.method(), u.pathShape(), u.count(),
                        u.lastSeen(), u.samplePaths().get(0));
            }

            // 3. traffic recorded from the real backend, frozen into a scenario
            MockServer recorded = db.servers().register(
                    ServerRegistration.of("Pet Store (recorded)", "specs/petstore.yaml", "generated/recorded"));
            db.requestLogs().appendAll(List.of(
                    RequestLog.builder("GET", "/pets/1", 200).serverId(recorded.id()).responseTimeMs(40)
                            .responseHeader("Content-Type", "application/json").responseHeader("Connection", "close")
                            .responseBody("{\"id\": 1, \"name\": \"Rex\"}").build(),
                    RequestLog.builder("GET", "/pets/2", 200).serverId(recorded.id()).responseTimeMs(60)
                            .responseHeader("Content-Type", "application/json")
                            .responseBody("{\"id\": 2, \"name\": \"Tom\"}").build(),
                    RequestLog.builder("POST", "/pets", 201).serverId(recorded.id()).responseTimeMs(90)
                            .responseBody("{\"id\": 3}").build()));
            Scenario frozen = db.scenarios().createFromTraffic(recorded.id(), "recorded", LogFilter.ALL,
                    FreezeOptions.DEFAULTS.withTemplateIds(true).withMedianDelay(true));
            System.out.println(frozen.description().orElse("") + ": " + frozen.config().endpoints().stream()
                    .map(e -> e.method() + " " + e.pathTemplate() + " " + e.status() + " after " + e.delayMs() + " ms")
                    .collect(Collectors.joining(", ")));
            db.scenarios().activate(recorded.id(), "recorded");
            ResolvedResponse pet = resolver.resolve(recorded.id(), "GET", "/pets/7").orElseThrow();
            System.out.println("GET /pets/7 -> " + pet.status() + " " + pet.body().orElse("") + " " + pet.headers());
        }
    }

    private static String describe(NearMiss n) {
        return n.method() + " " + n.pathTemplate() + " (" + n.reasons().stream()
                .map(r -> r.kind() + ": " + r.detail()).collect(Collectors.joining("; ")) + ")";
    }
}
