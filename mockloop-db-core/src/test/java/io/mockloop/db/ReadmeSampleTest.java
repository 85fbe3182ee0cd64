package io.mockloop.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.mockloop.db.scenario.EndpointResponse;
import io.mockloop.db.scenario.MockResponseResolver;
import io.mockloop.db.scenario.NewScenario;
import io.mockloop.db.scenario.ResolvedResponse;
import io.mockloop.db.scenario.ScenarioConfig;
import io.mockloop.db.server.MockServer;
import io.mockloop.db.server.ServerRegistration;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's "first program", verbatim apart from the file location and the assertions: it must keep working. */
class ReadmeSampleTest {

    @TempDir
    Path dir;

    @Test
    void theReadmesFirstProgramWorks() {
        try (MockLoopDb db = MockLoopDb.open(dir.resolve("db/mockloop.db"))) {
            MockServer server = db.servers().register(
                    ServerRegistration.of("Pet Store", "specs/petstore.yaml", "out/petstore").withPort(8080));

            ScenarioConfig failing = ScenarioConfig.empty()
                    .withEndpoint(EndpointResponse.of("GET", "/pets/{petId}", 503, "{\"error\":\"down\"}"));
            db.scenarios().create(NewScenario.of(server.id(), "pets-down", failing));
            db.scenarios().activate(server.id(), "pets-down");

            MockResponseResolver resolver = db.mockResponses().resolver();
            Optional<ResolvedResponse> resolved = resolver.resolve(server.id(), "GET", "/pets/42");
            assertThat(resolved).hasValueSatisfying(r -> {
                assertThat(r.status()).isEqualTo(503);
                assertThat(r.pathParams()).isEqualTo(Map.of("petId", "42"));
            });

            db.useTransaction(tx -> {
                tx.scenarios().deactivate(server.id());
                tx.webhooks().publish(server.id(), "scenario.changed", "{\"scenario\":null}");
            });
            assertThat(db.scenarios().active(server.id())).isEmpty();
            assertThat(server.id()).isEqualTo("pet-store");
        }
    }
}
