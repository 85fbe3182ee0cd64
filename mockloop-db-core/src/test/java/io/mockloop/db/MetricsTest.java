package io.mockloop.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.mockloop.db.log.LogPolicy;
import io.mockloop.db.log.LogWriter;
import io.mockloop.db.log.RequestLog;
import io.mockloop.db.log.WriterSettings;
import io.mockloop.db.maintenance.RetentionSettings;
import io.mockloop.db.scenario.MockResponseResolver;
import io.mockloop.db.scenario.MockResponseSpec;
import io.mockloop.db.server.ServerRegistration;
import io.mockloop.db.testing.DbTarget;
import io.mockloop.db.testing.TestDatabase;
import io.mockloop.db.webhook.AttemptOutcome;
import io.mockloop.db.webhook.ClaimedDelivery;
import io.mockloop.db.webhook.RetryPolicy;
import io.mockloop.db.webhook.WebhookSpec;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** With a meter registry, the pool's and the library's meters are published, count what happens, and go on close. */
class MetricsTest {

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, names = {"SQLITE_FILE", "POSTGRESQL"})
    void everyMeterCountsWhatHappensAndIsRemovedOnClose(DbTarget target) throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (TestDatabase tdb = TestDatabase.create(target)) {
            MockLoopDb db = tdb.builder().meterRegistry(registry)
                    .retention(RetentionSettings.every(Duration.ofDays(1)).withInitialDelay(Duration.ofDays(1)))
                    .build();
            String pool = poolOf(registry);
            assertThat(registry.find("hikaricp.connections").tag("pool", pool).gauge()).isNotNull();

            // sync appends, one excluded by the policy
            db.servers().register(ServerRegistration.of("Pet Store", "/specs/petstore.yaml", "/out").withId("ps"));
            db.requestLogs().append(RequestLog.builder("GET", "/pets", 200).serverId("ps").build());
            db.requestLogs().withPolicy(LogPolicy.DEFAULTS.withExcludedPaths(Set.of("/health")))
                    .appendAll(List.of(RequestLog.builder("GET", "/pets/1", 200).serverId("ps").build(),
                            RequestLog.builder("GET", "/health", 200).serverId("ps").build()));
            assertThat(count(registry, "mockloop.logs.written")).isEqualTo(2);
            assertThat(count(registry, "mockloop.logs.excluded")).isEqualTo(1);

            // a writer: its queue gauge while open, batches timed, logs counted
            try (LogWriter writer = db.requestLogs().openWriter(WriterSettings.DEFAULTS)) {
                assertThat(registry.find("mockloop.writer.queue.size").tag("pool", pool).gauge()).isNotNull();
                for (int i = 0; i < 5; i++) {
                    writer.enqueue(RequestLog.builder("GET", "/pets/" + i, 200).serverId("ps").build());
                }
                assertThat(writer.flush(Duration.ofSeconds(10))).isTrue();
            }
            assertThat(count(registry, "mockloop.logs.written")).isEqualTo(7);
            assertThat(registry.find("mockloop.writer.batch").timer().count()).isPositive();
            assertThat(registry.find("mockloop.writer.queue.size").gauge()).as("gone with its writer").isNull();

            // the cached resolver: a miss, then a hit
            db.mockResponses().add("ps", MockResponseSpec.of("GET", "/pets").withResponse(200, "[]").asDefault(true));
            try (MockResponseResolver resolver = db.mockResponses().resolver(Duration.ofHours(1))) {
                resolver.resolve("ps", "GET", "/pets");
                resolver.resolve("ps", "GET", "/pets");
            }
            assertThat(registry.find("mockloop.resolver.lookups").tag("result", "miss").counter().count()).isEqualTo(1);
            assertThat(registry.find("mockloop.resolver.lookups").tag("result", "hit").counter().count()).isEqualTo(1);

            // webhooks: one due event, one attempt that times out with no retry left, so it is dead-lettered
            db.webhooks().create("ps", WebhookSpec.of("hook", "http://127.0.0.1:9/hook", "scenario.changed"));
            db.webhooks().publish("ps", "scenario.changed", "{}");
            assertThat(registry.find("mockloop.webhooks.outbox.due").gauge().value()).isEqualTo(1.0);
            ClaimedDelivery claim = db.webhooks().claimDue(1, "w1", Duration.ofMinutes(1)).get(0);
            db.webhooks().recordAttempt(claim, AttemptOutcome.timeout(Duration.ofSeconds(1)),
                    RetryPolicy.of(Duration.ofSeconds(1), 0));
            assertThat(registry.find("mockloop.webhooks.attempts").tag("outcome", "timeout").counter().count())
                    .isEqualTo(1);
            assertThat(count(registry, "mockloop.webhooks.dead.lettered")).isEqualTo(1);

            // a retention run and what it deleted
            db.maintenance().runRetentionNow();
            assertThat(registry.find("mockloop.retention.runs").tag("outcome", "completed").counter().count())
                    .isEqualTo(1);
            assertThat(registry.find("mockloop.retention.deleted").tag("table", "request_logs").counter())
                    .isNotNull();

            // every meter carries the pool tag, and none outlives close()
            assertThat(registry.getMeters()).filteredOn(m -> m.getId().getName().startsWith("mockloop."))
                    .allSatisfy(m -> assertThat(m.getId().getTag("pool")).isEqualTo(pool));
            db.close();
            assertThat(registry.getMeters()).extracting(m -> m.getId().getName())
                    .noneMatch(name -> name.startsWith("mockloop."));
            assertThat(registry.getMeters()).filteredOn(m -> pool.equals(m.getId().getTag("pool")))
                    .extracting(m -> m.getId().getName()).isEmpty();
        }
    }

    private static String poolOf(SimpleMeterRegistry registry) {
        return registry.getMeters().stream().map(Meter::getId).filter(id -> id.getName().startsWith("hikaricp"))
                .map(id -> id.getTag("pool")).findFirst().orElseThrow();
    }

    private static double count(SimpleMeterRegistry registry, String name) {
        return registry.find(name).counter().count();
    }
}
