package io.mockloop.db.webhook;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A webhook receiver on 127.0.0.1 (the JDK's HTTP server) that records what it gets and answers as told. Public for
 * the many-process test in {@code io.mockloop.db.fleet}. Thread-safe.
 */
public final class Receiver implements AutoCloseable {

    /** One request received; header names in lower case. */
    public record Received(String method, String path, Map<String, String> headers, String body, int seq) {
        /** @param name a header name, any case @return its first value, or {@code null} when absent */
        public String header(String name) {
            return headers.get(name.toLowerCase(java.util.Locale.ROOT));
        }
    }

    /** What to answer: a status and how long to wait first. */
    public record Answer(int status, long delayMillis) {
        public static Answer of(int status) {
            return new Answer(status, 0);
        }
    }

    private final HttpServer server;
    private final ExecutorService pool = Executors.newFixedThreadPool(16);
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> perDelivery = new ConcurrentHashMap<>();
    private final AtomicInteger seq = new AtomicInteger();
    private volatile Function<Received, Answer> responder = r -> Answer.of(200);

    /** Starts listening on a free port. @throws IOException when it cannot */
    public Receiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.setExecutor(pool);
        server.createContext("/", ex -> {
            try (ex) {
                String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                Map<String, String> headers = new java.util.HashMap<>();
                ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), v.get(0)));
                Received r = new Received(ex.getRequestMethod(), ex.getRequestURI().getPath(), headers, body,
                        seq.incrementAndGet());
                received.add(r);
                String delivery = headers.get("x-webhook-delivery");
                if (delivery != null) {
                    perDelivery.computeIfAbsent(delivery, k -> new AtomicInteger()).incrementAndGet();
                }
                Answer a = responder.apply(r);
                if (a.delayMillis() > 0) {
                    try {
                        Thread.sleep(a.delayMillis());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                byte[] out = ("status " + a.status()).getBytes(StandardCharsets.UTF_8);
                ex.sendResponseHeaders(a.status(), out.length);
                try (OutputStream os = ex.getResponseBody()) {
                    os.write(out);
                } catch (IOException e) {
                    // the client gave up (timeout test)
                }
            }
        });
        server.start();
    }

    /** @param path a path @return the receiver's URL for it */
    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** @param f what to answer each request from now on (200 until set) */
    public void respond(Function<Received, Answer> f) {
        responder = f;
    }

    /** @return the requests received so far, in arrival order */
    public List<Received> received() {
        return List.copyOf(received);
    }

    /** @return how many requests arrived per {@code X-Webhook-Delivery} value (live) */
    public Map<String, AtomicInteger> perDelivery() {
        return perDelivery;
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }
}
