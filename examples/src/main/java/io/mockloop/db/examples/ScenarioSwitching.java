package io.mockloop.db.examples;

import io.mockloop.db.MockLoopDb;
import io.mockloop.db.scenario.EndpointResponse;
import io.mockloop.db.scenario.MockResponseResolver;
import io.mockloop.db.scenario.MockResponseSpec;
import io.mockloop.db.scenario.NewScenario;
import io.mockloop.db.scenario.ResolvedResponse;
import io.mockloop.db.scenario.ScenarioConfig;
import io.mockloop.db.server.MockServer;
import io.mockloop.db.server.ServerRegistration;
import java.util.List;
import java.util.Map;

/**
 * Programmatic scenario switching: register a server, create two scenarios, switch between them and resolve a
 * request through the cached resolver after each switch, then copy a scenario to another server through its JSON
 * export. Runs on an in-memory SQLite database.
 */
public final class ScenarioSwitching {

    private ScenarioSwitching() {
    }

    /** @param args ignored */
    public static void main(String[] args) {
        try (MockLoopDb db = MockLoopDb.inMemory()) {
            MockServer server = db.servers().register(
                    ServerRegistration.of("Pet Store", "specs/petstore.yaml", "generated/petstore").withPort(8080));
            db.servers().markStarting(server.id());
            db.servers().markRunning(server.id(), (int) ProcessHandle.current().pid(), 8080);

            db.scenarios().create(NewScenario.of(server.id(), "happy-path", new ScenarioConfig(List.of(
                    EndpointResponse.of("GET", "/pets/{petId}", 200, "{\"id\": 1, \"name\": \"Rex\"}")
                            .withHeaders(Map.of("Content-Type", "application/json"))), Map.of("owner", "qa"))));
            db.scenarios().create(NewScenario.of(server.id(), "pets-missing", new ScenarioConfig(List.of(
                    EndpointResponse.of("GET", "/pets/{petId}", 404, "{\"error\": \"not found\"}")), Map.of())));
            db.mockResponses().add(server.id(), MockResponseSpec.of("GET", "/health").withResponse(200, "ok")
                    .asDefault(true));

            MockResponseResolver resolver = db.mockResponses().resolver();
            for (String scenario : List.of("happy-path", "pets-missing")) {
                db.scenarios().activate(server.id(), scenario)
                        .ifPresent(previous -> System.out.println("switched away from " + previous.name()));
                ResolvedResponse pet = resolver.resolve(server.id(), "GET", "/pets/42").orElseThrow();
                ResolvedResponse health = resolver.resolve(server.id(), "GET", "/health").orElseThrow();
                System.out.printf("[%s] GET /pets/42 -> %d %s (params %s, from %s)%n", scenario, pet.status(),
                        pet.body().orElse(""), pet.pathParams(), pet.source());
                System.out.printf("[%s] GET /health  -> %d %s (from %s)%n", scenario, health.status(),
                        health.body().orElse(""), health.source());
            }
            // a scenario travels as JSON: export it here, import it into another server or database
            String json = db.scenarios().exportScenario(server.id(), "happy-path");
            MockServer copy = db.servers().register(
                    ServerRegistration.of("Pet Store copy", "specs/petstore.yaml", "generated/petstore-copy"));
            System.out.println("exported happy-path as " + json.length() + " characters of JSON, imported as '"
                    + db.scenarios().importScenario(copy.id(), json).name() + "' into " + copy.name());
        }
    }
}
