package io.mockloop.db.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mockloop.db.ConflictException;
import io.mockloop.db.MockLoopDb;
import io.mockloop.db.ValidationException;
import io.mockloop.db.junit.Fixtures.ServerFixture;
import io.mockloop.db.log.LogFilter;
import io.mockloop.db.log.RequestLog;
import io.mockloop.db.scenario.EndpointResponse;
import io.mockloop.db.scenario.MockResponseSpec;
import io.mockloop.db.scenario.ResolvedResponse;
import io.mockloop.db.scenario.Scenario;
import io.mockloop.db.server.ServerRegistration;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
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

    @Test
    void aBatchOfLogsHasTheChosenStatusesTimesAndTimestamps(MockLoopDb db) {
        ServerFixture pets = PETS.createIn(db);
        Instant start = Instant.parse("2026-03-08T06:59:59.500Z");

        List<RequestLog> built = Fixtures.logs().server(pets.serverId()).endpoint("POST", "/pets")
                .statuses(201, 400, 500).responseTimesMs(5, 50).count(7)
                .startingAt(start).every(Duration.ofMillis(250)).scenario("happy")
                .appendTo(db);

        assertThat(built).hasSize(7);
        List<RequestLog> stored = db.requestLogs().list(
                LogFilter.builder().server(pets.serverId()).oldestFirst().build(), 100);
        assertThat(stored).extracting(RequestLog::responseStatus).containsExactly(201, 400, 500, 201, 400, 500, 201);
        assertThat(stored).extracting(RequestLog::responseTimeMs).containsExactly(5, 50, 5, 50, 5, 50, 5);
        assertThat(stored).extracting(RequestLog::timestamp).containsExactly(start, start.plusMillis(250),
                start.plusMillis(500), start.plusMillis(750), start.plusMillis(1000), start.plusMillis(1250),
                start.plusMillis(1500));
        assertThat(stored).allSatisfy(l -> {
            assertThat(l.method()).isEqualTo("POST");
            assertThat(l.path()).isEqualTo("/pets");
            assertThat(l.scenarioName()).isEqualTo("happy");
        });
        assertThat(db.requestLogs().count(LogFilter.builder().server(pets.serverId()).status(500).build()))
                .isEqualTo(2);
    }

    @Test
    void byDefaultLogsAreRecentEndingNowAndOnePerStatus(MockLoopDb db) {
        Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);

        List<RequestLog> logs = Fixtures.logs().statuses(200, 404).appendTo(db);

        assertThat(db.requestLogs().count(LogFilter.ALL)).isEqualTo(2);
        assertThat(logs.get(1).timestamp()).isAfterOrEqualTo(before).isBeforeOrEqualTo(Instant.now());
        assertThat(logs.get(0).timestamp()).isEqualTo(logs.get(1).timestamp().minusSeconds(1));
        assertThat(logs).extracting(RequestLog::method, RequestLog::path, RequestLog::responseTimeMs)
                .containsOnly(org.assertj.core.groups.Tuple.tuple("GET", "/", 10));
    }

    @Test
    void aBatchBreakingAWriteRuleWritesNothing(MockLoopDb db) {
        assertThatThrownBy(() -> Fixtures.logs().statuses(200, 700).appendTo(db))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("logs[1]");
        assertThat(db.requestLogs().count(LogFilter.ALL)).isZero();
    }

    @Test
    void impossibleBatchesAreRefusedWhenBuilt() {
        assertThatThrownBy(() -> Fixtures.logs().count(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("count must be >= 1 (was 0)");
        assertThatThrownBy(() -> Fixtures.logs().statuses())
                .isInstanceOf(IllegalArgumentException.class).hasMessage("statuses must not be empty");
        assertThatThrownBy(() -> Fixtures.logs().every(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("every must not be negative (was PT-1S)");
    }
}
