package io.mockloop.db.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mockloop.db.ConflictException;
import io.mockloop.db.MockLoopDb;
import io.mockloop.db.NotFoundException;
import io.mockloop.db.ValidationException;
import io.mockloop.db.log.LogFilter;
import io.mockloop.db.log.RequestLog;
import io.mockloop.db.server.ServerRegistration;
import io.mockloop.db.testing.DbTarget;
import io.mockloop.db.testing.TestDatabase;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link ScenarioStore#createFromTraffic}: recorded request logs frozen into a scenario that, once active, answers
 * what was recorded, on every database.
 */
class TrafficFreezeTest {

    static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");

    private static MockLoopDb withServer(DbTarget target) {
        MockLoopDb db = TestDatabase.fresh(target);
        db.servers().register(ServerRegistration.of("Pet Store", "/specs/petstore.yaml", "/out").withId("ps"));
        return db;
    }

    private static RequestLog.Builder log(String method, String path, int status, String body, int minute) {
        return RequestLog.builder(method, path, status).serverId("ps").responseBody(body)
                .timestamp(T0.plusSeconds(60L * minute));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, mode = EnumSource.Mode.EXCLUDE, names = "POSTGRESQL_PARTITIONED")
    void theMostRecentResponseOfEveryEndpointIsServedOnceTheScenarioIsActive(DbTarget target) {
        MockLoopDb db = withServer(target);
        db.requestLogs().appendAll(List.of(
                log("GET", "/pets/1", 200, "{\"name\":\"old\"}", 0).build(),
                log("GET", "/pets/1", 200, "{\"name\":\"Rex\"}", 5).responseHeader("Content-Type", "application/json")
                        .responseHeader("Connection", "keep-alive").responseHeader("Content-Length", "14")
                        .responseHeader("Transfer-Encoding", "chunked").responseHeader("Proxy-Agent", "squid")
                        .responseHeader("Set-Cookie", "session=secret").responseHeader("X-Trace", "a", "b").build(),
                log("post", "/pets", 201, "{\"id\":2}", 3).build(),
                log("GET", "/nothing-here", 404, "no mock", 6).unmatched(true).build(),
                log("GET", "/other-server", 200, "x", 1).serverId("shop").build()));

        Scenario s = db.scenarios().createFromTraffic("ps", "recorded", LogFilter.ALL, FreezeOptions.DEFAULTS);

        assertThat(s.active()).isFalse();
        assertThat(s.description()).contains("Frozen from 3 request logs (most recent response per endpoint)");
        assertThat(s.config().endpoints()).extracting(e -> e.method() + " " + e.pathTemplate() + " " + e.status())
                .containsExactly("POST /pets 201", "GET /pets/1 200");
        db.scenarios().activate("ps", "recorded");
        ResolvedResponse pet = db.mockResponses().resolver().resolve("ps", "GET", "/pets/1").orElseThrow();
        assertThat(pet.status()).isEqualTo(200);
        assertThat(pet.body()).contains("{\"name\":\"Rex\"}");
        // hop-by-hop, Content-Length and the redacted Set-Cookie left out; several values joined
        assertThat(pet.headers()).containsExactly(Map.entry("Content-Type", "application/json"),
                Map.entry("X-Trace", "a, b"));
        assertThat(pet.delayMs()).isZero();
        assertThat(db.mockResponses().resolve("ps", "POST", "/pets").orElseThrow().body()).contains("{\"id\":2}");
        assertThat(db.mockResponses().resolve("ps", "GET", "/nothing-here")).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, mode = EnumSource.Mode.EXCLUDE, names = "POSTGRESQL_PARTITIONED")
    void theMostFrequentResponseWinsWithTheMedianDelayWhenAsked(DbTarget target) {
        MockLoopDb db = withServer(target);
        db.requestLogs().appendAll(List.of(
                log("GET", "/flaky", 200, "ok", 0).responseTimeMs(10).build(),
                log("GET", "/flaky", 200, "ok", 1).responseTimeMs(30).build(),
                log("GET", "/flaky", 200, "ok", 2).responseTimeMs(20).build(),
                log("GET", "/flaky", 503, "down", 3).responseTimeMs(1000).build(),
                log("GET", "/flaky", 503, "down", 4).build()));

        Scenario s = db.scenarios().createFromTraffic("ps", "usual", LogFilter.ALL, FreezeOptions.DEFAULTS
                .withPick(FreezeOptions.Pick.MOST_FREQUENT).withMedianDelay(true));

        assertThat(s.config().endpoints()).singleElement().satisfies(e -> {
            assertThat(e.status()).isEqualTo(200);
            assertThat(e.body()).contains("ok");
            assertThat(e.delayMs()).isEqualTo(25); // median of 10, 20, 30, 1000; the untimed log left out
        });
        Scenario recent = db.scenarios().createFromTraffic("ps", "latest", LogFilter.ALL, FreezeOptions.DEFAULTS);
        assertThat(recent.config().endpoints()).singleElement().satisfies(e -> assertThat(e.status()).isEqualTo(503));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, mode = EnumSource.Mode.EXCLUDE, names = "POSTGRESQL_PARTITIONED")
    void numericAndUuidSegmentsSeenWithSeveralValuesBecomeTemplates(DbTarget target) {
        MockLoopDb db = withServer(target);
        String a = "3f2504e0-4f89-11d3-9a0c-0305e82c3301";
        String b = "6ba7b810-9dad-11d1-80b4-00c04fd430c8";
        db.requestLogs().appendAll(List.of(
                log("GET", "/pets/1", 200, "one", 0).build(),
                log("GET", "/pets/2", 200, "two", 1).build(),
                log("GET", "/users/" + a + "/orders/5", 200, "a5", 2).build(),
                log("GET", "/users/" + b + "/orders/5", 200, "b5", 3).build(),
                log("GET", "/stores/9", 200, "only one store seen", 4).build()));

        Scenario s = db.scenarios().createFromTraffic("ps", "templated", LogFilter.builder().server("ps").build(),
                FreezeOptions.DEFAULTS.withTemplateIds(true));

        assertThat(s.config().endpoints()).extracting(e -> e.pathTemplate() + " " + e.body().orElse(""))
                .containsExactly("/pets/{id} two", "/stores/9 only one store seen", "/users/{id}/orders/5 b5");
        db.scenarios().activate("ps", "templated");
        ResolvedResponse r = db.mockResponses().resolve("ps", "GET", "/pets/77").orElseThrow();
        assertThat(r.pathParams()).containsExactly(Map.entry("id", "77"));
        assertThat(db.mockResponses().resolve("ps", "GET", "/stores/10")).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, mode = EnumSource.Mode.EXCLUDE, names = "POSTGRESQL_PARTITIONED")
    void anExistingScenarioNameIsAConflictAndNothingChanges(DbTarget target) {
        MockLoopDb db = withServer(target);
        db.requestLogs().append(log("GET", "/a", 200, "a", 0).build());
        db.scenarios().create(NewScenario.of("ps", "taken", ScenarioConfig.empty()));

        assertThatThrownBy(() -> db.scenarios().createFromTraffic("ps", "taken", LogFilter.ALL, FreezeOptions.DEFAULTS))
                .isInstanceOf(ConflictException.class).hasMessage("scenario 'taken' already exists for server 'ps'");
        assertThat(db.scenarios().get("ps", "taken").config().endpoints()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, mode = EnumSource.Mode.EXCLUDE, names = "POSTGRESQL_PARTITIONED")
    void aFilterThatSelectsNothingIsRefusedByNameAndCreatesNothing(DbTarget target) {
        MockLoopDb db = withServer(target);
        db.requestLogs().append(log("GET", "/a", 200, "a", 0).build());

        assertThatThrownBy(() -> db.scenarios().createFromTraffic("ps", "empty",
                LogFilter.builder().from(T0.plusSeconds(3600)).build(), FreezeOptions.DEFAULTS))
                .isInstanceOf(ValidationException.class)
                .hasMessageStartingWith("filter must select at least one request log of server 'ps' to freeze")
                .extracting(e -> ((ValidationException) e).field()).isEqualTo("filter");
        assertThat(db.scenarios().find("ps", "empty")).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, names = "SQLITE_MEMORY")
    void anUnknownServerIsNotFound(DbTarget target) {
        MockLoopDb db = withServer(target);
        assertThatThrownBy(() -> db.scenarios().createFromTraffic("nope", "x", LogFilter.ALL, FreezeOptions.DEFAULTS))
                .isInstanceOf(NotFoundException.class).hasMessage("server 'nope' not found");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, names = "SQLITE_MEMORY")
    void aBlankNameIsRefusedByName(DbTarget target) {
        MockLoopDb db = withServer(target);
        assertThatThrownBy(() -> db.scenarios().createFromTraffic("ps", " ", LogFilter.ALL, FreezeOptions.DEFAULTS))
                .isInstanceOf(ValidationException.class).hasMessage("name must not be blank (was ' ')");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, names = "SQLITE_MEMORY")
    void missingOptionsAreRefusedByName(DbTarget target) {
        MockLoopDb db = withServer(target);
        assertThatThrownBy(() -> db.scenarios().createFromTraffic("ps", "x", LogFilter.ALL, null))
                .isInstanceOf(NullPointerException.class).hasMessage("options");
    }
}
