package io.mockloop.db.scenario;

import static io.mockloop.db.internal.jooq.generated.Tables.MOCK_RESPONSES;
import static io.mockloop.db.internal.jooq.generated.Tables.SCENARIOS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.mockloop.db.MockLoopDb;
import io.mockloop.db.NotFoundException;
import io.mockloop.db.ValidationException;
import io.mockloop.db.scenario.ResolvedResponse.Source;
import io.mockloop.db.server.ServerRegistration;
import io.mockloop.db.testing.DbTarget;
import io.mockloop.db.testing.InternalAccess;
import io.mockloop.db.testing.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Contract of {@link MockResponseStore} ({@code db.mockResponses()}) and its cached resolver on every database. */
class MockResponseStoreTest {

    private static MockLoopDb withServer(DbTarget target) {
        MockLoopDb db = TestDatabase.fresh(target);
        db.servers().register(ServerRegistration.of("Pet Store", "/specs/petstore.yaml", "/out").withId("ps"));
        return db;
    }

    private static void scenario(MockLoopDb db, String name, EndpointResponse... endpoints) {
        db.scenarios().create(NewScenario.of("ps", name, new ScenarioConfig(List.of(endpoints), Map.of())));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, mode = EnumSource.Mode.EXCLUDE, names = "POSTGRESQL_PARTITIONED")
    void addedResponsesReadBackWithEveryField(DbTarget target) {
        MockLoopDb db = withServer(target);
        scenario(db, "happy");
        MockResponse r = db.mockResponses().add("ps", MockResponseSpec.of("get", "/pets/{petId}")
                .withResponse(404, "{\"error\":\"none\"}").withHeaders(orderedHeaders()).withDelayMs(150)
                .inScenario("happy").asDefault(true));
        assertThat(r.id()).isPositive();
        assertThat(r.serverId()).isEqualTo("ps");
        assertThat(r.method()).isEqualTo("GET");
        assertThat(r.endpointPath()).isEqualTo("/pets/{petId}");
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.headers()).containsExactly(Map.entry("Content-Type", "application/json"), Map.entry("X-Trace", "1"));
        assertThat(r.body()).contains("{\"error\":\"none\"}");
        assertThat(r.delayMs()).isEqualTo(150);
        assertThat(r.scenario()).contains("happy");
        assertThat(r.isDefault()).isTrue();
        assertThat(db.mockResponses().get(r.id())).isEqualTo(r);
        MockResponse plain = db.mockResponses().add("ps", MockResponseSpec.of("POST", "/pets"));
        assertThat(plain.status()).isEqualTo(200);
        assertThat(plain.headers()).isEmpty();
        assertThat(plain.body()).isEmpty();
        assertThat(plain.delayMs()).isZero();
        assertThat(plain.scenario()).isEmpty();
        assertThat(plain.isDefault()).isFalse();
        assertThat(db.mockResponses().find(-1)).isEmpty();
        assertThatThrownBy(() -> db.mockResponses().get(-1)).isInstanceOf(NotFoundException.class)
                .hasMessage("mock response '-1' not found");
    }

    private static Map<String, String> orderedHeaders() {
        Map<String, String> h = new java.util.LinkedHashMap<>();
        h.put("Content-Type", "application/json");
        h.put("X-Trace", "1");
        return h;
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, mode = EnumSource.Mode.EXCLUDE, names = "POSTGRESQL_PARTITIONED")
    void listFiltersByServerEndpointMethodAndScenario(DbTarget target) {
        MockLoopDb db = withServer(target);
        db.servers().register(ServerRegistration.of("Other", "/s", "/o").withId("other"));
        scenario(db, "happy");
        long a = db.mockResponses().add("ps", MockResponseSpec.of("GET", "/pets")).id();
        long b = db.mockResponses().add("ps", MockResponseSpec.of("POST", "/pets").inScenario("happy")).id();
        long c = db.mockResponses().add("ps", MockResponseSpec.of("GET", "/pets/{id}").inScenario("happy")).id();
        db.mockResponses().add("other", MockResponseSpec.of("GET", "/pets"));
        assertThat(ids(db, MockResponseFilter.forServer("ps"))).containsExactly(a, b, c);
        assertThat(ids(db, MockResponseFilter.forServer("ps").withEndpoint("/pets"))).containsExactly(a, b);
        assertThat(ids(db, MockResponseFilter.forServer("ps").withMethod("get"))).containsExactly(a, c);
        assertThat(ids(db, MockResponseFilter.forServer("ps").withScenario("happy"))).containsExactly(b, c);
        assertThat(ids(db, MockResponseFilter.forServer("ps").withScenario("happy").withMethod("POST")))
                .containsExactly(b);
        assertThat(ids(db, MockResponseFilter.forServer("nope"))).isEmpty();
    }

    private static List<Long> ids(MockLoopDb db, MockResponseFilter f) {
        return db.mockResponses().list(f).stream().map(MockResponse::id).toList();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, mode = EnumSource.Mode.EXCLUDE, names = "POSTGRESQL_PARTITIONED")
    void updateReplacesEveryFieldAndDeleteRemoves(DbTarget target) {
        MockLoopDb db = withServer(target);
        scenario(db, "happy");
        MockResponse r = db.mockResponses().add("ps", MockResponseSpec.of("GET", "/pets").inScenario("happy"));
        MockResponse u = db.mockResponses().update(r.id(), MockResponseSpec.of("PUT", "/pets/{id}")
                .withResponse(202, "ok").withDelayMs(3).asDefault(true));
        assertThat(u.method()).isEqualTo("PUT");
        assertThat(u.endpointPath()).isEqualTo("/pets/{id}");
        assertThat(u.status()).isEqualTo(202);
        assertThat(u.body()).contains("ok");
        assertThat(u.scenario()).isEmpty();
        assertThat(u.isDefault()).isTrue();
        assertThat(u.createdAt()).isEqualTo(r.createdAt());
        assertThat(u.updatedAt()).isAfter(r.updatedAt());
        assertThatThrownBy(() -> db.mockResponses().update(-1, MockResponseSpec.of("GET", "/")))
                .isInstanceOf(NotFoundException.class).hasMessage("mock response '-1' not found");
        assertThat(db.mockResponses().delete(r.id())).isTrue();
        assertThat(db.mockResponses().delete(r.id())).isFalse();
        assertThat(db.mockResponses().find(r.id())).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, mode = EnumSource.Mode.EXCLUDE, names = "POSTGRESQL_PARTITIONED")
    void invalidResponsesAreRefusedWithFieldRuleAndValueAndWriteNothing(DbTarget target) {
        MockLoopDb db = withServer(target);
        refused(db, MockResponseSpec.of("GE T", "/a"), "method must be an HTTP token (was 'GE T')");
        refused(db, MockResponseSpec.of("", "/a"), "method must be an HTTP token (was '')");
        assertThatThrownBy(() -> MockResponseSpec.of(null, "/a")).isInstanceOf(NullPointerException.class)
                .hasMessage("method");
        refused(db, MockResponseSpec.of("VERYLONGMETHOD", "/a"),
                "method must be at most 10 characters (was 'VERYLONGMETHOD')");
        refused(db, MockResponseSpec.of("GET", "a"), "endpointPath must start with '/' (was 'a')");
        assertThatThrownBy(() -> MockResponseSpec.of("GET", null)).isInstanceOf(NullPointerException.class)
                .hasMessage("endpointPath");
        assertThatThrownBy(() -> MockResponseSpec.of("GET", "/a").withResponse(200, null))
                .isInstanceOf(NullPointerException.class).hasMessage("body");
        assertThatThrownBy(() -> MockResponseSpec.of("GET", "/a").inScenario(null))
                .isInstanceOf(NullPointerException.class).hasMessage("scenario");
        assertThatThrownBy(() -> db.mockResponses().list(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("filter");
        assertThatThrownBy(() -> MockResponseFilter.forServer("ps").withMethod(null))
                .isInstanceOf(NullPointerException.class).hasMessage("method");
        refused(db, MockResponseSpec.of("GET", "/a/{id"), "endpointPath must have balanced '{' and '}' (was '/a/{id')");
        refused(db, MockResponseSpec.of("GET", "/a/id}"), "endpointPath must have balanced '{' and '}' (was '/a/id}')");
        refused(db, MockResponseSpec.of("GET", "/a/{{id}}"),
                "endpointPath must have balanced '{' and '}' (was '/a/{{id}}')");
        refused(db, MockResponseSpec.of("GET", "/a").withResponse(99), "status must be between 100 and 599 (was 99)");
        refused(db, MockResponseSpec.of("GET", "/a").withResponse(600),
                "status must be between 100 and 599 (was 600)");
        refused(db, MockResponseSpec.of("GET", "/a").withDelayMs(-1), "delayMs must be between 0 and 600000 ms (was -1)");
        refused(db, MockResponseSpec.of("GET", "/a").withDelayMs(600_001),
                "delayMs must be between 0 and 600000 ms (was 600001)");
        refused(db, MockResponseSpec.of("GET", "/a").withResponse(200, "é".repeat(40_000)),
                "body must be at most 65535 bytes in UTF-8");
        refused(db, MockResponseSpec.of("GET", "/a").withHeaders(Map.of("Bad Header", "x")),
                "headers must have HTTP token names (was 'Bad Header')");
        assertThatThrownBy(() -> db.mockResponses().add("ps", MockResponseSpec.of("GET", "/a").inScenario("nope")))
                .isInstanceOf(NotFoundException.class).hasMessage("scenario 'ps/nope' not found");
        assertThatThrownBy(() -> db.mockResponses().add("nope", MockResponseSpec.of("GET", "/a")))
                .isInstanceOf(NotFoundException.class).hasMessage("server 'nope' not found");
        assertThat(db.mockResponses().list(MockResponseFilter.forServer("ps"))).isEmpty();
        MockResponse ok = db.mockResponses().add("ps", MockResponseSpec.of("GET", "/a"));
        assertThatThrownBy(() -> db.mockResponses().update(ok.id(), MockResponseSpec.of("GET", "/a")
                .withResponse(1000))).isInstanceOf(ValidationException.class)
                .hasMessage("status must be between 100 and 599 (was 1000)");
        assertThat(db.mockResponses().get(ok.id())).isEqualTo(ok);
    }

    private static void refused(MockLoopDb db, MockResponseSpec spec, String message) {
        assertThatThrownBy(() -> db.mockResponses().add("ps", spec)).isInstanceOf(ValidationException.class)
                .hasMessageStartingWith(message);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, mode = EnumSource.Mode.EXCLUDE, names = "POSTGRESQL_PARTITIONED")
    void resolveFollowsThePrecedenceScenarioRowThenScenarioConfigThenDefaultThenNothing(DbTarget target) {
        MockLoopDb db = withServer(target);
        scenario(db, "happy", EndpointResponse.of("GET", "/pets", 200, "from config"),
                EndpointResponse.of("GET", "/pets/{id}", 200, "config item"));
        scenario(db, "other");
        db.mockResponses().add("ps", MockResponseSpec.of("GET", "/pets").withResponse(201, "from row")
                .inScenario("happy"));
        db.mockResponses().add("ps", MockResponseSpec.of("GET", "/pets").withResponse(203, "default").asDefault(true));
        db.mockResponses().add("ps", MockResponseSpec.of("GET", "/owners").withResponse(203, "default owners")
                .asDefault(true));
        db.mockResponses().add("ps", MockResponseSpec.of("GET", "/ignored").withResponse(500, "not default"));
        db.mockResponses().add("ps", MockResponseSpec.of("GET", "/bound").withResponse(500, "other scenario")
                .inScenario("other").asDefault(true));
        for (MockResponseResolver r : resolvers(db)) {
            // no active scenario: only the default rows count
            assertThat(body(r, "GET", "/pets")).contains("default");
            assertThat(r.resolve("ps", "GET", "/pets/1")).isEmpty();
        }
        db.scenarios().activate("ps", "happy");
        for (MockResponseResolver r : resolvers(db)) {
            ResolvedResponse row = r.resolve("ps", "GET", "/pets").orElseThrow();
            assertThat(row.source()).isEqualTo(Source.SCENARIO_RESPONSE);
            assertThat(row.status()).isEqualTo(201);
            assertThat(row.scenario()).contains("happy");
            assertThat(row.responseId()).isPresent();
            ResolvedResponse config = r.resolve("ps", "GET", "/pets/7").orElseThrow();
            assertThat(config.source()).isEqualTo(Source.SCENARIO_CONFIG);
            assertThat(config.body()).contains("config item");
            assertThat(config.responseId()).isEmpty();
            ResolvedResponse def = r.resolve("ps", "GET", "/owners").orElseThrow();
            assertThat(def.source()).isEqualTo(Source.DEFAULT_RESPONSE);
            assertThat(def.scenario()).isEmpty();
            assertThat(r.resolve("ps", "GET", "/ignored")).isEmpty();
            assertThat(r.resolve("ps", "GET", "/bound")).isEmpty();
            assertThat(r.resolve("ps", "POST", "/pets")).isEmpty();
            assertThat(r.resolve("nope", "GET", "/pets")).isEmpty();
        }
        db.mockResponses().delete(db.mockResponses().list(MockResponseFilter.forServer("ps").withScenario("happy"))
                .get(0).id());
        for (MockResponseResolver r : resolvers(db)) {
            assertThat(body(r, "GET", "/pets")).contains("from config");
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, mode = EnumSource.Mode.EXCLUDE, names = "POSTGRESQL_PARTITIONED")
    void templatesMatchBySegmentsLiteralsWinAndParametersAreCaptured(DbTarget target) {
        MockLoopDb db = withServer(target);
        scenario(db, "s");
        db.mockResponses().add("ps", MockResponseSpec.of("GET", "/pets/{petId}/toys/{toyId}").withResponse(200, "param")
                .inScenario("s"));
        db.mockResponses().add("ps", MockResponseSpec.of("GET", "/pets/{petId}/toys/mine").withResponse(200, "mine")
                .inScenario("s"));
        db.mockResponses().add("ps", MockResponseSpec.of("GET", "/pets/mine").withResponse(200, "literal")
                .inScenario("s"));
        db.mockResponses().add("ps", MockResponseSpec.of("GET", "/pets/{petId}").withResponse(200, "one pet")
                .inScenario("s"));
        db.scenarios().activate("ps", "s");
        for (MockResponseResolver r : resolvers(db)) {
            ResolvedResponse toy = r.resolve("ps", "get", "/pets/42/toys/7?colour=red").orElseThrow();
            assertThat(toy.body()).contains("param");
            assertThat(toy.pathTemplate()).isEqualTo("/pets/{petId}/toys/{toyId}");
            assertThat(toy.pathParams()).containsExactly(Map.entry("petId", "42"), Map.entry("toyId", "7"));
            assertThat(body(r, "GET", "/pets/42/toys/mine")).contains("mine");
            assertThat(r.resolve("ps", "GET", "/pets/42/toys/mine").orElseThrow().pathParams())
                    .containsExactly(Map.entry("petId", "42"));
            assertThat(body(r, "GET", "/pets/mine")).contains("literal");
            assertThat(r.resolve("ps", "GET", "/pets/mine").orElseThrow().pathParams()).isEmpty();
            assertThat(body(r, "GET", "/pets/9")).contains("one pet");
            assertThat(r.resolve("ps", "GET", "/pets/")).isEmpty();
            assertThat(r.resolve("ps", "GET", "/pets")).isEmpty();
            assertThat(r.resolve("ps", "GET", "/pets/1/2")).isEmpty();
        }
    }

    /** The uncached store lookup, the shared resolver and a fresh resolver must all answer alike. */
    private static List<MockResponseResolver> resolvers(MockLoopDb db) {
        MockResponseResolver direct = new MockResponseResolver() {
            @Override
            public Optional<ResolvedResponse> resolve(String serverId, String method, String concretePath) {
                return db.mockResponses().resolve(serverId, method, concretePath);
            }

            @Override
            public MissExplanation explain(String serverId, String method, String path) {
                return db.mockResponses().explain(serverId, method, path);
            }

            @Override
            public void invalidate(String serverId) {
            }

            @Override
            public void invalidateAll() {
            }

            @Override
            public void close() {
            }
        };
        return List.of(direct, db.mockResponses().resolver(), db.mockResponses().resolver(Duration.ofHours(1)));
    }

    private static Optional<String> body(MockResponseResolver r, String method, String path) {
        return r.resolve("ps", method, path).flatMap(ResolvedResponse::body);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, mode = EnumSource.Mode.EXCLUDE, names = "POSTGRESQL_PARTITIONED")
    void theResolverAnswersFromMemoryAndLocalChangesInvalidateItAtOnce(DbTarget target) {
        MockLoopDb db = withServer(target);
        scenario(db, "a", EndpointResponse.of("GET", "/x", 200, "a"));
        scenario(db, "b", EndpointResponse.of("GET", "/x", 200, "b"));
        db.scenarios().activate("ps", "a");
        MockResponse row = db.mockResponses().add("ps", MockResponseSpec.of("GET", "/y").withResponse(200, "v1")
                .asDefault(true));
        try (MockResponseResolver r = db.mockResponses().resolver(Duration.ofHours(1))) {
            assertThat(body(r, "GET", "/x")).contains("a");
            assertThat(body(r, "GET", "/y")).contains("v1");
            // a write that bypasses the stores is not seen: the answer comes from memory
            InternalAccess.dsl(db).update(MOCK_RESPONSES).set(MOCK_RESPONSES.RESPONSE_BODY, "sneaky")
                    .where(MOCK_RESPONSES.ID.eq(row.id())).execute();
            assertThat(body(r, "GET", "/y")).contains("v1");
            // changes through the stores are seen at once
            db.scenarios().activate("ps", "b");
            assertThat(body(r, "GET", "/x")).contains("b");
            assertThat(body(r, "GET", "/y")).contains("sneaky");
            db.mockResponses().update(row.id(), MockResponseSpec.of("GET", "/y").withResponse(200, "v2").asDefault(true));
            assertThat(body(r, "GET", "/y")).contains("v2");
            db.scenarios().update("ps", "b", new ScenarioConfig(List.of(EndpointResponse.of("GET", "/x", 200,
                    "b2")), Map.of()));
            assertThat(body(r, "GET", "/x")).contains("b2");
            db.useTransaction(tx -> tx.scenarios().activate("ps", "a"));
            assertThat(body(r, "GET", "/x")).contains("a");
            db.scenarios().deactivate("ps");
            assertThat(body(r, "GET", "/x")).isEmpty();
            db.servers().delete("ps");
            assertThat(body(r, "GET", "/y")).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, mode = EnumSource.Mode.EXCLUDE, names = "POSTGRESQL_PARTITIONED")
    void theResolverSeesChangesByOtherWritersWithinTheCheckInterval(DbTarget target) throws Exception {
        MockLoopDb db = withServer(target);
        MockResponse row = db.mockResponses().add("ps", MockResponseSpec.of("GET", "/y").withResponse(200, "v1")
                .asDefault(true));
        try (MockResponseResolver r = db.mockResponses().resolver(Duration.ofMillis(50))) {
            assertThat(body(r, "GET", "/y")).contains("v1");
            // another process writing through its own MockLoopDb moves updated_at, as the stores do
            InternalAccess.dsl(db).update(MOCK_RESPONSES).set(MOCK_RESPONSES.RESPONSE_BODY, "v2")
                    .set(MOCK_RESPONSES.UPDATED_AT, row.updatedAt().plusMillis(1))
                    .where(MOCK_RESPONSES.ID.eq(row.id())).execute();
            assertThat(eventually(() -> body(r, "GET", "/y"), Optional.of("v2"))).contains("v2");
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, mode = EnumSource.Mode.EXCLUDE, names = "POSTGRESQL_PARTITIONED")
    void anotherInstancesActivationReachesTheResolverWithinTheCheckInterval(DbTarget target) throws Exception {
        assumeTrue(target != DbTarget.SQLITE_MEMORY, "an in-memory database belongs to one instance");
        try (TestDatabase tdb = TestDatabase.create(target);
             MockLoopDb a = tdb.builder().build();
             MockLoopDb b = tdb.builder().build()) {
            a.servers().register(ServerRegistration.of("Pet Store", "/s", "/o").withId("ps"));
            scenario(a, "one", EndpointResponse.of("GET", "/x", 200, "one"));
            scenario(a, "two", EndpointResponse.of("GET", "/x", 200, "two"));
            a.scenarios().activate("ps", "one");
            try (MockResponseResolver r = a.mockResponses().resolver(Duration.ofMillis(100))) {
                assertThat(body(r, "GET", "/x")).contains("one");
                Instant switched = Instant.now();
                b.scenarios().activate("ps", "two");
                assertThat(eventually(() -> body(r, "GET", "/x"), Optional.of("two"))).contains("two");
                assertThat(Duration.between(switched, Instant.now())).isLessThan(Duration.ofSeconds(5));
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, mode = EnumSource.Mode.EXCLUDE, names = "POSTGRESQL_PARTITIONED")
    void anotherInstancesEditReachesTheResolverEvenWhenAnotherRowOfTheServerCarriesALaterClock(DbTarget target)
            throws Exception {
        assumeTrue(target != DbTarget.SQLITE_MEMORY, "an in-memory database belongs to one instance");
        try (TestDatabase tdb = TestDatabase.create(target);
             MockLoopDb a = tdb.builder().build();
             MockLoopDb b = tdb.builder().build()) {
            a.servers().register(ServerRegistration.of("Pet Store", "/s", "/o").withId("ps"));
            scenario(a, "one", EndpointResponse.of("GET", "/x", 200, "x-v1"));
            scenario(a, "two", EndpointResponse.of("GET", "/x", 200, "two"));
            a.scenarios().activate("ps", "one");
            MockResponse y = a.mockResponses().add("ps", MockResponseSpec.of("GET", "/y").withResponse(200, "y-v1")
                    .asDefault(true));
            a.mockResponses().add("ps", MockResponseSpec.of("GET", "/z").withResponse(200, "z").asDefault(true));
            // the last writer of scenario two and response /z ran on a host whose clock is a minute ahead (or wrote
            // in the same millisecond): the newest updated_at of the server is not the row edited next
            Instant ahead = Instant.now().plus(Duration.ofMinutes(1));
            InternalAccess.dsl(a).update(SCENARIOS).set(SCENARIOS.UPDATED_AT, ahead)
                    .where(SCENARIOS.NAME.eq("two")).execute();
            InternalAccess.dsl(a).update(MOCK_RESPONSES).set(MOCK_RESPONSES.UPDATED_AT, ahead)
                    .where(MOCK_RESPONSES.ENDPOINT_PATH.eq("/z")).execute();
            try (MockResponseResolver r = a.mockResponses().resolver(Duration.ofMillis(50))) {
                assertThat(body(r, "GET", "/x")).contains("x-v1");
                assertThat(body(r, "GET", "/y")).contains("y-v1");

                b.scenarios().update("ps", "one",
                        new ScenarioConfig(List.of(EndpointResponse.of("GET", "/x", 200, "x-v2")), Map.of()));
                assertThat(eventually(() -> body(r, "GET", "/x"), Optional.of("x-v2"))).contains("x-v2");
                b.mockResponses().update(y.id(), MockResponseSpec.of("GET", "/y").withResponse(200, "y-v2")
                        .asDefault(true));
                assertThat(eventually(() -> body(r, "GET", "/y"), Optional.of("y-v2"))).contains("y-v2");
            }
        }
    }

    private static <T> T eventually(Supplier<T> probe, T wanted) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        T last = probe.get();
        while (!last.equals(wanted) && System.nanoTime() < end) {
            Thread.sleep(10);
            last = probe.get();
        }
        return last;
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, mode = EnumSource.Mode.EXCLUDE, names = "POSTGRESQL_PARTITIONED")
    void aResolverIntervalMustNotBeNegative(DbTarget target) {
        MockLoopDb db = withServer(target);
        assertThatThrownBy(() -> db.mockResponses().resolver(Duration.ofMillis(-1)))
                .isInstanceOf(ValidationException.class).hasMessage("checkInterval must be zero or positive (was PT-0.001S)");
        assertThatThrownBy(() -> db.mockResponses().resolver(null))
                .isInstanceOf(NullPointerException.class).hasMessage("checkInterval");
        assertThatThrownBy(() -> db.mockResponses().resolve("ps", null, "/y"))
                .isInstanceOf(NullPointerException.class).hasMessage("method");
        assertThatThrownBy(() -> db.mockResponses().resolver().resolve(null, "GET", "/y"))
                .isInstanceOf(NullPointerException.class).hasMessage("serverId");
        db.mockResponses().resolver().close(); // the shared resolver ignores close
        db.mockResponses().add("ps", MockResponseSpec.of("GET", "/y").asDefault(true));
        assertThat(db.mockResponses().resolver().resolve("ps", "GET", "/y")).isPresent();
    }
}
