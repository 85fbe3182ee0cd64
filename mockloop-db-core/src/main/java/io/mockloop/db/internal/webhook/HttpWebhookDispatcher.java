package io.mockloop.db.internal.webhook;

import io.mockloop.db.config.ConfigStore;
import io.mockloop.db.webhook.AttemptOutcome;
import io.mockloop.db.webhook.ClaimedDelivery;
import io.mockloop.db.webhook.DispatcherOptions;
import io.mockloop.db.webhook.WebhookDispatcher;
import io.mockloop.db.webhook.WebhookSignatures;
import io.mockloop.db.webhook.WebhookStore;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link WebhookDispatcher} over the JDK HTTP client: one poller thread claims as many due deliveries as there are
 * free send slots, and {@code concurrency} sender threads send and record them. Thread-safe.
 */
final class HttpWebhookDispatcher implements WebhookDispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(HttpWebhookDispatcher.class);
    private static final int BODY_EXCERPT_BYTES = 8192;

    private final WebhookStore store;
    private final DispatcherOptions options;
    private final ConfigStore config;
    private final Semaphore slots;
    private final Object wake = new Object();
    private final AtomicInteger phase = new AtomicInteger(); // 0 new, 1 running, 2 stopping/closed

    private volatile Duration timeout;
    private volatile Duration lease;
    private volatile HttpClient client;
    private volatile ExecutorService senders;
    private volatile Thread poller;

    HttpWebhookDispatcher(WebhookStore store, DispatcherOptions options, ConfigStore config) {
        this.store = store;
        this.options = options;
        this.config = config;
        this.slots = new Semaphore(options.concurrency());
    }

    @Override
    public void start() {
        if (phase.get() == 2) {
            throw new IllegalStateException("webhook dispatcher '" + options.workerId() + "' was closed; create a new one");
        }
        synchronized (this) {
            if (phase.get() != 0) {
                return;
            }
            timeout = options.timeout().orElseGet(config::webhookTimeout);
            // a claim must outlive one send plus recording it
            lease = timeout.multipliedBy(2).plusSeconds(5);
            client = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
            AtomicInteger n = new AtomicInteger();
            senders = Executors.newFixedThreadPool(options.concurrency(), r -> {
                Thread t = new Thread(r, "webhook-" + options.workerId() + "-send-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
            Thread t = new Thread(this::pollLoop, "webhook-" + options.workerId() + "-poll");
            t.setDaemon(true);
            poller = t;
            phase.set(1);
            t.start();
        }
        LOG.info("webhook dispatcher '{}' started (concurrency {}, timeout {} ms)", options.workerId(),
                options.concurrency(), timeout.toMillis());
    }

    @Override
    public boolean isRunning() {
        return phase.get() == 1;
    }

    @Override
    public String workerId() {
        return options.workerId();
    }

    private boolean running() {
        return phase.get() == 1;
    }

    private void pollLoop() {
        while (running()) {
            int free = slots.availablePermits();
            List<ClaimedDelivery> claims = List.of();
            if (free > 0) {
                try {
                    claims = store.claimDue(free, options.workerId(), lease);
                } catch (RuntimeException e) {
                    if (!running()) {
                        break;
                    }
                    LOG.warn("webhook dispatcher '{}': claiming failed, trying again: {}", options.workerId(),
                            e.toString());
                }
            }
            for (ClaimedDelivery claim : claims) {
                slots.acquireUninterruptibly();
                try {
                    senders.execute(() -> sendAndRecord(claim));
                } catch (java.util.concurrent.RejectedExecutionException e) {
                    slots.release();
                    releaseQuietly(claim);
                }
            }
            if (claims.isEmpty() || claims.size() < free) {
                synchronized (wake) {
                    if (running()) {
                        try {
                            wake.wait(Math.max(1, options.pollInterval().toMillis()));
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            break;
                        }
                    }
                }
            }
        }
    }

    private void sendAndRecord(ClaimedDelivery claim) {
        try {
            if (!running()) {
                releaseQuietly(claim);
                return;
            }
            AttemptOutcome outcome;
            try {
                outcome = send(claim);
            } catch (InterruptedException e) {
                // stopped while in flight: whether the receiver got it is unknown; another worker will send it
                Thread.currentThread().interrupt();
                releaseQuietly(claim);
                return;
            }
            record(claim, outcome);
        } catch (RuntimeException e) {
            LOG.warn("webhook dispatcher '{}': delivery {} failed unexpectedly; its claim will expire: {}",
                    options.workerId(), claim.deliveryId(), e.toString());
        } finally {
            slots.release();
        }
    }

    private void record(ClaimedDelivery claim, AttemptOutcome outcome) {
        try {
            store.recordAttempt(claim, outcome, options.retryPolicy());
        } catch (RuntimeException e) {
            LOG.warn("webhook dispatcher '{}': recording attempt {} of delivery {} failed; its claim will expire"
                    + " and it will be sent again: {}", options.workerId(), claim.attemptNumber(), claim.deliveryId(),
                    e.toString());
        }
    }

    private AttemptOutcome send(ClaimedDelivery claim) throws InterruptedException {
        long start = System.nanoTime();
        HttpRequest request;
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(claim.webhook().url()))
                    .timeout(timeout)
                    .method(claim.webhook().method().name(), HttpRequest.BodyPublishers.ofString(claim.payload()));
            boolean contentType = false;
            for (Map.Entry<String, String> h : claim.webhook().headers().entrySet()) {
                b.header(h.getKey(), h.getValue());
                contentType |= h.getKey().toLowerCase(Locale.ROOT).equals("content-type");
            }
            if (!contentType) {
                b.header("Content-Type", "application/json");
            }
            b.header("User-Agent", "mockloop-db-webhooks");
            b.header("X-Webhook-Event", claim.eventType());
            b.header("X-Webhook-Delivery", Long.toString(claim.deliveryId()));
            b.header("X-Webhook-Attempt", Integer.toString(claim.attemptNumber()));
            claim.webhook().secretKey().ifPresent(secret -> b.header(WebhookSignatures.HEADER,
                    WebhookSignatures.sign(secret, claim.payload(), Instant.now())));
            request = b.build();
        } catch (IllegalArgumentException e) {
            return AttemptOutcome.networkError("request refused by the HTTP client: " + e.getMessage(),
                    elapsed(start));
        }
        HttpClient http = client;
        if (http == null) { // closed while this send waited to start
            return AttemptOutcome.networkError("the dispatcher was closed before the request was sent",
                    elapsed(start));
        }
        try {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            String body;
            try (InputStream in = response.body()) {
                body = new String(in.readNBytes(BODY_EXCERPT_BYTES), StandardCharsets.UTF_8);
            } catch (IOException e) {
                body = null;
            }
            return body == null ? AttemptOutcome.response(response.statusCode(), elapsed(start))
                    : AttemptOutcome.response(response.statusCode(), body, elapsed(start));
        } catch (HttpTimeoutException e) {
            return AttemptOutcome.timeout(elapsed(start));
        } catch (IOException e) {
            return AttemptOutcome.networkError(e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()), elapsed(start));
        }
    }

    private static Duration elapsed(long startNanos) {
        return Duration.ofNanos(Math.max(0, System.nanoTime() - startNanos));
    }

    private void releaseQuietly(ClaimedDelivery claim) {
        try {
            store.release(claim);
        } catch (RuntimeException e) {
            LOG.warn("webhook dispatcher '{}': releasing delivery {} failed; its claim will expire: {}",
                    options.workerId(), claim.deliveryId(), e.toString());
        }
    }

    @Override
    public void close() {
        int before = phase.getAndSet(2);
        if (before != 1) {
            return;
        }
        synchronized (wake) {
            wake.notifyAll();
        }
        Thread p = poller;
        try {
            p.join(Math.max(1000, options.pollInterval().toMillis() * 2));
            senders.shutdown();
            if (!senders.awaitTermination(options.stopGrace().toMillis(), TimeUnit.MILLISECONDS)) {
                senders.shutdownNow();
                if (!senders.awaitTermination(5, TimeUnit.SECONDS)) {
                    LOG.warn("webhook dispatcher '{}': sends still running after stop; their claims will expire",
                            options.workerId());
                }
            }
        } catch (InterruptedException e) {
            senders.shutdownNow();
            Thread.currentThread().interrupt();
        } finally {
            releaseClient();
        }
        LOG.info("webhook dispatcher '{}' stopped", options.workerId());
    }

    /**
     * The JDK's HTTP client runs a selector thread for as long as the client is reachable (Java 17 has no way to
     * stop it; Java 21 adds {@code close()}): close it where the JDK can, and drop our reference either way, so that
     * no thread of ours outlives the dispatcher.
     */
    private void releaseClient() {
        HttpClient c = client;
        client = null;
        if (c instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                LOG.debug("webhook dispatcher '{}': closing the HTTP client failed: {}", options.workerId(),
                        e.toString());
            }
        }
    }

    @Override
    public String toString() {
        Duration t = timeout;
        return "WebhookDispatcher[" + options.workerId() + (isRunning() ? ", running" : "")
                + (t == null ? "" : ", timeout " + t.toMillis() + " ms") + "]";
    }
}
