package io.mockloop.db.fleet;

import com.zaxxer.hikari.HikariPoolMXBean;
import io.mockloop.db.MockLoopDb;
import io.mockloop.db.log.LogWriter;
import io.mockloop.db.log.RequestLog;
import io.mockloop.db.log.WriterSettings;
import io.mockloop.db.log.WriterStats;
import io.mockloop.db.scenario.MockResponseResolver;
import io.mockloop.db.scenario.ResolvedResponse;
import io.mockloop.db.testing.InternalAccess;
import io.mockloop.db.webhook.DeliveryState;
import io.mockloop.db.webhook.DispatcherOptions;
import io.mockloop.db.webhook.RetryPolicy;
import io.mockloop.db.webhook.WebhookDispatcher;
import io.mockloop.db.webhook.WebhookEvents;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One mock-server process of {@link ManyProcessesTest}: until the stop file appears it serves simulated requests
 * (resolve through the cached resolver, log through the async writer), acknowledges logs after each flush, publishes
 * webhook events and runs a webhook dispatcher. Then it drains: a last flush, and its dispatcher keeps sending until no
 * delivery is pending or in flight.
 *
 * <p>Standard output is the protocol read by the parent, one fact per line:
 * <ul>
 *   <li>{@code SAW <scenario|none> <epochMillis>}: the resolver answered from a different scenario than before;</li>
 *   <li>{@code READY}: serving, logging, publishing and dispatching for about a second already;</li>
 *   <li>{@code ACK <n>}: every log with request id {@code <name>-1 .. <name>-n} is committed;</li>
 *   <li>{@code PUB <marker> <deliveryId>}: an event with that marker is committed to the outbox;</li>
 *   <li>{@code DONE <enqueued> <written> <dropped>}: the writer's final counters;</li>
 *   <li>{@code POOL <most in use> <most waiting>}: the pool's peak use, sampled every 10 ms while serving.</li>
 * </ul>
 * Arguments: JDBC URL, process name, go file (appears holding the webhook id once the parent has set the database
 * up), stop file, server id, resolver check interval (ms), pool size.
 */
public final class FleetChild {

    /** The path every simulated request asks for; each scenario answers it with its own name. */
    static final String PROBE = "/probe";
    /** Every fifth event asks the receiver to fail its first attempt, so retries cross processes too. */
    static final int RETRY_EVERY = 5;

    private static final Duration HARD_LIMIT = Duration.ofSeconds(120);
    /** READY is printed after this many acknowledgements (one every 200 ms), once every path has run. */
    private static final int WARM_UP_ACKS = 5;

    private FleetChild() {
    }

    /**
     * @param args see the class comment
     * @throws Exception on any failure (the parent sees a non-zero exit and the standard error file)
     */
    public static void main(String[] args) throws Exception {
        String url = args[0];
        String name = args[1];
        Path goFile = Path.of(args[2]);
        Path stopFile = Path.of(args[3]);
        String serverId = args[4];
        Duration interval = Duration.ofMillis(Long.parseLong(args[5]));
        int poolSize = Integer.parseInt(args[6]);
        long giveUpAt = System.nanoTime() + HARD_LIMIT.toNanos();

        DispatcherOptions dispatch = DispatcherOptions.defaults().withWorkerId(name).withConcurrency(2)
                .withPollInterval(Duration.ofMillis(50)).withTimeout(Duration.ofSeconds(5))
                .withRetryPolicy(RetryPolicy.of(Duration.ofMillis(100), 3));
        // Opening touches no table (no migration, no schema check), so the child starts while the parent migrates;
        // it goes on once the parent has written the go file (the webhook's id).
        try (MockLoopDb db = MockLoopDb.builder().url(url).poolSize(poolSize).migrateOnStart(false)
                .checkSchemaOnStart(false).build()) {
            while (!Files.exists(goFile)) {
                if (stopped(stopFile, giveUpAt)) {
                    throw new IllegalStateException("no go file " + goFile);
                }
                pause(20);
            }
            long webhookId = Long.parseLong(Files.readString(goFile).trim());
            run(db, name, stopFile, serverId, webhookId, interval, dispatch, giveUpAt);
        }
    }

    private static void run(MockLoopDb db, String name, Path stopFile, String serverId, long webhookId,
                            Duration interval, DispatcherOptions dispatch, long giveUpAt) throws Exception {
        try (MockResponseResolver resolver = db.mockResponses().resolver(interval);
             WebhookDispatcher dispatcher = db.webhooks().dispatcher(dispatch)) {
            LogWriter writer = db.requestLogs().openWriter(WriterSettings.DEFAULTS.withLinger(Duration.ofMillis(20)));
            dispatcher.start();
            String[] seen = {observe(resolver, serverId)};
            say("SAW " + seen[0] + " " + System.currentTimeMillis());

            AtomicLong enqueued = new AtomicLong();
            HikariPoolMXBean pool = InternalAccess.context(db).engine().poolBean();
            int[] peak = new int[2];
            Thread sampler = thread(name + "-pool-sampler", () -> {
                while (!stopped(stopFile, giveUpAt)) {
                    peak[0] = Math.max(peak[0], pool.getActiveConnections());
                    peak[1] = Math.max(peak[1], pool.getThreadsAwaitingConnection());
                    pause(10);
                }
            });
            Thread acker = thread(name + "-acker", () -> {
                for (int acks = 1; !stopped(stopFile, giveUpAt); acks++) {
                    acknowledge(writer, enqueued);
                    if (acks == WARM_UP_ACKS) {
                        say("READY"); // after a second of traffic, so that a cold JVM does not count as a late switch
                    }
                    pause(200);
                }
            });
            Thread publisher = thread(name + "-publisher", () -> {
                for (int i = 1; !stopped(stopFile, giveUpAt); i++) {
                    String marker = name + "-e" + i;
                    List<Long> ids = db.webhooks().publish(serverId, WebhookEvents.REQUEST_RECEIVED,
                            "{\"marker\":\"" + marker + "\",\"retry\":" + (i % RETRY_EVERY == 0) + "}");
                    say("PUB " + marker + " " + ids.get(0));
                    pause(100);
                }
            });

            // the request loop: what a mock server does per request
            for (long seq = 1; !stopped(stopFile, giveUpAt); seq++) {
                Optional<ResolvedResponse> r = resolver.resolve(serverId, "GET", PROBE);
                String now = scenario(r);
                if (!now.equals(seen[0])) {
                    seen[0] = now;
                    say("SAW " + now + " " + System.currentTimeMillis());
                }
                writer.enqueue(RequestLog.builder("GET", PROBE, r.map(ResolvedResponse::status).orElse(404))
                        .serverId(serverId).requestId(name + "-" + seq).scenarioName(r.isPresent() ? now : null)
                        .responseTimeMs(1).build());
                enqueued.set(seq);
                pause(3);
            }
            acker.join();
            publisher.join();
            sampler.join();
            say("POOL " + peak[0] + " " + peak[1]);
            acknowledge(writer, enqueued);
            writer.close();
            WriterStats stats = writer.stats();
            say("DONE " + stats.enqueued() + " " + stats.written() + " " + stats.dropped());

            // leave no delivery behind: this dispatcher sends until the outbox is settled
            while (System.nanoTime() - giveUpAt < 0
                    && !(db.webhooks().listDeliveries(webhookId, DeliveryState.PENDING).isEmpty()
                    && db.webhooks().listDeliveries(webhookId, DeliveryState.IN_FLIGHT).isEmpty())) {
                pause(100);
            }
        }
    }

    private static void acknowledge(LogWriter writer, AtomicLong enqueued) {
        long upTo = enqueued.get(); // read before the flush: every log up to it was enqueued before the flush
        writer.flush();
        say("ACK " + upTo);
    }

    private static String observe(MockResponseResolver resolver, String serverId) {
        return scenario(resolver.resolve(serverId, "GET", PROBE));
    }

    private static String scenario(Optional<ResolvedResponse> r) {
        return r.flatMap(ResolvedResponse::scenario).orElse("none");
    }

    private static boolean stopped(Path stopFile, long giveUpAt) {
        return Files.exists(stopFile) || System.nanoTime() - giveUpAt >= 0;
    }

    private static Thread thread(String name, Runnable body) {
        Thread t = new Thread(() -> {
            try {
                body.run();
            } catch (RuntimeException e) {
                e.printStackTrace();
                System.exit(3);
            }
        }, name);
        t.start();
        return t;
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static void say(String line) {
        System.out.println(line);
    }
}
