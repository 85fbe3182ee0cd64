package io.mockloop.db.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.mockloop.db.MockLoopDb;
import io.mockloop.db.StoreUnavailableException;
import io.mockloop.db.log.LogFilter;
import io.mockloop.db.log.LogWriter;
import io.mockloop.db.log.RequestLog;
import io.mockloop.db.log.WriterSettings;
import io.mockloop.db.scenario.MockResponseResolver;
import io.mockloop.db.scenario.MockResponseSpec;
import io.mockloop.db.scenario.NewScenario;
import io.mockloop.db.scenario.ScenarioConfig;
import io.mockloop.db.server.ServerRegistration;
import io.mockloop.db.testing.PrivateServer;
import io.mockloop.db.webhook.WebhookSpec;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 17, "a hung server": a private PostgreSQL or MariaDB server (never the shared ones) is frozen with SIGSTOP
 * while the library is busy with it: open connections stay open, the kernel still accepts new ones, and nothing
 * answers. Every public call made while it is frozen (sync {@code append} and {@code appendAll},
 * {@code scenarios().activate}, {@code requestLogs().count}, {@code page} and {@code stream}, a webhook
 * {@code claimDue}, the writer's {@code flush(timeout)}, a cached resolver past its check interval, a {@code count}
 * that was already running when the server froze) returns, or throws {@link StoreUnavailableException}, within the
 * documented bound: socket timeout + pool timeout + connect timeout (README "Timeouts"). After SIGCONT the same
 * {@link MockLoopDb} works and every acknowledged log is stored. A second freeze then shows that {@code close()}
 * ends within its bound too, and that nothing acknowledged was lost.
 *
 * <p>Knobs (system properties): {@code mockloop.hung.targets} ({@code POSTGRESQL,MARIADB} by default),
 * {@code mockloop.hung.socket} (the socket timeout the other timeouts derive from, in the YAML duration grammar;
 * {@code 2s} by default: lengthen it on a slow machine, every bound grows with it) and {@code mockloop.hung.rounds}
 * (freeze and resume rounds before the closing one; 1 by default).
 */
class HungServerTest {

    private static final Duration SOCKET = io.mockloop.db.Durations.parse(
            "mockloop.hung.socket", System.getProperty("mockloop.hung.socket", "2s"));
    private static final Duration STATEMENT = SOCKET.dividedBy(2);
    private static final Duration CONNECT = SOCKET.dividedBy(2);
    private static final Duration POOL = SOCKET.multipliedBy(3).dividedBy(4);
    private static final Duration WRITER_CLOSE = SOCKET.dividedBy(2);
    private static final Duration FLUSH = SOCKET.dividedBy(2);
    private static final int ROUNDS = Integer.getInteger("mockloop.hung.rounds", 1);
    /** JIT warm-up, thread start-up and a 2-core machine that other builds share. */
    private static final Duration SLACK = Duration.ofMillis(2_000);
    /** The README's bound for a call on a hung server, plus slack. */
    private static final Duration CALL_BOUND = SOCKET.plus(POOL).plus(CONNECT).plus(SLACK);
    /** The README's bound for close(): the writers' close timeout, then the pool's (socket + connect), plus slack. */
    private static final Duration CLOSE_BOUND = WRITER_CLOSE.plus(SOCKET).plus(CONNECT).plus(SLACK);
    private static final String SERVER = "hung";

    @ParameterizedTest(name = "{0}")
    @EnumSource(PrivateServer.Kind.class)
    void everyCallEndsWithinItsBoundWhileTheServerIsFrozenAndTheSameDatabaseWorksAfterwards(PrivateServer.Kind kind)
            throws Exception {
        String only = System.getProperty("mockloop.hung.targets", "");
        Assumptions.assumeTrue(only.isBlank() || Arrays.asList(only.toUpperCase(Locale.ROOT).split(","))
                .contains(kind.name()), "excluded by -Dmockloop.hung.targets=" + only);
        long begin = System.nanoTime();
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        ExecutorService pool = Executors.newCachedThreadPool();
        try (PrivateServer server = PrivateServer.start(kind)) {
            MockLoopDb db = MockLoopDb.builder().url(server.url()).poolSize(12).poolTimeout(POOL)
                    .statementTimeout(STATEMENT).connectTimeout(CONNECT).socketTimeout(SOCKET).build();
            try {
                progress(kind, begin, "started");
                setUp(db);
                LogWriter writer = db.requestLogs().openWriter(WriterSettings.DEFAULTS.withBatchSize(20)
                        .withLinger(Duration.ofMillis(5)).withBackoff(Duration.ofMillis(20), Duration.ofMillis(200))
                        .withCloseTimeout(WRITER_CLOSE));
                Producer producer = new Producer(writer);
                producer.start();
                MockResponseResolver resolver = db.mockResponses().resolver(Duration.ofMillis(200));
                assertThat(resolver.resolve(SERVER, "GET", "/hello")).as("resolved before the freeze").isPresent();

                for (int round = 1; round <= ROUNDS; round++) {
                    Map<String, Outcome> outcomes = freezeAndCall(server, db, writer, resolver, acknowledged, pool);
                    progress(kind, begin, "round " + round + " frozen calls ended: " + outcomes);
                    outcomes.forEach((call, o) -> {
                        assertThat(o.failure() == null || o.failure() instanceof StoreUnavailableException)
                                .as(call + " returned or threw StoreUnavailableException, not " + o.failure())
                                .isTrue();
                        assertThat(o.took()).as(call + " ended within the bound").isLessThan(CALL_BOUND);
                    });
                    assertThat(outcomes.get("flush(" + FLUSH.toMillis() + " ms)").took())
                            .as("flush(timeout) keeps to its timeout").isLessThan(FLUSH.plus(SLACK));
                    assertThat(outcomes.get("resolve past the check interval").failure())
                            .as("the resolver answers from its cached copy").isNull();

                    server.resume();
                    progress(kind, begin, "resumed");
                    // the same MockLoopDb serves reads and writes at once
                    long id = db.requestLogs().append(RequestLog.builder("GET", "/after-" + round, 200)
                            .serverId(SERVER).build()).orElseThrow();
                    acknowledged.add("/after-" + round);
                    assertThat(db.requestLogs().get(id).path()).isEqualTo("/after-" + round);
                    db.scenarios().activate(SERVER, round % 2 == 0 ? "a" : "b");
                    // the activation emptied the resolver's cache: fill it again, so that the next round's freeze
                    // finds a cached copy past its check interval (a miss on a frozen server is another case)
                    assertThat(resolver.resolve(SERVER, "GET", "/hello")).isPresent();
                    assertThat(db.requestLogs().count(LogFilter.ALL)).isPositive();
                    assertThat(db.webhooks().claimDue(10, "after-" + round, Duration.ofSeconds(30))).isNotNull();
                    List<String> queued = producer.enqueuedSoFar();
                    assertThat(writer.flush(Duration.ofSeconds(60))).as("the writer caught up").isTrue();
                    acknowledged.addAll(queued); // all enqueued before the flush that returned true
                    assertThat(storedPaths(server)).as("every acknowledged log is stored").containsAll(acknowledged);
                    progress(kind, begin, "round " + round + " checked: " + acknowledged.size() + " logs");
                }

                // the closing round: close() on a frozen server, with the writer and a reader busy
                warmUp(db, acknowledged, pool);
                AtomicReference<Throwable> looping = new AtomicReference<>();
                Future<?> reader = pool.submit(() -> loopCount(db, looping));
                Thread.sleep(50);
                server.pause();
                long t0 = System.nanoTime();
                db.close();
                Duration took = Duration.ofNanos(System.nanoTime() - t0);
                progress(kind, begin, "close() on the frozen server took " + took.toMillis() + " ms");
                assertThat(took).as("close() ended within its bound").isLessThan(CLOSE_BOUND);
                assertThat(db.isClosed()).isTrue();
                producer.stop();
                reader.get(CALL_BOUND.toMillis(), TimeUnit.MILLISECONDS);
                assertThat(looping.get()).as("the reader running at the freeze ended with")
                        .isInstanceOfAny(StoreUnavailableException.class);
                server.resume();
                assertThat(storedPaths(server)).as("every acknowledged log is stored after close()")
                        .containsAll(acknowledged);
                progress(kind, begin, "done: " + acknowledged.size() + " acknowledged logs stored");
            } finally {
                server.resume();
                db.close();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Freezes the server right after a burst of calls and makes every kind of call at once; resumes nothing. */
    private static Map<String, Outcome> freezeAndCall(PrivateServer server, MockLoopDb db, LogWriter writer,
                                                      MockResponseResolver resolver, Set<String> acknowledged,
                                                      ExecutorService pool) throws Exception {
        AtomicInteger n = new AtomicInteger();
        Map<String, Callable<Object>> calls = new LinkedHashMap<>();
        calls.put("append", () -> {
            String path = "/sync-" + n.incrementAndGet();
            db.requestLogs().append(RequestLog.builder("POST", path, 201).serverId(SERVER).build());
            acknowledged.add(path);
            return path;
        });
        calls.put("appendAll", () -> {
            List<RequestLog> logs = new ArrayList<>();
            List<String> paths = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                String path = "/all-" + n.incrementAndGet();
                paths.add(path);
                logs.add(RequestLog.builder("POST", path, 201).serverId(SERVER).build());
            }
            db.requestLogs().appendAll(logs);
            acknowledged.addAll(paths);
            return paths;
        });
        calls.put("activate", () -> db.scenarios().activate(SERVER, "a"));
        calls.put("count", () -> db.requestLogs().count(LogFilter.ALL));
        calls.put("page", () -> db.requestLogs().page(LogFilter.ALL, 10).items().size());
        calls.put("stream", () -> {
            try (var s = db.requestLogs().stream(LogFilter.ALL)) {
                return s.count();
            }
        });
        calls.put("claimDue", () -> db.webhooks().claimDue(10, "worker-1", Duration.ofSeconds(30)));
        calls.put("flush(" + FLUSH.toMillis() + " ms)", () -> writer.flush(FLUSH));
        calls.put("resolve past the check interval", () -> resolver.resolve(SERVER, "GET", "/hello").orElseThrow());

        Thread.sleep(250); // past the resolver's check interval
        warmUp(db, acknowledged, pool);
        // a count that is running when the server freezes
        AtomicReference<Throwable> looping = new AtomicReference<>();
        AtomicLong loopEnded = new AtomicLong();
        Future<?> reader = pool.submit(() -> {
            loopCount(db, looping);
            loopEnded.set(System.nanoTime());
        });
        Thread.sleep(50);
        server.pause();
        long frozenAt = System.nanoTime();
        Map<String, Future<Outcome>> running = new LinkedHashMap<>();
        calls.forEach((name, call) -> running.put(name, pool.submit(() -> timed(call))));
        Map<String, Outcome> outcomes = new LinkedHashMap<>();
        for (Map.Entry<String, Future<Outcome>> e : running.entrySet()) {
            // a call still running long after its bound fails the test with this timeout, not by hanging it
            outcomes.put(e.getKey(), e.getValue().get(CALL_BOUND.toMillis() * 3, TimeUnit.MILLISECONDS));
        }
        reader.get(CALL_BOUND.toMillis() * 3, TimeUnit.MILLISECONDS);
        outcomes.put("count running at the freeze", new Outcome(
                Duration.ofNanos(loopEnded.get() - frozenAt), looping.get()));
        return outcomes;
    }

    /** Several calls at once right before the freeze: the pool then holds connections used in the last 500 ms. */
    private static void warmUp(MockLoopDb db, Set<String> acknowledged, ExecutorService pool) throws Exception {
        List<Future<?>> warm = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String path = "/warm-" + System.nanoTime() + "-" + i;
            warm.add(pool.submit(() -> {
                db.requestLogs().append(RequestLog.builder("GET", path, 200).serverId(SERVER).build());
                acknowledged.add(path);
                return null;
            }));
        }
        for (Future<?> f : warm) {
            f.get(30, TimeUnit.SECONDS);
        }
    }

    /** Counts in a loop until a count fails; the failure is kept. */
    private static void loopCount(MockLoopDb db, AtomicReference<Throwable> failure) {
        try {
            while (true) {
                db.requestLogs().count(LogFilter.ALL);
            }
        } catch (Throwable e) {
            failure.set(e);
        }
    }

    private static Outcome timed(Callable<Object> call) {
        long t0 = System.nanoTime();
        Throwable failure = null;
        try {
            call.call();
        } catch (Throwable e) {
            failure = e;
        }
        return new Outcome(Duration.ofNanos(System.nanoTime() - t0), failure);
    }

    /** How long a call took and what it threw ({@code null}: it returned). */
    private record Outcome(Duration took, Throwable failure) {
        @Override
        public String toString() {
            return took.toMillis() + " ms " + (failure == null ? "returned" : failure.getClass().getSimpleName());
        }
    }

    private static void setUp(MockLoopDb db) {
        db.servers().register(ServerRegistration.of("Hung", "spec.yaml", "out").withId(SERVER));
        db.scenarios().create(NewScenario.of(SERVER, "a", ScenarioConfig.empty()));
        db.scenarios().create(NewScenario.of(SERVER, "b", ScenarioConfig.empty()));
        db.mockResponses().add(SERVER, MockResponseSpec.of("GET", "/hello").withResponse(200, "hi")
                .asDefault(true));
        db.webhooks().create(SERVER, WebhookSpec.of("w", "http://127.0.0.1:9/hook", "request.received"));
        db.webhooks().publish(SERVER, "request.received", "{}");
    }

    /** The paths of the stored logs, read on a connection of its own. */
    private static Set<String> storedPaths(PrivateServer server) throws Exception {
        Set<String> out = new HashSet<>();
        try (Connection c = DriverManager.getConnection(server.url()); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT path FROM request_logs")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private static void progress(PrivateServer.Kind kind, long begin, String what) {
        System.out.printf("%s hung-server test: %s after %d ms%n", kind, what, (System.nanoTime() - begin) / 1_000_000);
    }

    /** Enqueues a log with a unique path every 2 ms or so until stopped; keeps the paths it enqueued. */
    private static final class Producer {
        private final LogWriter writer;
        private final List<String> enqueued = java.util.Collections.synchronizedList(new ArrayList<>());
        private final AtomicBoolean stop = new AtomicBoolean();
        private final Thread thread;

        Producer(LogWriter writer) {
            this.writer = writer;
            this.thread = new Thread(this::run, "hung-test-producer");
            thread.setDaemon(true);
        }

        void start() {
            thread.start();
        }

        private void run() {
            int i = 0;
            try {
                while (!stop.get()) {
                    String path = "/queued-" + i++;
                    if (writer.enqueue(RequestLog.builder("POST", path, 202).serverId(SERVER).build())) {
                        enqueued.add(path);
                    }
                    Thread.sleep(2);
                }
            } catch (InterruptedException | RuntimeException e) {
                // stopped, or the writer closed
            }
        }

        /** @return the paths enqueued so far (acknowledged once a later flush returned true) */
        List<String> enqueuedSoFar() {
            synchronized (enqueued) {
                return List.copyOf(enqueued);
            }
        }

        void stop() throws InterruptedException {
            stop.set(true);
            thread.join(10_000);
        }
    }
}
