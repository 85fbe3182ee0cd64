package io.mockloop.db.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.mockloop.db.ConflictException;
import io.mockloop.db.MockLoopDb;
import io.mockloop.db.NotFoundException;
import io.mockloop.db.ValidationException;
import io.mockloop.db.scenario.ScenarioChange.Kind;
import io.mockloop.db.server.ServerRegistration;
import io.mockloop.db.testing.DbTarget;
import io.mockloop.db.testing.InternalAccess;
import io.mockloop.db.testing.TestDatabase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Contract of {@link ScenarioStore} ({@code db.scenarios()}) on every database. */
class ScenarioStoreTest {

    /** How long each concurrency test hammers one target (the issue says 10 s; 3 s keeps the suite short). */
    private static final Duration HAMMER = Duration.ofSeconds(3);

    static final ScenarioConfig CONFIG = new ScenarioConfig(List.of(
            new EndpointResponse("GET", "/pets/{petId}", 200, Map.of("Content-Type", "application/json"),
                    Optional.of("{\"id\": 1}"), 25),
            EndpointResponse.of("POST", "/pets", 201),
            EndpointResponse.of("DELETE", "/pets/{petId}", 204)),
            Map.of("owner", "qa", "tags", List.of("smoke", 1, 2.5, true), "nested", Map.of("a", Map.of())));

    static MockLoopDb withServer(DbTarget target) {
        MockLoopDb db = TestDatabase.fresh(target);
        db.servers().register(ServerRegistration.of("Pet Store", "/specs/petstore.yaml", "/out").withId("ps"));
        return db;
    }

    static void scenarios(MockLoopDb db, String serverId, String... names) {
        for (String n : names) {
            db.scenarios().create(NewScenario.of(serverId, n, ScenarioConfig.empty()));
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, mode = EnumSource.Mode.EXCLUDE, names = "POSTGRESQL_PARTITIONED")
    void createdScenariosReadBackWithEveryField(DbTarget target) {
        MockLoopDb db = withServer(target);
        Scenario s = db.scenarios().create(NewScenario.of("ps", "happy", CONFIG).withDescription("all good")
                .withCreatedBy("alice"));
        assertThat(s.id()).isPositive();
        assertThat(s.serverId()).isEqualTo("ps");
        assertThat(s.name()).isEqualTo("happy");
        assertThat(s.description()).contains("all good");
        assertThat(s.createdBy()).contains("alice");
        assertThat(s.config()).isEqualTo(CONFIG);
        assertThat(s.active()).isFalse();
        assertThat(db.scenarios().get("ps", "happy")).isEqualTo(s);
        assertThat(db.scenarios().find("ps", "happy")).contains(s);
        assertThat(db.scenarios().find("ps", "sad")).isEmpty();
        assertThat(db.scenarios().find("nope", "happy")).isEmpty();
        assertThatThrownBy(() -> db.scenarios().get("ps", "sad")).isInstanceOf(NotFoundException.class)
                .hasMessage("scenario 'ps/sad' not found");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, mode = EnumSource.Mode.EXCLUDE, names = "POSTGRESQL_PARTITIONED")
    void theConfigRoundTripsExactlyThroughTheDatabase(DbTarget target) {
        MockLoopDb db = withServer(target);
        db.scenarios().create(NewScenario.of("ps", "happy", CONFIG));
        String stored = InternalAccess.dsl(db).select(DSL.field(DSL.name("config"), String.class))
                .from(DSL.table(DSL.name("scenarios"))).fetchOne(0, String.class);
        assertThat(stored).isEqualTo(CONFIG.toJson());
        assertThat(ScenarioConfig.parse(stored)).isEqualTo(CONFIG);
        assertThat(ScenarioConfig.parse(stored).toJson()).isEqualTo(stored);
        assertThat(stored).contains("\"/pets/{petId}\":{\"GET\":{\"status\":200,\"headers\":{\"Content-Type\":"
                + "\"application/json\"},\"body\":\"{\\\"id\\\": 1}\",\"delay_ms\":25},\"DELETE\"");
        // endpoints are grouped by path whatever order they were given in
        assertThat(CONFIG.endpoints()).extracting(e -> e.method() + " " + e.pathTemplate())
                .containsExactly("GET /pets/{petId}", "DELETE /pets/{petId}", "POST /pets");
        // a hand-written config with defaults and an object body reads with the documented defaults
        ScenarioConfig parsed = ScenarioConfig.parse("{\"endpoints\":{\"/a\":{\"get\":{\"body\":{\"x\":1}}}}}");
        assertThat(parsed.endpoints()).containsExactly(new EndpointResponse("get", "/a", 200, Map.of(),
                Optional.of("{\"x\":1}"), 0));
        assertThat(parsed.metadata()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, mode = EnumSource.Mode.EXCLUDE, names = "POSTGRESQL_PARTITIONED")
    void listReturnsTheServersScenariosByName(DbTarget target) {
        MockLoopDb db = withServer(target);
        db.servers().register(ServerRegistration.of("Other", "/s", "/o").withId("other"));
        scenarios(db, "ps", "b", "a");
        scenarios(db, "other", "c");
        assertThat(db.scenarios().list("ps")).extracting(Scenario::name).containsExactly("a", "b");
        assertThat(db.scenarios().list("nope")).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, mode = EnumSource.Mode.EXCLUDE, names = "POSTGRESQL_PARTITIONED")
    void aDuplicateNameIsAConflictNamingScenarioAndServer(DbTarget target) {
        MockLoopDb db = withServer(target);
        scenarios(db, "ps", "happy");
        assertThatThrownBy(() -> scenarios(db, "ps", "happy")).isInstanceOf(ConflictException.class)
                .hasMessage("scenario 'happy' already exists for server 'ps'");
        db.servers().register(ServerRegistration.of("Other", "/s", "/o").withId("other"));
        scenarios(db, "other", "happy");
        assertThat(db.scenarios().list("ps")).hasSize(1);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, mode = EnumSource.Mode.EXCLUDE, names = "POSTGRESQL_PARTITIONED")
    void anUnknownServerIsNotFound(DbTarget target) {
        MockLoopDb db = withServer(target);
        assertThatThrownBy(() -> scenarios(db, "nope", "happy")).isInstanceOf(NotFoundException.class)
                .hasMessage("server 'nope' not found");
        assertThatThrownBy(() -> db.scenarios().activate("nope", "happy")).isInstanceOf(NotFoundException.class)
                .hasMessage("server 'nope' not found");
        assertThatThrownBy(() -> db.scenarios().deactivate("nope")).isInstanceOf(NotFoundException.class)
                .hasMessage("server 'nope' not found");
        assertThatThrownBy(() -> db.scenarios().activate("ps", "happy")).isInstanceOf(NotFoundException.class)
                .hasMessage("scenario 'ps/happy' not found");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, mode = EnumSource.Mode.EXCLUDE, names = "POSTGRESQL_PARTITIONED")
    void updateReplacesDescriptionAndConfig(DbTarget target) {
        MockLoopDb db = withServer(target);
        Scenario s = db.scenarios().create(NewScenario.of("ps", "happy", ScenarioConfig.empty())
                .withDescription("old").withCreatedBy("bob"));
        Scenario u = db.scenarios().update("ps", "happy", "new", CONFIG);
        assertThat(u.description()).contains("new");
        assertThat(u.config()).isEqualTo(CONFIG);
        assertThat(u.createdBy()).contains("bob");
        assertThat(u.id()).isEqualTo(s.id());
        assertThat(u.updatedAt()).isAfter(s.updatedAt());
        assertThat(db.scenarios().update("ps", "happy", ScenarioConfig.empty()).description()).isEmpty();
        assertThatThrownBy(() -> db.scenarios().update("ps", "sad", ScenarioConfig.empty()))
                .isInstanceOf(NotFoundException.class)
                .hasMessage("scenario 'ps/sad' not found");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, mode = EnumSource.Mode.EXCLUDE, names = "POSTGRESQL_PARTITIONED")
    void activatingAScenarioDeactivatesThePreviousOneAndReturnsIt(DbTarget target) {
        MockLoopDb db = withServer(target);
        scenarios(db, "ps", "happy", "sad");
        assertThat(db.scenarios().active("ps")).isEmpty();
        assertThat(db.scenarios().activate("ps", "happy")).isEmpty();
        assertThat(db.scenarios().active("ps")).map(Scenario::name).contains("happy");
        Optional<Scenario> previous = db.scenarios().activate("ps", "sad");
        assertThat(previous).map(Scenario::name).contains("happy");
        assertThat(previous.get().active()).isTrue();
        assertThat(db.scenarios().active("ps")).map(Scenario::name).contains("sad");
        assertThat(db.scenarios().get("ps", "happy").active()).isFalse();
        assertThat(db.scenarios().activate("ps", "sad")).map(Scenario::name).contains("sad");
        assertThat(db.scenarios().deactivate("ps")).map(Scenario::name).contains("sad");
        assertThat(db.scenarios().active("ps")).isEmpty();
        assertThat(db.scenarios().deactivate("ps")).isEmpty();
        assertThat(db.scenarios().active("nope")).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, mode = EnumSource.Mode.EXCLUDE, names = "POSTGRESQL_PARTITIONED")
    void deletingTheActiveScenarioIsRefusedUnlessForced(DbTarget target) {
        MockLoopDb db = withServer(target);
        scenarios(db, "ps", "happy", "sad");
        db.scenarios().activate("ps", "happy");
        assertThatThrownBy(() -> db.scenarios().delete("ps", "happy")).isInstanceOf(ConflictException.class)
                .hasMessage("scenario 'happy' is the active scenario of server 'ps'; deactivate it first or delete"
                        + " with force");
        assertThat(db.scenarios().find("ps", "happy")).isPresent();
        assertThat(db.scenarios().delete("ps", "sad")).isTrue();
        assertThat(db.scenarios().delete("ps", "sad")).isFalse();
        assertThat(db.scenarios().delete("ps", "happy", true)).isTrue();
        assertThat(db.scenarios().active("ps")).isEmpty();
        assertThat(db.scenarios().delete("nope", "x")).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, mode = EnumSource.Mode.EXCLUDE, names = "POSTGRESQL_PARTITIONED")
    void deletingAScenarioUnbindsItsResponses(DbTarget target) {
        MockLoopDb db = withServer(target);
        scenarios(db, "ps", "happy");
        MockResponse r = db.mockResponses().add("ps", MockResponseSpec.of("GET", "/pets").inScenario("happy"));
        db.scenarios().delete("ps", "happy");
        assertThat(db.mockResponses().get(r.id()).scenario()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, mode = EnumSource.Mode.EXCLUDE, names = "POSTGRESQL_PARTITIONED")
    void activeScenariosReadsTheView(DbTarget target) {
        MockLoopDb db = withServer(target);
        db.servers().register(ServerRegistration.of("Other", "/s", "/o").withId("other"));
        db.scenarios().create(NewScenario.of("ps", "happy", ScenarioConfig.empty()).withDescription("d"));
        scenarios(db, "other", "x", "y");
        db.scenarios().activate("ps", "happy");
        db.scenarios().activate("other", "y");
        List<ActiveScenario> view = db.scenarios().activeScenarios();
        assertThat(view).extracting(ActiveScenario::serverId, ActiveScenario::scenarioName, ActiveScenario::serverName)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("other", "y", "Other"),
                        org.assertj.core.groups.Tuple.tuple("ps", "happy", "Pet Store"));
        assertThat(view.get(1).description()).contains("d");
        assertThat(view.get(1).createdAt()).isEqualTo(db.scenarios().get("ps", "happy").createdAt());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, mode = EnumSource.Mode.EXCLUDE, names = "POSTGRESQL_PARTITIONED")
    void listenersHearCommittedChangesOnly(DbTarget target) throws Exception {
        MockLoopDb db = withServer(target);
        List<ScenarioChange> heard = new CopyOnWriteArrayList<>();
        try (AutoCloseable sub = db.scenarios().addListener(heard::add)) {
            scenarios(db, "ps", "happy", "sad");
            db.scenarios().activate("ps", "happy");
            db.scenarios().activate("ps", "sad");
            db.scenarios().update("ps", "happy", "x", ScenarioConfig.empty());
            assertThatThrownBy(() -> db.useTransaction(tx -> {
                tx.scenarios().activate("ps", "happy");
                assertThat(heard).hasSize(6); // nothing delivered before commit
                throw new IllegalStateException("roll back");
            })).hasMessage("roll back");
            db.useTransaction(tx -> {
                tx.scenarios().deactivate("ps");
                assertThat(heard).hasSize(6);
            });
            db.scenarios().delete("ps", "happy");
        }
        scenarios(db, "ps", "after-close");
        assertThat(heard).containsExactly(
                new ScenarioChange("ps", "happy", Kind.CREATED),
                new ScenarioChange("ps", "sad", Kind.CREATED),
                new ScenarioChange("ps", "happy", Kind.ACTIVATED),
                new ScenarioChange("ps", "happy", Kind.DEACTIVATED),
                new ScenarioChange("ps", "sad", Kind.ACTIVATED),
                new ScenarioChange("ps", "happy", Kind.UPDATED),
                new ScenarioChange("ps", "sad", Kind.DEACTIVATED),
                new ScenarioChange("ps", "happy", Kind.DELETED));
        assertThat(db.scenarios().active("ps")).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, mode = EnumSource.Mode.EXCLUDE, names = "POSTGRESQL_PARTITIONED")
    void eightThreadsActivatingDifferentScenariosLeaveExactlyOneActive(DbTarget target) throws Exception {
        MockLoopDb db = withServer(target);
        for (int i = 0; i < 8; i++) {
            scenarios(db, "ps", "s" + i);
        }
        hammer(List.of(db), 8, db);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, mode = EnumSource.Mode.EXCLUDE, names = "POSTGRESQL_PARTITIONED")
    void twoInstancesOnOneDatabaseKeepExactlyOneActive(DbTarget target) throws Exception {
        assumeTrue(target != DbTarget.SQLITE_MEMORY, "an in-memory database belongs to one instance");
        try (TestDatabase tdb = TestDatabase.create(target);
             MockLoopDb a = tdb.builder().build();
             MockLoopDb b = tdb.builder().build()) {
            a.servers().register(ServerRegistration.of("Pet Store", "/s", "/o").withId("ps"));
            for (int i = 0; i < 8; i++) {
                scenarios(a, "ps", "s" + i);
            }
            hammer(List.of(a, b), 8, a);
        }
    }

    /** Threads alternate over {@code dbs}, each activating its own scenario; an observer checks the invariant. */
    private static void hammer(List<MockLoopDb> dbs, int threads, MockLoopDb observer) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long end = System.nanoTime() + HAMMER.toNanos();
        AtomicInteger activations = new AtomicInteger();
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            MockLoopDb db = dbs.get(t % dbs.size());
            String name = "s" + t;
            futures.add(pool.submit(() -> {
                while (System.nanoTime() < end) {
                    try {
                        db.scenarios().activate("ps", name);
                        activations.incrementAndGet();
                    } catch (Throwable e) {
                        failures.add(e);
                        return;
                    }
                }
            }));
        }
        var dsl = InternalAccess.dsl(observer);
        int observations = 0;
        while (System.nanoTime() < end && failures.isEmpty()) {
            int active = dsl.fetchCount(DSL.table(DSL.name("scenarios")),
                    DSL.field(DSL.name("is_active"), Boolean.class).isTrue());
            assertThat(active).as("active scenarios seen while switching").isLessThanOrEqualTo(1);
            observations++;
            Thread.sleep(5);
        }
        for (Future<?> f : futures) {
            f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertThat(failures).isEmpty();
        assertThat(activations.get()).isGreaterThan(threads);
        assertThat(observations).isPositive();
        assertThat(observer.scenarios().list("ps").stream().filter(Scenario::active).count()).isEqualTo(1);
        assertThat(observer.scenarios().activeScenarios()).hasSize(1);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, mode = EnumSource.Mode.EXCLUDE, names = "POSTGRESQL_PARTITIONED")
    void exportImportExportIsByteIdenticalAcrossDatabases(DbTarget target) {
        MockLoopDb db = withServer(target);
        db.scenarios().create(NewScenario.of("ps", "happy", CONFIG).withDescription("all good").withCreatedBy("a"));
        db.mockResponses().add("ps", MockResponseSpec.of("GET", "/pets").withResponse(200, "[]")
                .withHeaders(Map.of("X-A", "1")).withDelayMs(5).inScenario("happy"));
        db.mockResponses().add("ps", MockResponseSpec.of("post", "/pets").withResponse(201).inScenario("happy")
                .asDefault(true));
        db.mockResponses().add("ps", MockResponseSpec.of("GET", "/other"));
        String exported = db.scenarios().exportScenario("ps", "happy");

        try (MockLoopDb other = MockLoopDb.inMemory()) {
            other.servers().register(ServerRegistration.of("Elsewhere", "/s", "/o").withId("copy"));
            Scenario imported = other.scenarios().importScenario("copy", exported);
            assertThat(imported.name()).isEqualTo("happy");
            assertThat(imported.config()).isEqualTo(CONFIG);
            assertThat(imported.active()).isFalse();
            assertThat(other.mockResponses().list(MockResponseFilter.forServer("copy").withScenario("happy")))
                    .hasSize(2);
            assertThat(other.scenarios().exportScenario("copy", "happy")).isEqualTo(exported);
            assertThatThrownBy(() -> other.scenarios().importScenario("copy", exported))
                    .isInstanceOf(ConflictException.class)
                    .hasMessage("scenario 'happy' already exists for server 'copy'");
        }
        db.scenarios().delete("ps", "happy");
        db.scenarios().importScenario("ps", exported);
        assertThat(db.scenarios().exportScenario("ps", "happy")).isEqualTo(exported);
        assertThat(exported).contains("\"format\" : \"mockloop-scenario\"").doesNotContain("\"/other\"");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, mode = EnumSource.Mode.EXCLUDE, names = "POSTGRESQL_PARTITIONED")
    void importRefusesDocumentsThatAreNotExportsAndWritesNothing(DbTarget target) {
        MockLoopDb db = withServer(target);
        assertThatThrownBy(() -> db.scenarios().importScenario("ps", "{not json"))
                .isInstanceOf(ValidationException.class).hasMessage("document must be valid JSON (was '{not json')");
        assertThatThrownBy(() -> db.scenarios().importScenario("ps", "{\"name\":\"x\"}"))
                .isInstanceOf(ValidationException.class)
                .hasMessage("document must be a document written by exportScenario (format 'mockloop-scenario',"
                        + " version 1) (was '{\"name\":\"x\"}')");
        String badResponse = "{\"format\":\"mockloop-scenario\",\"version\":1,\"name\":\"x\",\"config\":{},"
                + "\"responses\":[{\"method\":\"GET\",\"endpoint_path\":\"/a\",\"status\":999,\"delay_ms\":0}]}";
        assertThatThrownBy(() -> db.scenarios().importScenario("ps", badResponse))
                .isInstanceOf(ValidationException.class).hasMessage("status must be between 100 and 599 (was 999)");
        String ok = badResponse.replace("999", "200");
        assertThatThrownBy(() -> db.scenarios().importScenario("nope", ok)).isInstanceOf(NotFoundException.class)
                .hasMessage("server 'nope' not found");
        assertThat(db.scenarios().list("ps")).isEmpty();
        assertThat(db.scenarios().importScenario("ps", ok).name()).isEqualTo("x");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, mode = EnumSource.Mode.EXCLUDE, names = "POSTGRESQL_PARTITIONED")
    void invalidScenariosAreRefusedWithFieldRuleAndValueAndWriteNothing(DbTarget target) {
        MockLoopDb db = withServer(target);
        refused(db, NewScenario.of("ps", " ", ScenarioConfig.empty()), "name must not be blank (was ' ')");
        refused(db, NewScenario.of("ps", "n".repeat(256), ScenarioConfig.empty()),
                "name must be at most 255 characters (was '" + "n".repeat(120) + "'... (256 characters))");
        refused(db, NewScenario.of("ps", "x", ScenarioConfig.empty()).withCreatedBy("c".repeat(256)),
                "createdBy must be at most 255 characters");
        refused(db, NewScenario.of("ps", "x", cfg(EndpointResponse.of("G ET", "/a", 200))),
                "config.endpoints./a.G ET.method must be an HTTP token (was 'G ET')");
        refused(db, NewScenario.of("ps", "x", cfg(EndpointResponse.of("PROPPATCHES", "/a", 200))),
                "config.endpoints./a.PROPPATCHES.method must be at most 10 characters (was 'PROPPATCHES')");
        refused(db, NewScenario.of("ps", "x", cfg(EndpointResponse.of("GET", "a", 200))),
                "config.endpoints must start with '/' (was 'a')");
        refused(db, NewScenario.of("ps", "x", cfg(EndpointResponse.of("GET", "/a/{id", 200))),
                "config.endpoints must have balanced '{' and '}' (was '/a/{id')");
        refused(db, NewScenario.of("ps", "x", cfg(EndpointResponse.of("GET", "/a", 99))),
                "config.endpoints./a.GET.status must be between 100 and 599 (was 99)");
        refused(db, NewScenario.of("ps", "x", cfg(EndpointResponse.of("GET", "/a", 200).withDelayMs(-1))),
                "config.endpoints./a.GET.delay_ms must be between 0 and 600000 ms (was -1)");
        refused(db, NewScenario.of("ps", "x", cfg(EndpointResponse.of("GET", "/a", 200)
                .withDelayMs(600_001))), "config.endpoints./a.GET.delay_ms must be between 0 and 600000 ms (was 600001)");
        assertThat(db.scenarios().list("ps")).isEmpty();
        assertThatThrownBy(() -> ScenarioConfig.parse("{\"endpoints\": ["))
                .isInstanceOf(ValidationException.class).hasMessage("config must be valid JSON (was '{\"endpoints\": [')");
        assertThatThrownBy(() -> ScenarioConfig.parse("[1]")).isInstanceOf(ValidationException.class)
                .hasMessageStartingWith("config must be a JSON object {\"endpoints\"");
        assertThatThrownBy(() -> ScenarioConfig.parse("{\"endpoints\":{\"/a\":{\"GET\":{\"status\":\"ok\"}}}}"))
                .isInstanceOf(ValidationException.class)
                .hasMessage("config.endpoints./a.GET.status must be an integer (was '\"ok\"')");
        assertThatThrownBy(() -> ScenarioConfig.parse("{\"endpoints\":{\"/a\":{\"GET\":{\"colour\":1}}}}"))
                .isInstanceOf(ValidationException.class)
                .hasMessage("config.endpoints./a.GET has an unknown key (allowed: status, headers, body, delay_ms)"
                        + " (was 'colour')");
        assertThatThrownBy(() -> cfg(EndpointResponse.of("GET", "/a", 200),
                EndpointResponse.of("get", "/a", 200))).isInstanceOf(ValidationException.class)
                .hasMessage("config.endpoints must not repeat an endpoint (was 'get /a')");
        assertThatThrownBy(() -> ScenarioConfig.empty().withMetadata(Map.of("x", new Object())))
                .isInstanceOf(ValidationException.class)
                .hasMessage("config.metadata.x must hold only JSON values (maps, lists, strings, numbers, booleans,"
                        + " nulls) (was 'java.lang.Object')");
        scenarios(db, "ps", "ok");
        assertThatThrownBy(() -> db.scenarios().update("ps", "ok",
                cfg(EndpointResponse.of("GET", "/a", 600)))).isInstanceOf(ValidationException.class)
                .hasMessage("config.endpoints./a.GET.status must be between 100 and 599 (was 600)");
        assertThat(db.scenarios().get("ps", "ok").config()).isEqualTo(ScenarioConfig.empty());
    }

    private static ScenarioConfig cfg(EndpointResponse... endpoints) {
        return new ScenarioConfig(List.of(endpoints), Map.of());
    }

    private static void refused(MockLoopDb db, NewScenario s, String message) {
        assertThatThrownBy(() -> db.scenarios().create(s)).isInstanceOf(ValidationException.class)
                .hasMessageStartingWith(message);
    }

    @Test
    void scenarioValuesRefuseNullByNameAndNeverTreatItAsEmpty() {
        assertThatThrownBy(() -> NewScenario.of("ps", "x", null)).isInstanceOf(NullPointerException.class)
                .hasMessage("config");
        assertThatThrownBy(() -> NewScenario.of("ps", "x", ScenarioConfig.empty()).withDescription(null))
                .isInstanceOf(NullPointerException.class).hasMessage("description");
        assertThatThrownBy(() -> NewScenario.of("ps", "x", ScenarioConfig.empty()).withCreatedBy(null))
                .isInstanceOf(NullPointerException.class).hasMessage("createdBy");
        assertThatThrownBy(() -> new ScenarioConfig(null, Map.of())).isInstanceOf(NullPointerException.class)
                .hasMessage("endpoints");
        assertThatThrownBy(() -> ScenarioConfig.empty().withMetadata(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("metadata");
        assertThatThrownBy(() -> EndpointResponse.of("GET", "/a", 200, null)).isInstanceOf(NullPointerException.class)
                .hasMessage("body");
        assertThatThrownBy(() -> EndpointResponse.of("GET", "/a", 200).withHeaders(null))
                .isInstanceOf(NullPointerException.class).hasMessage("headers");
        assertThat(EndpointResponse.of("GET", "/a", 204).body()).isEmpty();
        assertThat(NewScenario.of("ps", "x", ScenarioConfig.empty()).description()).isEmpty();
    }

    @Test
    void scenarioMetadataIsCopiedDeeplyAndCannotBeChangedThroughTheSourceOrTheAccessor() {
        List<Object> tags = new ArrayList<>(List.of("a"));
        Map<String, Object> nested = new java.util.HashMap<>(Map.of("tags", tags));
        Map<String, Object> source = new java.util.HashMap<>(Map.of("nested", nested));
        ScenarioConfig config = ScenarioConfig.empty().withMetadata(source);
        tags.add("b");
        nested.put("x", 1);
        source.put("y", 2);
        assertThat(config.metadata()).isEqualTo(Map.of("nested", Map.of("tags", List.of("a"))));
        assertThatThrownBy(() -> config.metadata().put("z", 3)).isInstanceOf(UnsupportedOperationException.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> inner = (Map<String, Object>) config.metadata().get("nested");
        assertThatThrownBy(() -> inner.put("z", 3)).isInstanceOf(UnsupportedOperationException.class);
        @SuppressWarnings("unchecked")
        List<Object> list = (List<Object>) inner.get("tags");
        assertThatThrownBy(() -> list.add("c")).isInstanceOf(UnsupportedOperationException.class);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, names = "SQLITE_MEMORY")
    void aNullServerIdOrNameThrowsNullPointerExceptionNamingItAndWritesNothing(DbTarget target) {
        MockLoopDb db = withServer(target);
        assertThatThrownBy(() -> db.scenarios().activate(null, "happy")).isInstanceOf(NullPointerException.class)
                .hasMessage("serverId");
        assertThatThrownBy(() -> db.scenarios().activate("ps", null)).isInstanceOf(NullPointerException.class)
                .hasMessage("name");
        assertThatThrownBy(() -> db.mockResponses().add(null, MockResponseSpec.of("GET", "/a")))
                .isInstanceOf(NullPointerException.class).hasMessage("serverId");
        assertThatThrownBy(() -> db.scenarios().importScenario("ps", null)).isInstanceOf(NullPointerException.class)
                .hasMessage("json");
        assertThat(db.scenarios().list("ps")).isEmpty();
        assertThat(db.mockResponses().list(MockResponseFilter.forServer("ps"))).isEmpty();
    }
}
