package io.mockloop.db.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mockloop.db.MockLoopDb;
import io.mockloop.db.ValidationException;
import io.mockloop.db.scenario.MissReason.Kind;
import io.mockloop.db.server.ServerRegistration;
import io.mockloop.db.testing.DbTarget;
import io.mockloop.db.testing.TestDatabase;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link MockResponseResolver#explain} and {@link MockResponseStore#explain}: the match, or the nearest mocks with
 * the reasons each missed, the same from the database and from the cached resolvers, on every database.
 */
class NearMissTest {

    /**
     * Server "ps": active scenario "happy" with GET /pets/{petId} and GET /pets (config), inactive scenario
     * "outage" with GET /health (config) and a bound row GET /status; a default row DELETE /pets/{petId}. Server
     * "other": a default GET /orders/{id}.
     */
    private static MockLoopDb fixture(DbTarget target) {
        MockLoopDb db = TestDatabase.fresh(target);
        db.servers().register(ServerRegistration.of("Pet Store", "/specs/petstore.yaml", "/out").withId("ps"));
        db.servers().register(ServerRegistration.of("Shop", "/specs/shop.yaml", "/out").withId("other"));
        db.scenarios().create(NewScenario.of("ps", "happy", new ScenarioConfig(List.of(
                EndpointResponse.of("GET", "/pets/{petId}", 200, "{\"id\":1}"),
                EndpointResponse.of("GET", "/pets", 200, "[]")), Map.of())));
        db.scenarios().create(NewScenario.of("ps", "outage", new ScenarioConfig(List.of(
                EndpointResponse.of("GET", "/health", 503, "down")), Map.of())));
        db.mockResponses().add("ps", MockResponseSpec.of("GET", "/status").withResponse(503, "down")
                .inScenario("outage"));
        db.mockResponses().add("ps", MockResponseSpec.of("DELETE", "/pets/{petId}").withResponse(204)
                .asDefault(true));
        db.mockResponses().add("other", MockResponseSpec.of("GET", "/orders/{id}").withResponse(200, "{}")
                .asDefault(true));
        db.scenarios().activate("ps", "happy");
        return db;
    }

    /** The database lookup, the shared cached resolver and a fresh one must explain alike. */
    private static List<Function<MockLoopDb, MissExplanation>> explainers(String method, String path) {
        return List.of(db -> db.mockResponses().explain("ps", method, path),
                db -> db.mockResponses().resolver().explain("ps", method, path),
                db -> {
                    try (MockResponseResolver r = db.mockResponses().resolver(Duration.ofHours(1))) {
                        return r.explain("ps", method, path);
                    }
                });
    }

    private static MissExplanation explainAlike(MockLoopDb db, String method, String path) {
        List<MissExplanation> all = explainers(method, path).stream().map(f -> f.apply(db)).toList();
        assertThat(all).as("database, shared and fresh resolver").allSatisfy(e -> assertThat(e).isEqualTo(all.get(0)));
        return all.get(0);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, mode = EnumSource.Mode.EXCLUDE, names = "POSTGRESQL_PARTITIONED")
    void aMatchedRequestIsExplainedByItsMatchAlone(DbTarget target) {
        MockLoopDb db = fixture(target);
        MissExplanation e = explainAlike(db, "get", "/pets/42?x=1");
        assertThat(e.matched()).isTrue();
        assertThat(e.method()).isEqualTo("GET");
        assertThat(e.match().orElseThrow().pathParams()).containsExactly(Map.entry("petId", "42"));
        assertThat(e.nearest()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, mode = EnumSource.Mode.EXCLUDE, names = "POSTGRESQL_PARTITIONED")
    void aWrongMethodIsNamedWithTheMethodTheMockAnswers(DbTarget target) {
        MockLoopDb db = fixture(target);
        MissExplanation e = explainAlike(db, "PUT", "/pets/42");
        assertThat(e.matched()).isFalse();
        assertThat(e.nearest()).hasSize(3);
        // GET /pets/{petId} (active scenario) before DELETE /pets/{petId} (default): same distance, precedence
        assertThat(e.nearest().get(0)).satisfies(n -> {
            assertThat(n.method() + " " + n.pathTemplate()).isEqualTo("GET /pets/{petId}");
            assertThat(n.source()).isEqualTo(ResolvedResponse.Source.SCENARIO_CONFIG);
            assertThat(n.scenario()).contains("happy");
            assertThat(n.reasons()).containsExactly(new MissReason(Kind.METHOD_DIFFERS, "GET", OptionalInt.empty()));
        });
        assertThat(e.nearest().get(1).method() + " " + e.nearest().get(1).pathTemplate())
                .isEqualTo("DELETE /pets/{petId}");
        assertThat(e.nearest().get(1).responseId()).isPresent();
        // GET /pets: method and a missing segment
        assertThat(e.nearest().get(2).reasons()).extracting(MissReason::kind)
                .containsExactly(Kind.METHOD_DIFFERS, Kind.PATH_SEGMENT_DIFFERS);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, mode = EnumSource.Mode.EXCLUDE, names = "POSTGRESQL_PARTITIONED")
    void aDifferingPathSegmentIsNamedByItsPosition(DbTarget target) {
        MockLoopDb db = fixture(target);
        MissExplanation e = explainAlike(db, "GET", "/pet/42");
        NearMiss first = e.nearest().get(0);
        assertThat(first.pathTemplate()).isEqualTo("/pets/{petId}");
        assertThat(first.reasons()).singleElement().satisfies(r -> {
            assertThat(r.kind()).isEqualTo(Kind.PATH_SEGMENT_DIFFERS);
            assertThat(r.segment()).hasValue(1);
            assertThat(r.detail()).isEqualTo("segment 1: 'pet' where the mock has 'pets'");
        });
        // the other server's default GET /orders/{id} would not match: never a candidate
        assertThat(e.nearest()).noneMatch(n -> n.has(Kind.DEFAULT_ON_OTHER_SERVER));
        // one edit from 'pets' ranks above the two-segment /pets path
        assertThat(e.nearest()).extracting(n -> n.method() + " " + n.pathTemplate())
                .startsWith("GET /pets/{petId}");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, mode = EnumSource.Mode.EXCLUDE, names = "POSTGRESQL_PARTITIONED")
    void aMockOfAnInactiveScenarioIsNamedWithTheScenario(DbTarget target) {
        MockLoopDb db = fixture(target);
        assertThat(explainAlike(db, "GET", "/health").nearest().get(0)).satisfies(n -> {
            assertThat(n.source()).isEqualTo(ResolvedResponse.Source.SCENARIO_CONFIG);
            assertThat(n.reasons()).containsExactly(
                    new MissReason(Kind.SCENARIO_NOT_ACTIVE, "outage", OptionalInt.empty()));
        });
        assertThat(explainAlike(db, "GET", "/status").nearest().get(0)).satisfies(n -> {
            assertThat(n.source()).isEqualTo(ResolvedResponse.Source.SCENARIO_RESPONSE);
            assertThat(n.status()).isEqualTo(503);
            assertThat(n.reasons()).extracting(MissReason::kind).containsExactly(Kind.SCENARIO_NOT_ACTIVE);
        });
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, mode = EnumSource.Mode.EXCLUDE, names = "POSTGRESQL_PARTITIONED")
    void aDefaultOfAnotherServerIsNamedWithThatServer(DbTarget target) {
        MockLoopDb db = fixture(target);
        MissExplanation e = explainAlike(db, "GET", "/orders/7");
        assertThat(e.nearest().get(0)).satisfies(n -> {
            assertThat(n.serverId()).isEqualTo("other");
            assertThat(n.reasons()).containsExactly(
                    new MissReason(Kind.DEFAULT_ON_OTHER_SERVER, "other", OptionalInt.empty()));
        });
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, mode = EnumSource.Mode.EXCLUDE, names = "POSTGRESQL_PARTITIONED")
    void activatingTheScenarioTurnsTheMissIntoAMatchAtOnce(DbTarget target) {
        MockLoopDb db = fixture(target);
        assertThat(db.mockResponses().resolver().explain("ps", "GET", "/health").matched()).isFalse();
        db.scenarios().activate("ps", "outage");
        assertThat(explainAlike(db, "GET", "/health").match().orElseThrow().status()).isEqualTo(503);
        // DELETE /pets/{petId} (a default: only the method differs) ranks before the now inactive GET /pets/{petId}
        assertThat(explainAlike(db, "GET", "/pets/1").nearest()).extracting(n -> n.method() + " " + n.pathTemplate()
                + " " + n.reasons().stream().map(MissReason::detail).toList())
                .containsExactly("DELETE /pets/{petId} [DELETE]", "GET /pets/{petId} [happy]",
                        "GET /pets [segment 2: '1' is not in the mock's path, happy]");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, names = "SQLITE_MEMORY")
    void aRequestWithNothingNearHasNoNearMisses(DbTarget target) {
        MockLoopDb db = fixture(target);
        assertThat(explainAlike(db, "GET", "/completely/unrelated").nearest()).isEmpty();
        assertThat(db.mockResponses().explain("nosuchserver", "GET", "/pets/1").nearest()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, names = "SQLITE_MEMORY")
    void aBlankServerIdIsRefusedByName(DbTarget target) {
        MockLoopDb db = fixture(target);
        for (var f : List.<Runnable>of(() -> db.mockResponses().explain(" ", "GET", "/x"),
                () -> db.mockResponses().resolver().explain(" ", "GET", "/x"))) {
            assertThatThrownBy(f::run).isInstanceOf(ValidationException.class)
                    .hasMessage("serverId must not be blank (was ' ')");
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, names = "SQLITE_MEMORY")
    void aMethodThatIsNoHttpTokenIsRefusedByName(DbTarget target) {
        MockLoopDb db = fixture(target);
        assertThatThrownBy(() -> db.mockResponses().resolver().explain("ps", "GE T", "/x"))
                .isInstanceOf(ValidationException.class).hasMessage("method must be an HTTP token (was 'GE T')");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, names = "SQLITE_MEMORY")
    void aPathWithoutLeadingSlashIsRefusedByName(DbTarget target) {
        MockLoopDb db = fixture(target);
        assertThatThrownBy(() -> db.mockResponses().explain("ps", "GET", "pets"))
                .isInstanceOf(ValidationException.class).hasMessage("path must start with '/' (was 'pets')");
    }
}
