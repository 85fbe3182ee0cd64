package io.mockloop.db.cli;

import static io.mockloop.db.cli.MaintenanceCommandsTest.ok;
import static org.assertj.core.api.Assertions.assertThat;

import io.mockloop.db.MockLoopDb;
import io.mockloop.db.log.RequestLog;
import io.mockloop.db.scenario.EndpointResponse;
import io.mockloop.db.scenario.NewScenario;
import io.mockloop.db.scenario.ScenarioConfig;
import io.mockloop.db.server.ServerRegistration;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mockloop db unmatched} and {@code mockloop db freeze}, in-process on a SQLite file. */
class TrafficCommandsTest {

    private static final Instant T0 = Instant.parse("2026-04-01T12:00:00Z");

    @TempDir
    Path dir;

    private String seeded() {
        Path file = dir.resolve("t.db");
        try (MockLoopDb db = MockLoopDb.open(file)) {
            db.servers().register(ServerRegistration.of("Pets", "/spec.yaml", "/out").withId("ps"));
            db.scenarios().create(NewScenario.of("ps", "live", new ScenarioConfig(List.of(
                    EndpointResponse.of("GET", "/pet/{petId}", 200, "{}")), Map.of())));
            db.scenarios().activate("ps", "live");
            db.requestLogs().appendAll(List.of(
                    RequestLog.builder("GET", "/pets/1", 404).serverId("ps").timestamp(T0).unmatched(true).build(),
                    RequestLog.builder("GET", "/pets/2", 404).serverId("ps").timestamp(T0.plusSeconds(60))
                            .unmatched(true).build(),
                    RequestLog.builder("GET", "/orders/7", 200).serverId("ps").timestamp(T0).responseBody("seven")
                            .responseTimeMs(40).build(),
                    RequestLog.builder("GET", "/orders/8", 200).serverId("ps").timestamp(T0.plusSeconds(5))
                            .responseBody("eight").responseTimeMs(60).build()));
        }
        return "jdbc:sqlite:" + file;
    }

    @Test
    void unmatchedPrintsOneLinePerGroupWithTheNearestMockAndWhyItMissed() {
        String url = seeded();
        String out = ok("db", "unmatched", "--server-id", "ps", "--url", url).out();
        assertThat(out).contains("count  first seen", "nearest mock")
                .containsPattern("2  2026-04-01T12:00:00Z  2026-04-01T12:01:00Z  ps +GET /pets/\\{id}  GET"
                        + " /pet/\\{petId}: segment 1: 'pets' where the mock has 'pet'");
        assertThat(ok("db", "unmatched", "--since", "2030-01-01", "--url", url).out())
                .contains("no unmatched requests since 2030-01-01T00:00:00Z");
    }

    @Test
    void freezeCreatesAnInactiveScenarioAndRefusesItsNameTheSecondTimeWithExitThree() {
        String url = seeded();
        String out = ok("db", "freeze", "--server-id", "ps", "--name", "recorded", "--template-ids",
                "--median-delay", "--url", url).out();
        assertThat(out).startsWith("created scenario 'recorded' of server 'ps' (inactive): Frozen from 2 request logs")
                .containsPattern("GET /orders/\\{id} +200 +50 ms");
        try (MockLoopDb db = MockLoopDb.builder().url(url).build()) {
            db.scenarios().activate("ps", "recorded");
            assertThat(db.mockResponses().resolve("ps", "GET", "/orders/9").orElseThrow().body()).contains("eight");
        }

        Cli.Run again = Cli.run("db", "freeze", "--server-id", "ps", "--name", "recorded", "--url", url);
        assertThat(again.exitCode()).isEqualTo(3);
        assertThat(again.err()).isEqualTo("mockloop: scenario 'recorded' already exists for server 'ps'; choose"
                + " another --name (nothing was written)" + System.lineSeparator());
        Cli.Run none = Cli.run("db", "freeze", "--server-id", "ps", "--name", "empty", "--since", "2030-01-01",
                "--url", url);
        assertThat(none.exitCode()).isEqualTo(1);
        assertThat(none.err()).startsWith("mockloop: filter must select at least one request log of server 'ps'");
    }
}
