package io.mockloop.db.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mockloop.db.ConflictException;
import io.mockloop.db.MockLoopDb;
import io.mockloop.db.ValidationException;
import io.mockloop.db.junit.Fixtures.ServerFixture;
import io.mockloop.db.scenario.EndpointResponse;
import io.mockloop.db.scenario.MockResponseSpec;
import io.mockloop.db.scenario.ResolvedResponse;
import io.mockloop.db.scenario.Scenario;
import io.mockloop.db.server.ServerRegistration;
import org.junit.jupiter.api.Test;

/** The fixture helpers write what they are given through the public stores, all or nothing. */
@MockLoopDbTest
class FixturesTest {

    private static final Fixtures.ServerBuilder PETS = Fixtures.server("Pet Store").port(8080)
            .scenario("happy", EndpointResponse.of("GET", "/pets/{id}", 200, "{\"id\": 1}"))
            .scenario("broken", EndpointResponse.of("GET", "/pets/{id}", 500, "oops"))
            .response(MockResponseSpec.of("GET", "/health").withResponse(200, "ok").asDefault(true))
            .activate("happy");

    @Test
    void aServerWithScenariosAndResponsesIsCreatedInOneCall(MockLoopDb db) {
        ServerFixture pets = PETS.createIn(db);

        assertThat(db.servers().get(pets.serverId()).name()).isEqualTo("Pet Store");
        assertThat(pets.server().port()).hasValue(8080);
        assertThat(pets.scenarios()).extracting(Scenario::name).containsExactlyInAnyOrder("happy", "broken");
        assertThat(pets.scenario("happy")).hasValueSatisfying(s -> assertThat(s.active()).isTrue());
        assertThat(pets.scenario("broken")).hasValueSatisfying(s -> assertThat(s.active()).isFalse());
        assertThat(pets.scenario("missing")).isEmpty();
        assertThat(pets.responses()).hasSize(1);
        assertThat(db.scenarios().active(pets.serverId())).map(Scenario::name).hasValue("happy");

        ResolvedResponse pet = db.mockResponses().resolve(pets.serverId(), "GET", "/pets/7").orElseThrow();
        assertThat(pet.status()).isEqualTo(200);
        assertThat(db.mockResponses().resolve(pets.serverId(), "GET", "/health").orElseThrow().body()).hasValue("ok");
    }

    @Test
    void oneBuilderCreatesTheSameFixtureInManyDatabases(MockLoopDb db) {
        try (MockLoopDb other = MockLoopDbExtension.newInMemoryDatabase()) {
            ServerFixture here = PETS.createIn(db);
            ServerFixture there = PETS.createIn(other);
            assertThat(there.scenarios()).hasSameSizeAs(here.scenarios());
            assertThat(other.servers().list()).hasSize(1);
        }
    }

    @Test
    void activatingAScenarioNotInTheFixtureIsRefusedBeforeAnythingIsWritten(MockLoopDb db) {
        assertThatThrownBy(() -> PETS.activate("nope").createIn(db))
                .isInstanceOf(ValidationException.class)
                .hasMessage("activate must name a scenario of the fixture [happy, broken] (was 'nope')");
        assertThat(db.servers().list()).isEmpty();
    }

    @Test
    void aRefusedPartRollsBackTheWholeFixture(MockLoopDb db) {
        Fixtures.ServerBuilder fixed = PETS.registration(
                ServerRegistration.of("Pet Store", "specs/pets.yaml", "generated/pets").withId("pets"));
        fixed.createIn(db);
        // the same id again: the registration is refused, so no scenario or response is added either
        assertThatThrownBy(() -> fixed.createIn(db)).isInstanceOf(ConflictException.class);
        assertThat(db.servers().list()).hasSize(1);
        assertThat(db.scenarios().list(db.servers().list().get(0).id())).hasSize(2);
    }
}
