package io.mockloop.db.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.mockloop.db.MockLoopDb;
import io.mockloop.db.junit.Fixtures;
import io.mockloop.db.junit.MockLoopDbExtension;
import io.mockloop.db.log.LogFilter;
import io.mockloop.db.log.RequestLogStore;
import io.mockloop.db.scenario.EndpointResponse;
import io.mockloop.db.scenario.MockResponseSpec;
import io.mockloop.db.scenario.ResolvedResponse;
import io.mockloop.db.scenario.ScenarioStore;
import io.mockloop.db.server.MockServer;
import io.mockloop.db.server.ServerRegistry;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * How a host application tests against mockloop-db with the JUnit 5 extension (module mockloop-db-junit): every
 * test gets a fresh, migrated in-memory SQLite database (a copy of a template migrated once per JVM, so it costs
 * milliseconds), seeded with the same fixture, and the database or any of its stores is injected as a parameter.
 * {@link Fixtures} builds the usual setup: a server with scenarios and responses, a batch of request logs.
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

    @Test
    void aBatchOfRequestLogsWithChosenStatusesAndTimes(MockLoopDb db, RequestLogStore logs) {
        String id = db.servers().findByName("Pet Store").orElseThrow().id();
        Instant nineAm = Instant.parse("2026-03-02T09:00:00Z");

        // 100 requests one second apart, every fourth one failing, answered in 10, 20, 30 or 400 ms
        Fixtures.logs().server(id).endpoint("GET", "/pets/7").statuses(200, 200, 200, 503)
                .responseTimesMs(10, 20, 30, 400).count(100).startingAt(nineAm).every(Duration.ofSeconds(1))
                .appendTo(db);

        LogFilter firstMinute = LogFilter.builder().server(id).from(nineAm).to(nineAm.plusSeconds(60)).build();
        assertThat(logs.count(firstMinute)).isEqualTo(60);
        assertThat(logs.endpointStats(LogFilter.builder().server(id).build())).singleElement().satisfies(s -> {
            assertThat(s.count()).isEqualTo(100);
            assertThat(s.errorRate()).isEqualTo(0.25);
            assertThat(s.p50Ms().orElseThrow()).isLessThan(s.p99Ms().orElseThrow());
        });
    }
}
