package io.mockloop.db.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.mockloop.db.MockLoopDb;
import io.mockloop.db.junit.Fixtures;
import io.mockloop.db.junit.MockLoopDbExtension;
import io.mockloop.db.scenario.EndpointResponse;
import io.mockloop.db.scenario.MockResponseSpec;
import io.mockloop.db.scenario.ResolvedResponse;
import io.mockloop.db.scenario.ScenarioStore;
import io.mockloop.db.server.MockServer;
import io.mockloop.db.server.ServerRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * How a host application tests against mockloop-db with the JUnit 5 extension (module mockloop-db-junit): every
 * test gets a fresh, migrated in-memory SQLite database (a copy of a template migrated once per JVM, so it costs
 * milliseconds), seeded with the same fixture, and the database or any of its stores is injected as a parameter.
 * The build runs this class like any other test.
 *
 * <p>The annotation form is {@code @MockLoopDbTest} on the class; {@code MockLoopDbExtension.server(url)} runs the
 * same tests on PostgreSQL or MariaDB, each class in a schema of its own.
 */
class JUnitUsage {

    /** A server with two scenarios and a default response, the first scenario active: created for every test. */
    static final Fixtures.ServerBuilder PET_STORE = Fixtures.server("Pet Store").port(8080)
            .scenario("happy-path", EndpointResponse.of("GET", "/pets/{petId}", 200, "{\"name\": \"Rex\"}"))
            .scenario("pets-missing", EndpointResponse.of("GET", "/pets/{petId}", 404, "{\"error\": \"gone\"}"))
            .response(MockResponseSpec.of("GET", "/health").withResponse(200, "ok").asDefault(true))
            .activate("happy-path");

    @RegisterExtension
    static final MockLoopDbExtension DB = MockLoopDbExtension.inMemory().seed(PET_STORE::createIn);

    @Test
    void theSeededServerAnswersFromItsActiveScenario(MockLoopDb db) {
        MockServer pets = db.servers().findByName("Pet Store").orElseThrow();

        ResolvedResponse r = db.mockResponses().resolve(pets.id(), "GET", "/pets/7").orElseThrow();

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.pathParams()).containsEntry("petId", "7");
        assertThat(r.scenario()).hasValue("happy-path");
    }

    @Test
    void switchingTheScenarioChangesTheAnswer(MockLoopDb db, ServerRegistry servers, ScenarioStore scenarios) {
        String id = servers.findByName("Pet Store").orElseThrow().id();

        scenarios.activate(id, "pets-missing");

        assertThat(db.mockResponses().resolve(id, "GET", "/pets/7").orElseThrow().status()).isEqualTo(404);
        assertThat(db.mockResponses().resolve(id, "GET", "/health").orElseThrow().body()).hasValue("ok");
    }

    @Test
    void everyTestStartsFromTheSeedAgain(ServerRegistry servers, ScenarioStore scenarios) {
        // whatever the test above switched or added is gone: this is a new database, seeded again
        assertThat(servers.list()).hasSize(1);
        assertThat(scenarios.activeScenarios()).singleElement()
                .satisfies(a -> assertThat(a.scenarioName()).isEqualTo("happy-path"));
    }
}
