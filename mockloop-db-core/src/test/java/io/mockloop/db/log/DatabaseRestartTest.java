package io.mockloop.db.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mockloop.db.MockLoopDb;
import io.mockloop.db.StoreUnavailableException;
import io.mockloop.db.server.ServerRegistration;
import io.mockloop.db.testing.PrivateServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 11, "database restarted": a private PostgreSQL or MariaDB server (never the shared ones) is stopped cleanly
 * and later killed with SIGKILL while a thread keeps enqueueing request logs through the async writer. The writer
 * retries, nothing queued is lost and nothing is stored twice, not even the batch whose commit the stop or the crash
 * cut off (its outcome is unknown to the writer, which looks before storing it again). The same
 * {@link MockLoopDb} serves reads and writes afterwards, and a synchronous call during the outage fails with
 * {@link StoreUnavailableException}, naming the refused connection, once the pool timeout passes, not before.
 */
class DatabaseRestartTest {

    private static final Duration POOL_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration OUTAGE = Duration.ofSeconds(3);
    private static final int BATCH = 50;

    @ParameterizedTest(name = "{0}")
    @EnumSource(PrivateServer.Kind.class)
    void theWriterKeepsEveryQueuedLogAcrossAStopAndACrashAndThePoolRecovers(PrivateServer.Kind kind) throws Exception {
        long begin = System.nanoTime();
        try (PrivateServer server = PrivateServer.start(kind);
             MockLoopDb db = MockLoopDb.builder().url(server.url()).poolSize(4).poolTimeout(POOL_TIMEOUT).build()) {
            LogWriter writer = db.requestLogs().openWriter(WriterSettings.DEFAULTS.withBatchSize(BATCH)
                    .withLinger(Duration.ofMillis(5)).withBackoff(Duration.ofMillis(20), Duration.ofMillis(500)));
            progress(kind, begin, "started");
            Producer producer = new Producer(writer);

            producer.start();
            try {
                producer.awaitCount(200);

                // a clean stop: a synchronous call fails only after the pool timeout, with a typed, clear error
                server.stop();
                progress(kind, begin, "stopped");
                long failedBefore = writer.stats().failed();
                long t0 = System.nanoTime();
                assertThatThrownBy(() -> db.requestLogs().append(RequestLog.builder("GET", "/sync", 200).build()))
                        .isInstanceOf(StoreUnavailableException.class)
                        .hasMessageContaining("append a request log failed on " + server.url())
                        .hasMessageContaining("Connection is not available, request timed out after")
                        .hasMessageContaining("; the last attempt to connect failed: ")
                        .hasMessageContaining("refused")
                        .satisfies(e -> System.out.println("sync append while down: " + e.getMessage()));
                // after one pool timeout, not three (jOOQ's rollback used to borrow twice more)
                assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(POOL_TIMEOUT
                        .minusMillis(100)).isLessThan(POOL_TIMEOUT.multipliedBy(2));
                progress(kind, begin, "sync call failed");
                assertThat(writer.flush(Duration.ofMillis(500))).as("flush while the server is down").isFalse();
                progress(kind, begin, "flush timed out");
                pause(OUTAGE.minus(POOL_TIMEOUT));
                progress(kind, begin, "outage over");
                assertThat(writer.stats().failed()).as("batches retried during the outage").isGreaterThan(failedBefore);
                int enqueuedWhileDown = producer.count();
                server.start();
                assertThat(writer.flush(Duration.ofSeconds(60))).as("flush after the restart").isTrue();
                progress(kind, begin, "restarted and flushed");
                assertThat(producer.count()).isGreaterThan(enqueuedWhileDown);

                // a crash: every process of the server is killed, then it recovers and the writer catches up
                producer.awaitCount(producer.count() + 200);
                server.kill();
                progress(kind, begin, "killed");
                pause(Duration.ofSeconds(1));
                server.start();
                assertThat(writer.flush(Duration.ofSeconds(60))).as("flush after the crash").isTrue();
                progress(kind, begin, "recovered and flushed");
                producer.awaitCount(producer.count() + 100);
            } finally {
                producer.stop();
            }
            assertThat(producer.failure()).isNull();
            assertThat(writer.flush(Duration.ofSeconds(60))).isTrue();

            Map<String, Integer> stored = storedPaths(server.url());
            int enqueued = producer.count();
            Set<String> expected = IntStream.range(0, enqueued).mapToObj(i -> "/orders/" + i).collect(Collectors.toSet());
            assertThat(stored.keySet()).as("every enqueued log is stored").isEqualTo(expected);
            // a server that goes away while a batch commits (MariaDB closes the socket after committing, even on a
            // clean shutdown) leaves the outcome unknown to the writer, which looks before storing the batch again
            Map<String, Integer> twice = stored.entrySet().stream().filter(e -> e.getValue() > 1)
                    .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
            assertThat(twice).as("logs stored twice").isEmpty();
            System.out.printf("%s restart test: %d logs enqueued, each stored once%n", kind, enqueued);
            long rows = stored.values().stream().mapToLong(Integer::longValue).sum();
            assertThat(writer.stats().dropped()).isZero();
            assertThat(writer.stats().written()).as("logs the writer saw committed").isEqualTo(enqueued);

            // the same facade reads and writes without a restart of the host
            assertThat(db.requestLogs().count(LogFilter.ALL)).isEqualTo(rows);
            long id = db.requestLogs().append(RequestLog.builder("GET", "/after", 200).build()).orElseThrow();
            assertThat(db.requestLogs().get(id).path()).isEqualTo("/after");
            assertThat(db.servers().register(ServerRegistration.of("after-restart", "spec.yaml", "out")).name())
                    .isEqualTo("after-restart");
            assertThat(server.starts()).isEqualTo(3);
            writer.close();
        }
    }

    /** Paths of the stored logs and how often each is there, read on a connection of its own. */
    private static Map<String, Integer> storedPaths(String url) throws Exception {
        Map<String, Integer> out = new HashMap<>();
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT path FROM request_logs")) {
            while (rs.next()) {
                out.merge(rs.getString(1), 1, Integer::sum);
            }
        }
        return out;
    }

    private static void progress(PrivateServer.Kind kind, long begin, String what) {
        System.out.printf("%s restart test: %s after %d ms%n", kind, what, (System.nanoTime() - begin) / 1_000_000);
    }

    private static void pause(Duration d) throws InterruptedException {
        Thread.sleep(d.toMillis());
    }

    /** Enqueues a log with a unique path every millisecond or so until stopped. */
    private static final class Producer {
        private final LogWriter writer;
        private final AtomicInteger count = new AtomicInteger();
        private final AtomicBoolean stop = new AtomicBoolean();
        private final AtomicReference<Throwable> failure = new AtomicReference<>();
        private final Thread thread;

        Producer(LogWriter writer) {
            this.writer = writer;
            this.thread = new Thread(this::run, "restart-test-producer");
        }

        void start() {
            thread.start();
        }

        private void run() {
            try {
                while (!stop.get()) {
                    int n = count.get();
                    writer.enqueue(RequestLog.builder("POST", "/orders/" + n, 201).serverId("petstore")
                            .responseTimeMs(n % 50).build());
                    count.incrementAndGet();
                    Thread.sleep(1);
                }
            } catch (Throwable e) {
                failure.set(e);
            }
        }

        int count() {
            return count.get();
        }

        void awaitCount(int n) throws InterruptedException {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (count.get() < n && failure.get() == null && System.nanoTime() - deadline < 0) {
                Thread.sleep(5);
            }
        }

        void stop() throws InterruptedException {
            stop.set(true);
            thread.join(30_000);
        }

        Throwable failure() {
            return failure.get();
        }
    }
}
