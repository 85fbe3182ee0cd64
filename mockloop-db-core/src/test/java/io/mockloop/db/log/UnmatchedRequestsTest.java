package io.mockloop.db.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mockloop.db.MockLoopDb;
import io.mockloop.db.ValidationException;
import io.mockloop.db.scenario.EndpointResponse;
import io.mockloop.db.scenario.MissReason;
import io.mockloop.db.scenario.NewScenario;
import io.mockloop.db.scenario.ScenarioConfig;
import io.mockloop.db.server.ServerRegistration;
import io.mockloop.db.testing.DbTarget;
import io.mockloop.db.testing.TestDatabase;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Request logs marked unmatched ({@link RequestLog#unmatched()}, schema version 6) and
 * {@link RequestLogStore#listUnmatched}: grouped by server, method and path shape with counts, first and last seen
 * and the nearest mocks, on every database (partitioned PostgreSQL included: the column and index are on every
 * partition).
 */
class UnmatchedRequestsTest {

    static final Instant T0 = Instant.parse("2026-02-10T08:00:00Z");
    static final String UUID_A = "3f2504e0-4f89-11d3-9a0c-0305e82c3301";
    static final String UUID_B = "6ba7b810-9dad-11d1-80b4-00c04fd430c8";

    private static RequestLog.Builder miss(String server, String method, String path, int minutes) {
        return RequestLog.builder(method, path, 404).serverId(server).timestamp(T0.plusSeconds(60L * minutes))
                .unmatched(true);
    }

    /** Server "ps" has one mock, GET /pet/{petId} (a typo the unmatched requests reveal). */
    private static MockLoopDb fixture(DbTarget target) {
        MockLoopDb db = TestDatabase.fresh(target);
        db.servers().register(ServerRegistration.of("Pet Store", "/specs/petstore.yaml", "/out").withId("ps"));
        db.scenarios().create(NewScenario.of("ps", "happy", new ScenarioConfig(List.of(
                EndpointResponse.of("GET", "/pet/{petId}", 200, "{}")), Map.of())));
        db.scenarios().activate("ps", "happy");
        db.requestLogs().append(miss("ps", "GET", "/pets/1", 0).build());
        db.requestLogs().appendAll(List.of(miss("ps", "GET", "/pets/2", 5).build(),
                miss("ps", "GET", "/pets/2", 9).build(),
                miss("ps", "DELETE", "/users/" + UUID_A + "/sessions/7", 3).build(),
                miss("ps", "DELETE", "/users/" + UUID_B + "/sessions/8", 4).build(),
                miss("shop", "GET", "/pets/1", 1).build(),
                // served: not marked, never listed
                RequestLog.builder("GET", "/pet/1", 200).serverId("ps").timestamp(T0).build()));
        return db;
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(DbTarget.class)
    void theMarkIsStoredByEveryWritePathAndReadBack(DbTarget target) {
        MockLoopDb db = fixture(target);
        long marked = db.requestLogs().append(miss("ps", "GET", "/a", 0).build()).orElseThrow();
        long plain = db.requestLogs().append(RequestLog.builder("GET", "/a", 200).serverId("ps").timestamp(T0).build()).orElseThrow();
        try (LogWriter writer = db.requestLogs().openWriter(WriterSettings.DEFAULTS)) {
            writer.enqueue(miss("ps", "GET", "/b", 1).build());
            writer.flush();
        }
        assertThat(db.requestLogs().get(marked).unmatched()).isTrue();
        assertThat(db.requestLogs().get(plain).unmatched()).isFalse();
        assertThat(db.requestLogs().list(LogFilter.builder().path("/b").build(), 5))
                .singleElement().satisfies(l -> assertThat(l.unmatched()).isTrue());
        assertThat(db.requestLogs().get(marked).toBuilder().build().unmatched()).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(DbTarget.class)
    void unmatchedRequestsAreGroupedByMethodAndPathShapeWithTheNearestMocks(DbTarget target) {
        MockLoopDb db = fixture(target);
        List<UnmatchedRequest> groups = db.requestLogs().listUnmatched(LogFilter.builder().server("ps").build(), 10);
        assertThat(groups).hasSize(2);

        UnmatchedRequest pets = groups.get(0);
        assertThat(pets.serverId()).contains("ps");
        assertThat(pets.method()).isEqualTo("GET");
        assertThat(pets.pathShape()).isEqualTo("/pets/{id}");
        assertThat(pets.count()).isEqualTo(3);
        assertThat(pets.firstSeen()).isEqualTo(T0);
        assertThat(pets.lastSeen()).isEqualTo(T0.plusSeconds(9 * 60));
        assertThat(pets.samplePaths()).containsExactly("/pets/2", "/pets/1");
        assertThat(pets.nearest()).singleElement().satisfies(n -> {
            assertThat(n.pathTemplate()).isEqualTo("/pet/{petId}");
            assertThat(n.reasons()).singleElement().satisfies(r -> {
                assertThat(r.kind()).isEqualTo(MissReason.Kind.PATH_SEGMENT_DIFFERS);
                assertThat(r.segment()).hasValue(1);
            });
        });

        UnmatchedRequest sessions = groups.get(1);
        assertThat(sessions.pathShape()).isEqualTo("/users/{id}/sessions/{id2}");
        assertThat(sessions.count()).isEqualTo(2);
        assertThat(sessions.samplePaths()).containsExactly("/users/" + UUID_B + "/sessions/8",
                "/users/" + UUID_A + "/sessions/7");
        assertThat(sessions.nearest()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, mode = EnumSource.Mode.EXCLUDE, names = "POSTGRESQL_PARTITIONED")
    void theServerAndSinceFiltersNarrowTheGroups(DbTarget target) {
        MockLoopDb db = fixture(target);
        assertThat(db.requestLogs().listUnmatched(LogFilter.ALL, 10))
                .extracting(g -> g.serverId().orElse("-") + " " + g.method() + " " + g.pathShape() + " " + g.count())
                .containsExactly("ps GET /pets/{id} 3", "ps DELETE /users/{id}/sessions/{id2} 2",
                        "shop GET /pets/{id} 1");
        assertThat(db.requestLogs().listUnmatched(LogFilter.builder().from(T0.plusSeconds(4 * 60)).build(), 10))
                .extracting(g -> g.serverId().orElse("-") + " " + g.pathShape() + " " + g.count())
                .containsExactly("ps /pets/{id} 2", "ps /users/{id}/sessions/{id2} 1");
        assertThat(db.requestLogs().listUnmatched(LogFilter.ALL, 1)).hasSize(1);
        assertThat(db.requestLogs().listUnmatched(LogFilter.builder().server("nobody").build(), 10)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, names = "SQLITE_MEMORY")
    void aGroupThatAMockNowAnswersListsNoNearMisses(DbTarget target) {
        MockLoopDb db = fixture(target);
        db.scenarios().update("ps", "happy", new ScenarioConfig(List.of(
                EndpointResponse.of("GET", "/pets/{petId}", 200, "{}")), Map.of()));
        UnmatchedRequest pets = db.requestLogs().listUnmatched(LogFilter.builder().server("ps").build(), 1).get(0);
        assertThat(pets.pathShape()).isEqualTo("/pets/{id}");
        assertThat(pets.nearest()).isEmpty();
        assertThat(Optional.of(pets.count())).contains(3L);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, names = {"SQLITE_MEMORY", "POSTGRESQL"})
    void exportsCarryTheMarkAsStored(DbTarget target) {
        MockLoopDb db = fixture(target);
        LogFilter pets = LogFilter.builder().server("ps").pathPrefix("/pet").oldestFirst().build();
        java.io.ByteArrayOutputStream ndjson = new java.io.ByteArrayOutputStream();
        db.requestLogs().export(pets, ExportFormat.NDJSON, ndjson);
        assertThat(ndjson.toString(java.nio.charset.StandardCharsets.UTF_8).lines())
                .extracting(l -> l.substring(l.indexOf("\"path\"")).replaceAll(",.*\"unmatched\"", " ->"))
                .containsExactly("\"path\":\"/pets/1\" ->:true}", "\"path\":\"/pet/1\" ->:null}",
                        "\"path\":\"/pets/2\" ->:true}", "\"path\":\"/pets/2\" ->:true}");
        java.io.ByteArrayOutputStream csv = new java.io.ByteArrayOutputStream();
        db.requestLogs().export(pets, ExportFormat.CSV, csv);
        assertThat(csv.toString(java.nio.charset.StandardCharsets.UTF_8).lines())
                .extracting(l -> l.substring(l.lastIndexOf(',') + 1))
                .containsExactly("unmatched", "true", "", "true", "true");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, names = "SQLITE_MEMORY")
    void aLimitBelowOneIsRefusedByName(DbTarget target) {
        MockLoopDb db = fixture(target);
        assertThatThrownBy(() -> db.requestLogs().listUnmatched(LogFilter.ALL, 0))
                .isInstanceOf(ValidationException.class).hasMessage("limit must be 1 to 1000 (was 0)");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, names = "SQLITE_MEMORY")
    void aLimitAboveOneThousandIsRefusedByName(DbTarget target) {
        MockLoopDb db = fixture(target);
        assertThatThrownBy(() -> db.requestLogs().listUnmatched(LogFilter.ALL, 1001))
                .isInstanceOf(ValidationException.class).hasMessage("limit must be 1 to 1000 (was 1001)");
    }
}
