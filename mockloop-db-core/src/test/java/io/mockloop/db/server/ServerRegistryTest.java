package io.mockloop.db.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mockloop.db.ConflictException;
import io.mockloop.db.MockLoopDb;
import io.mockloop.db.NotFoundException;
import io.mockloop.db.ValidationException;
import io.mockloop.db.scenario.MockResponseSpec;
import io.mockloop.db.scenario.NewScenario;
import io.mockloop.db.scenario.ScenarioConfig;
import io.mockloop.db.testing.DbTarget;
import io.mockloop.db.testing.InternalAccess;
import io.mockloop.db.testing.TestDatabase;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Contract of {@link ServerRegistry} ({@code db.servers()}) on every database. */
class ServerRegistryTest {

    private static ServerRegistration petstore() {
        return ServerRegistration.of("Pet Store", "/specs/petstore.yaml", "/out/petstore");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, mode = EnumSource.Mode.EXCLUDE, names = "POSTGRESQL_PARTITIONED")
    void registeringStoresEveryFieldAndStartsStopped(DbTarget target) {
        MockLoopDb db = TestDatabase.fresh(target);
        Instant before = Instant.now().minusSeconds(5);
        MockServer s = db.servers().register(petstore().withId("ps").withPort(8080).withSpecContent("openapi: 3.0.0")
                .withConfig(Map.of("cors", true, "tags", List.of("a", "b"))));

        assertThat(s.id()).isEqualTo("ps");
        assertThat(s.name()).isEqualTo("Pet Store");
        assertThat(s.specPath()).isEqualTo("/specs/petstore.yaml");
        assertThat(s.specContent()).contains("openapi: 3.0.0");
        assertThat(s.outputDirectory()).isEqualTo("/out/petstore");
        assertThat(s.port()).isEqualTo(OptionalInt.of(8080));
        assertThat(s.status()).isEqualTo(ServerStatus.STOPPED);
        assertThat(s.pid()).isEmpty();
        assertThat(s.config()).isEqualTo(Map.of("cors", true, "tags", List.of("a", "b")));
        assertThat(s.createdAt()).isAfter(before).isBeforeOrEqualTo(Instant.now());
        assertThat(s.startedAt()).isEmpty();
        assertThat(s.stoppedAt()).isEmpty();
        assertThat(db.servers().get("ps")).isEqualTo(s);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, mode = EnumSource.Mode.EXCLUDE, names = "POSTGRESQL_PARTITIONED")
    void aServerWithoutIdGetsAReadableSlugThatAvoidsTakenIds(DbTarget target) {
        MockLoopDb db = TestDatabase.fresh(target);
        assertThat(db.servers().register(petstore()).id()).isEqualTo("pet-store");
        assertThat(db.servers().register(petstore()).id()).isEqualTo("pet-store-2");
        assertThat(db.servers().register(petstore()).id()).isEqualTo("pet-store-3");
        assertThat(db.servers().register(ServerRegistration.of("  Café Über API! ", "/s", "/o")).id())
                .isEqualTo("cafe-uber-api");
        assertThat(db.servers().register(ServerRegistration.of("***", "/s", "/o")).id()).isEqualTo("server");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, mode = EnumSource.Mode.EXCLUDE, names = "POSTGRESQL_PARTITIONED")
    void registeringATakenIdIsAConflict(DbTarget target) {
        MockLoopDb db = TestDatabase.fresh(target);
        db.servers().register(petstore().withId("ps"));
        assertThatThrownBy(() -> db.servers().register(petstore().withId("ps")))
                .isInstanceOf(ConflictException.class).hasMessage("server 'ps' already exists");
        assertThat(db.servers().list()).hasSize(1);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, mode = EnumSource.Mode.EXCLUDE, names = "POSTGRESQL_PARTITIONED")
    void findGetFindByNameFindByPortAndListByStatus(DbTarget target) {
        MockLoopDb db = TestDatabase.fresh(target);
        MockServer a = db.servers().register(petstore().withId("a").withPort(9001));
        MockServer b = db.servers().register(ServerRegistration.of("Other", "/s", "/o").withId("b").withPort(9002));
        db.servers().markStarting("b");

        assertThat(db.servers().find("a")).contains(a);
        assertThat(db.servers().find("nope")).isEmpty();
        assertThatThrownBy(() -> db.servers().get("nope")).isInstanceOf(NotFoundException.class)
                .hasMessage("server 'nope' not found");
        assertThat(db.servers().findByName("Other")).map(MockServer::id).contains("b");
        assertThat(db.servers().findByName("Missing")).isEmpty();
        assertThat(db.servers().findByPort(9001)).map(MockServer::id).contains("a");
        assertThat(db.servers().findByPort(1)).isEmpty();
        assertThat(db.servers().list()).extracting(MockServer::id).containsExactly("a", "b");
        assertThat(db.servers().list(ServerStatus.STARTING)).extracting(MockServer::id).containsExactly("b");
        assertThat(db.servers().list(ServerStatus.RUNNING)).isEmpty();
        assertThat(b.status()).isEqualTo(ServerStatus.STOPPED);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, mode = EnumSource.Mode.EXCLUDE, names = "POSTGRESQL_PARTITIONED")
    void updatePortAndConfigReplaceThemAndMoveUpdatedAt(DbTarget target) {
        MockLoopDb db = TestDatabase.fresh(target);
        MockServer s = db.servers().register(petstore().withId("ps").withPort(8080));
        MockServer p = db.servers().updatePort("ps", 8081);
        assertThat(p.port()).hasValue(8081);
        assertThat(p.updatedAt()).isAfter(s.updatedAt());
        assertThat(db.servers().clearPort("ps").port()).isEmpty();
        MockServer c = db.servers().updateConfig("ps", Map.of("k", "v"));
        assertThat(c.config()).isEqualTo(Map.of("k", "v"));
        assertThat(db.servers().updateConfig("ps", Map.of()).config()).isEmpty();
        assertThatThrownBy(() -> db.servers().updatePort("nope", 1)).isInstanceOf(NotFoundException.class)
                .hasMessage("server 'nope' not found");
        assertThatThrownBy(() -> db.servers().updateConfig("nope", Map.of())).isInstanceOf(NotFoundException.class)
                .hasMessage("server 'nope' not found");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, mode = EnumSource.Mode.EXCLUDE, names = "POSTGRESQL_PARTITIONED")
    void statusFollowsTheStateMachineAndMaintainsPidPortAndTimestamps(DbTarget target) {
        MockLoopDb db = TestDatabase.fresh(target);
        db.servers().register(petstore().withId("ps").withPort(8080));
        MockServer starting = db.servers().markStarting("ps");
        assertThat(starting.status()).isEqualTo(ServerStatus.STARTING);
        MockServer running = db.servers().markRunning("ps", 4242, 9090);
        assertThat(running.status()).isEqualTo(ServerStatus.RUNNING);
        assertThat(running.pid()).hasValue(4242);
        assertThat(running.port()).hasValue(9090);
        assertThat(running.startedAt()).contains(running.updatedAt());
        assertThat(running.updatedAt()).isAfter(starting.updatedAt());
        MockServer stopped = db.servers().markStopped("ps");
        assertThat(stopped.status()).isEqualTo(ServerStatus.STOPPED);
        assertThat(stopped.pid()).isEmpty();
        assertThat(stopped.port()).hasValue(9090);
        assertThat(stopped.stoppedAt()).contains(stopped.updatedAt());
        assertThat(stopped.startedAt()).isEqualTo(running.startedAt());
        MockServer error = db.servers().markError("ps");
        assertThat(error.status()).isEqualTo(ServerStatus.ERROR);
        assertThat(db.servers().markStarting("ps").status()).isEqualTo(ServerStatus.STARTING);
        assertThat(db.servers().markError("ps").status()).isEqualTo(ServerStatus.ERROR);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, mode = EnumSource.Mode.EXCLUDE, names = "POSTGRESQL_PARTITIONED")
    void anIllegalTransitionIsATypedErrorNamingBothStatesAndChangesNothing(DbTarget target) {
        MockLoopDb db = TestDatabase.fresh(target);
        MockServer s = db.servers().register(petstore().withId("ps"));
        assertThatThrownBy(() -> db.servers().markRunning("ps", 1))
                .isInstanceOf(IllegalStatusTransitionException.class).isInstanceOf(ConflictException.class)
                .hasMessage("server 'ps' cannot go from stopped to running")
                .satisfies(e -> {
                    IllegalStatusTransitionException t = (IllegalStatusTransitionException) e;
                    assertThat(t.from()).isEqualTo(ServerStatus.STOPPED);
                    assertThat(t.to()).isEqualTo(ServerStatus.RUNNING);
                    assertThat(t.serverId()).isEqualTo("ps");
                });
        assertThatThrownBy(() -> db.servers().markStopped("ps"))
                .isInstanceOf(IllegalStatusTransitionException.class)
                .hasMessage("server 'ps' cannot go from stopped to stopped");
        db.servers().markStarting("ps");
        assertThatThrownBy(() -> db.servers().markStarting("ps"))
                .hasMessage("server 'ps' cannot go from starting to starting");
        assertThatThrownBy(() -> db.servers().markStopped("ps"))
                .hasMessage("server 'ps' cannot go from starting to stopped");
        assertThat(db.servers().get("ps").status()).isEqualTo(ServerStatus.STARTING);
        assertThat(db.servers().get("ps").updatedAt()).isAfterOrEqualTo(s.updatedAt());
        assertThatThrownBy(() -> db.servers().markStarting("nope")).isInstanceOf(NotFoundException.class)
                .hasMessage("server 'nope' not found");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, mode = EnumSource.Mode.EXCLUDE, names = "POSTGRESQL_PARTITIONED")
    void theStateMachineAllowsExactlyTheDocumentedTransitions(DbTarget target) {
        for (ServerStatus from : ServerStatus.values()) {
            for (ServerStatus to : ServerStatus.values()) {
                boolean expected = to == ServerStatus.ERROR
                        || from == ServerStatus.STOPPED && to == ServerStatus.STARTING
                        || from == ServerStatus.STARTING && to == ServerStatus.RUNNING
                        || from == ServerStatus.RUNNING && to == ServerStatus.STOPPED
                        || from == ServerStatus.ERROR && to == ServerStatus.STARTING;
                assertThat(from.canTransitionTo(to)).as(from + " -> " + to).isEqualTo(expected);
            }
        }
        assertThat(ServerStatus.fromDbValue("Running")).contains(ServerStatus.RUNNING);
        assertThat(ServerStatus.fromDbValue("paused")).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, mode = EnumSource.Mode.EXCLUDE, names = "POSTGRESQL_PARTITIONED")
    void deletingAServerCascadesToScenariosResponsesAndWebhooks(DbTarget target) {
        MockLoopDb db = TestDatabase.fresh(target);
        db.servers().register(petstore().withId("ps"));
        db.scenarios().create(NewScenario.of("ps", "happy", ScenarioConfig.empty()));
        db.mockResponses().add("ps", MockResponseSpec.of("GET", "/pets").inScenario("happy"));
        var dsl = InternalAccess.dsl(db);
        dsl.insertInto(DSL.table(DSL.name("webhooks")), DSL.field(DSL.name("server_id")), DSL.field(DSL.name("name")),
                DSL.field(DSL.name("url")), DSL.field(DSL.name("events")))
                .values("ps", "hook", "http://x", "[]").execute();

        assertThat(db.servers().delete("ps")).isTrue();
        assertThat(db.servers().delete("ps")).isFalse();
        assertThat(db.servers().find("ps")).isEmpty();
        for (String t : List.of("scenarios", "mock_responses", "webhooks")) {
            assertThat(dsl.fetchCount(DSL.table(DSL.name(t)))).as(t).isZero();
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, mode = EnumSource.Mode.EXCLUDE, names = "POSTGRESQL_PARTITIONED")
    void statisticsIncludeServersWithoutTraffic(DbTarget target) {
        MockLoopDb db = TestDatabase.fresh(target);
        db.servers().register(petstore().withId("busy"));
        db.servers().register(petstore().withId("idle"));
        var dsl = InternalAccess.dsl(db);
        var t = DSL.table(DSL.name("request_logs"));
        var cols = List.of(DSL.field(DSL.name("method")), DSL.field(DSL.name("path")),
                DSL.field(DSL.name("response_status")), DSL.field(DSL.name("response_time_ms")),
                DSL.field(DSL.name("server_id")), DSL.field(DSL.name("client_ip")));
        dsl.insertInto(t, cols).values("GET", "/pets", 200, 10, "busy", "10.0.0.1")
                .values("GET", "/pets/1", 404, 30, "busy", "10.0.0.2")
                .values("POST", "/pets", 500, 20, "busy", "10.0.0.1").execute();

        ServerStatistics busy = db.servers().statistics("busy");
        assertThat(busy.serverName()).isEqualTo("Pet Store");
        assertThat(busy.status()).isEqualTo(ServerStatus.STOPPED);
        assertThat(busy.totalRequests()).isEqualTo(3);
        assertThat(busy.errorRequests()).isEqualTo(2);
        assertThat(busy.averageResponseTimeMs().getAsDouble()).isEqualTo(20.0);
        assertThat(busy.uniqueClients()).isEqualTo(2);
        assertThat(busy.lastRequestTime()).isPresent();
        ServerStatistics idle = db.servers().statistics("idle");
        assertThat(idle.totalRequests()).isZero();
        assertThat(idle.errorRequests()).isZero();
        assertThat(idle.uniqueClients()).isZero();
        assertThat(idle.averageResponseTimeMs()).isEmpty();
        assertThat(idle.lastRequestTime()).isEmpty();
        assertThat(db.servers().statistics()).extracting(ServerStatistics::serverId).containsExactly("busy", "idle");
        assertThatThrownBy(() -> db.servers().statistics("nope")).isInstanceOf(NotFoundException.class)
                .hasMessage("server 'nope' not found");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, mode = EnumSource.Mode.EXCLUDE, names = "POSTGRESQL_PARTITIONED")
    void invalidRegistrationsAreRefusedWithFieldRuleAndValueAndWriteNothing(DbTarget target) {
        MockLoopDb db = TestDatabase.fresh(target);
        String longName = "n".repeat(256);
        assertRefused(db, petstore().withId(" "), "id must not be blank (was ' ')");
        assertRefused(db, ServerRegistration.of("", "/s", "/o"),
                "name must not be blank (was '')");
        assertRefused(db, ServerRegistration.of(longName, "/s", "/o"),
                "name must be at most 255 characters (was '" + "n".repeat(120) + "'... (256 characters))");
        assertRefused(db, petstore().withId(longName),
                "id must be at most 255 characters (was '" + "n".repeat(120) + "'... (256 characters))");
        assertRefused(db, ServerRegistration.of("x", " ", "/o"),
                "specPath must not be blank (was ' ')");
        assertRefused(db, ServerRegistration.of("x", "/s", " "),
                "outputDirectory must not be blank (was ' ')");
        assertRefused(db, petstore().withPort(0), "port must be between 1 and 65535 (was 0)");
        assertRefused(db, petstore().withPort(65_536), "port must be between 1 and 65535 (was 65536)");
        assertRefused(db, petstore().withConfig(Map.of("x", new Object())),
                "config must be writable as a JSON object");
        assertThat(db.servers().list()).isEmpty();
        db.servers().register(petstore().withId("ps"));
        assertThatThrownBy(() -> db.servers().updatePort("ps", -1)).isInstanceOf(ValidationException.class)
                .hasMessage("port must be between 1 and 65535 (was -1)");
        assertThatThrownBy(() -> db.servers().transition("ps", ServerStatus.STARTING, -5))
                .isInstanceOf(ValidationException.class).hasMessage("pid must be >= 0 (was -5)");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, names = "SQLITE_MEMORY")
    void aNullArgumentThrowsNullPointerExceptionNamingTheParameterAndWritesNothing(DbTarget target) {
        MockLoopDb db = TestDatabase.fresh(target);
        db.servers().register(petstore().withId("ps"));
        assertThatThrownBy(() -> ServerRegistration.of(null, "/s", "/o")).isInstanceOf(NullPointerException.class)
                .hasMessage("name");
        assertThatThrownBy(() -> ServerRegistration.of("x", null, "/o")).isInstanceOf(NullPointerException.class)
                .hasMessage("specPath");
        assertThatThrownBy(() -> petstore().withConfig(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("config");
        assertThatThrownBy(() -> db.servers().register(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("registration");
        assertThatThrownBy(() -> db.servers().find(null)).isInstanceOf(NullPointerException.class).hasMessage("id");
        assertThatThrownBy(() -> db.servers().get(null)).isInstanceOf(NullPointerException.class).hasMessage("id");
        assertThatThrownBy(() -> db.servers().findByName(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("name");
        assertThatThrownBy(() -> db.servers().list(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("status");
        assertThatThrownBy(() -> db.servers().updateConfig("ps", null)).isInstanceOf(NullPointerException.class)
                .hasMessage("config");
        assertThatThrownBy(() -> db.servers().transition("ps", null)).isInstanceOf(NullPointerException.class)
                .hasMessage("to");
        assertThatThrownBy(() -> db.servers().delete(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("id");
        assertThatThrownBy(() -> db.servers().statistics(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("id");
        assertThat(db.servers().list()).singleElement().satisfies(s -> {
            assertThat(s.status()).isEqualTo(ServerStatus.STOPPED);
            assertThat(s.config()).isEmpty();
        });
    }

    @Test
    void aServersConfigIsCopiedDeeplyAndCannotBeChangedThroughTheSourceOrTheAccessor() {
        Map<String, Object> nested = new java.util.HashMap<>(Map.of("origin", "*"));
        List<Object> tags = new java.util.ArrayList<>(List.of("a"));
        Map<String, Object> source = new java.util.HashMap<>(Map.of("cors", nested, "tags", tags));
        Instant now = Instant.now();
        MockServer server = new MockServer("ps", "Pet Store", "/s", java.util.Optional.empty(), "/o",
                OptionalInt.empty(), ServerStatus.STOPPED, OptionalInt.empty(), source, now, now,
                java.util.Optional.empty(), java.util.Optional.empty());
        ServerRegistration registration = petstore().withConfig(source);

        nested.put("origin", "changed");
        tags.add("b");
        source.put("extra", 1);

        for (Map<String, Object> config : List.of(server.config(), registration.config())) {
            assertThat(config).isEqualTo(Map.of("cors", Map.of("origin", "*"), "tags", List.of("a")));
            assertThatThrownBy(() -> config.put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
            @SuppressWarnings("unchecked")
            Map<String, Object> cors = (Map<String, Object>) config.get("cors");
            assertThatThrownBy(() -> cors.put("origin", "x")).isInstanceOf(UnsupportedOperationException.class);
            @SuppressWarnings("unchecked")
            List<Object> list = (List<Object>) config.get("tags");
            assertThatThrownBy(() -> list.add("c")).isInstanceOf(UnsupportedOperationException.class);
        }
    }

    private static void assertRefused(MockLoopDb db, ServerRegistration r, String message) {
        assertThatThrownBy(() -> db.servers().register(r)).isInstanceOf(ValidationException.class)
                .hasMessageStartingWith(message);
    }
}
