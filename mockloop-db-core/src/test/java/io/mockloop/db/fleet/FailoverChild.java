package io.mockloop.db.fleet;

import io.mockloop.db.MockLoopDb;
import io.mockloop.db.MockLoopDbException;
import io.mockloop.db.log.LogWriter;
import io.mockloop.db.log.RequestLog;
import io.mockloop.db.log.WriterSettings;
import io.mockloop.db.log.WriterStats;
import io.mockloop.db.scenario.MockResponseResolver;
import io.mockloop.db.scenario.ResolvedResponse;
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
 * One mock-server process of {@link FailoverTest}, like {@link FleetChild} but on a database that fails over while
 * it runs: it keeps serving (the cached resolver answers from its copy), keeps enqueuing (the async writer retries),
 * and a call the database could not answer is reported, not fatal. Everything it reports was acknowledged by the
 * library: a log only once a flush returned, an event only once {@code publish} returned.
 *
 * <p>Standard output, one fact per line:
 * <ul>
 *   <li>{@code SAW <scenario|none> <epochMillis>}: the resolver answered from a different scenario than before;</li>
 *   <li>{@code READY}: serving, logging, publishing and dispatching for about a second already;</li>
 *   <li>{@code ACK <n> <epochMillis>}: a flush returned at that time; logs {@code <name>-1 .. <name>-n} are
 *       committed;</li>
 *   <li>{@code PUB <marker> <deliveryId>}: {@code publish} returned; {@code PUBFAIL <marker>}: it threw (the event
 *       may or may not be stored: its commit's answer may have been lost);</li>
 *   <li>{@code DONE <enqueued> <written> <dropped>}: the writer's final counters.</li>
 * </ul>
 * Arguments: JDBC URL, process name, go file, stop file, server id, resolver check interval (ms), pool size.
 */
public final class FailoverChild {

    private static final Duration HARD_LIMIT = Duration.ofMinutes(10);
    private static final int WARM_UP_ACKS = 5;

    private FailoverChild() {
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

        // a short send timeout keeps the claim lease (twice the timeout plus 5 s) and so the final drain short
        DispatcherOptions dispatch = DispatcherOptions.defaults().withWorkerId(name).withConcurrency(2)
                .withPollInterval(Duration.ofMillis(50)).withTimeout(Duration.ofSeconds(2))
                .withRetryPolicy(RetryPolicy.of(Duration.ofMillis(100), 5));
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
            String[] seen = {"?"}; // the first answer is always reported
            AtomicLong enqueued = new AtomicLong();
            Thread acker = thread(name + "-acker", () -> {
                for (int acks = 1; !stopped(stopFile, giveUpAt); acks++) {
                    acknowledge(writer, enqueued);
                    if (acks == WARM_UP_ACKS) {
                        say("READY");
                    }
                    pause(200);
                }
            });
            Thread publisher = thread(name + "-publisher", () -> {
                for (int i = 1; !stopped(stopFile, giveUpAt); i++) {
                    String marker = name + "-e" + i;
                    try {
                        List<Long> ids = db.webhooks().publish(serverId, WebhookEvents.REQUEST_RECEIVED,
                                "{\"marker\":\"" + marker + "\"}");
                        say("PUB " + marker + " " + ids.get(0));
                    } catch (MockLoopDbException e) {
                        say("PUBFAIL " + marker);
                        System.err.println("publish " + marker + " failed: " + e);
                    }
                    pause(100);
                }
            });

            for (long seq = 1; !stopped(stopFile, giveUpAt); seq++) {
                Optional<ResolvedResponse> r = resolver.resolve(serverId, "GET", FleetChild.PROBE);
                String now = r.flatMap(ResolvedResponse::scenario).orElse("none");
                if (!now.equals(seen[0])) {
                    seen[0] = now;
                    say("SAW " + now + " " + System.currentTimeMillis());
                }
                writer.enqueue(RequestLog.builder("GET", FleetChild.PROBE, r.map(ResolvedResponse::status).orElse(404))
                        .serverId(serverId).requestId(name + "-" + seq).scenarioName(r.isPresent() ? now : null)
                        .responseTimeMs(1).build());
                enqueued.set(seq);
                pause(3);
            }
            acker.join();
            publisher.join();
            acknowledge(writer, enqueued);
            writer.close();
            WriterStats stats = writer.stats();
            say("DONE " + stats.enqueued() + " " + stats.written() + " " + stats.dropped());

            while (System.nanoTime() - giveUpAt < 0) {
                try {
                    if (db.webhooks().listDeliveries(webhookId, DeliveryState.PENDING).isEmpty()
                            && db.webhooks().listDeliveries(webhookId, DeliveryState.IN_FLIGHT)
                            .isEmpty()) {
                        break;
                    }
                } catch (MockLoopDbException e) {
                    System.err.println("reading the outbox failed: " + e);
                }
                pause(100);
            }
        }
    }

    /** A flush that returned acknowledges every log enqueued before it; one that timed out acknowledges nothing. */
    private static void acknowledge(LogWriter writer, AtomicLong enqueued) {
        long upTo = enqueued.get();
        while (!writer.flush(Duration.ofSeconds(60))) {
            System.err.println("flush still waiting after 60 s: " + writer.stats());
        }
        say("ACK " + upTo + " " + System.currentTimeMillis());
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
