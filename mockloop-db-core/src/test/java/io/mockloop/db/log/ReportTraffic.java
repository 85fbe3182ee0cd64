package io.mockloop.db.log;

import io.mockloop.db.MockLoopDb;
import io.mockloop.db.scenario.EndpointResponse;
import io.mockloop.db.scenario.NewScenario;
import io.mockloop.db.scenario.ScenarioConfig;
import io.mockloop.db.server.MockServer;
import io.mockloop.db.server.ServerRegistration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The traffic the report tests draw: a registered server with scenario "happy" active, and 131 logs over two hours
 * from {@link #T0} (one every 55 s) — GET /api/pets 101 times taking 0..100 ms (every 20th a 500), POST /api/pets 20
 * times taking 200 ms (4 of them 400), and 10 GETs of /api/pets/1..10 answered 404 — recorded under "happy", then
 * "pets-down" from log 50, then "happy" again from log 90.
 */
final class ReportTraffic {

    static final Instant T0 = Instant.parse("2026-11-20T09:00:00Z");
    static final int LOGS = 131;

    private ReportTraffic() {
    }

    /** @return the server id the logs were recorded for */
    static String seed(MockLoopDb db) {
        MockServer server = db.servers().register(ServerRegistration.of("Pet Store", "specs/petstore.yaml",
                "out/petstore"));
        String id = server.id();
        db.scenarios().create(NewScenario.of(id, "happy", ScenarioConfig.empty()
                .withEndpoint(EndpointResponse.of("GET", "/api/pets", 200, "[]"))));
        db.scenarios().create(NewScenario.of(id, "pets-down", ScenarioConfig.empty()
                .withEndpoint(EndpointResponse.of("GET", "/api/pets", 503, "{\"error\":\"down\"}"))));
        db.scenarios().activate(id, "happy");
        List<RequestLog.Builder> logs = new ArrayList<>();
        for (int i = 0; i <= 100; i++) {
            logs.add(RequestLog.builder("GET", "/api/pets", i % 20 == 19 ? 500 : 200).responseTimeMs(i));
        }
        for (int i = 0; i < 20; i++) {
            logs.add(RequestLog.builder("POST", "/api/pets", i % 5 == 0 ? 400 : 201).responseTimeMs(200));
        }
        for (int i = 1; i <= 10; i++) {
            logs.add(RequestLog.builder("GET", "/api/pets/" + i, 404).responseTimeMs(3));
        }
        // interleave the endpoints over time: log k of the shuffled order at T0 + 55 s * k
        List<RequestLog> out = new ArrayList<>();
        for (int k = 0; k < logs.size(); k++) {
            RequestLog.Builder b = logs.get((k * 37) % logs.size()); // 37 and 131 are coprime: a permutation
            String scenario = k < 50 ? "happy" : k < 90 ? "pets-down" : "happy";
            out.add(b.timestamp(T0.plusSeconds(55L * k)).serverId(id).scenarioName(scenario).build());
        }
        db.requestLogs().appendAll(out);
        return id;
    }
}
