package io.mockloop.db.examples;

import com.sun.net.httpserver.HttpServer;
import io.mockloop.db.MockLoopDb;
import io.mockloop.db.server.MockServer;
import io.mockloop.db.server.ServerRegistration;
import io.mockloop.db.webhook.Delivery;
import io.mockloop.db.webhook.DeliveryState;
import io.mockloop.db.webhook.DispatcherOptions;
import io.mockloop.db.webhook.Webhook;
import io.mockloop.db.webhook.WebhookDispatcher;
import io.mockloop.db.webhook.WebhookEvents;
import io.mockloop.db.webhook.WebhookSignatures;
import io.mockloop.db.webhook.WebhookSpec;
import io.mockloop.db.webhook.WebhookStats;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Webhook delivery end to end: a receiver on 127.0.0.1 (the JDK's {@code com.sun.net.httpserver}), a webhook with a
 * secret pointing at it, two published events, and a {@link WebhookDispatcher} that sends them. The receiver checks
 * each delivery's {@code X-Signature} with {@link WebhookSignatures#verify}, as a real receiver would. Runs on an
 * in-memory SQLite database.
 */
public final class WebhookDelivery {

    private WebhookDelivery() {
    }

    /** What the receiver saw: the headers that matter, the body, and whether the signature verified. */
    private record Received(String event, String attempt, String body, boolean verified) {
    }

    /**
     * @param args ignored
     * @throws InterruptedException when interrupted while waiting for the deliveries
     */
    public static void main(String[] args) throws InterruptedException {
        String secret = WebhookSignatures.generateSecret();
        BlockingQueue<Received> inbox = new ArrayBlockingQueue<>(16);
        HttpServer receiver = startReceiver(secret, inbox);
        try (MockLoopDb db = MockLoopDb.inMemory()) {
            MockServer server = db.servers().register(
                    ServerRegistration.of("Pet Store", "specs/petstore.yaml", "generated/petstore"));
            String url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hooks";
            Webhook hook = db.webhooks().create(server.id(), WebhookSpec.of("ci-notifier", url,
                    WebhookEvents.SCENARIO_CHANGED, WebhookEvents.SERVER_STARTED).withSecret(secret));
            System.out.println("webhook " + hook.name() + " -> " + hook.url() + " " + hook.events());

            // publish records durable deliveries; the dispatcher sends them in the background
            db.webhooks().publish(server.id(), WebhookEvents.SERVER_STARTED, "{\"server\": \"Pet Store\"}");
            db.webhooks().publish(server.id(), WebhookEvents.SCENARIO_CHANGED, "{\"scenario\": \"happy-path\"}");
            db.webhooks().publish(server.id(), WebhookEvents.REQUEST_RECEIVED, "{\"not\": \"subscribed\"}");

            try (WebhookDispatcher dispatcher = db.webhooks().dispatcher(DispatcherOptions.defaults()
                    .withPollInterval(Duration.ofMillis(50)).withTimeout(Duration.ofSeconds(5)))) {
                dispatcher.start();
                for (int i = 0; i < 2; i++) {
                    Received r = inbox.poll(10, TimeUnit.SECONDS);
                    if (r == null) {
                        throw new IllegalStateException("no delivery arrived within 10 s");
                    }
                    System.out.printf("received %-16s attempt %s, signature %s: %s%n", r.event(), r.attempt(),
                            r.verified() ? "verified" : "INVALID", r.body());
                }
                awaitSucceeded(db, hook.id());
            }
            WebhookStats stats = db.webhooks().stats(hook.id());
            System.out.println("deliveries: " + stats.successes() + " of " + stats.attempts()
                    + " attempts succeeded; states " + db.webhooks().listDeliveries(hook.id())
                    .stream().map(Delivery::state).toList());
        } finally {
            receiver.stop(0);
        }
    }

    private static HttpServer startReceiver(String secret, BlockingQueue<Received> inbox) {
        try {
            HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            http.createContext("/hooks", exchange -> {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                var h = exchange.getRequestHeaders();
                boolean verified = WebhookSignatures.verify(secret, body, h.getFirst(WebhookSignatures.HEADER),
                        Instant.now());
                inbox.add(new Received(h.getFirst("X-Webhook-Event"), h.getFirst("X-Webhook-Attempt"), body, verified));
                exchange.sendResponseHeaders(verified ? 204 : 401, -1);
                exchange.close();
            });
            http.start();
            return http;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the local receiver", e);
        }
    }

    /** The receiver answers before the dispatcher records the attempt: wait (briefly) until both are recorded. */
    private static void awaitSucceeded(MockLoopDb db, long webhookId) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (db.webhooks().listDeliveries(webhookId, DeliveryState.SUCCEEDED).size() < 2) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("deliveries not recorded as succeeded within 10 s");
            }
            Thread.sleep(20);
        }
    }
}
