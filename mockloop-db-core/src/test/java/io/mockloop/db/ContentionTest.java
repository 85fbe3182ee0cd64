package io.mockloop.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mockloop.db.log.LogFilter;
import io.mockloop.db.log.LogPage;
import io.mockloop.db.log.LogWriter;
import io.mockloop.db.log.RequestLog;
import io.mockloop.db.log.RetentionResult;
import io.mockloop.db.log.WriterSettings;
import io.mockloop.db.maintenance.RetentionOutcome;
import io.mockloop.db.maintenance.RetentionRun;
import io.mockloop.db.scenario.EndpointResponse;
import io.mockloop.db.scenario.MockResponseResolver;
import io.mockloop.db.scenario.NewScenario;
import io.mockloop.db.scenario.ResolvedResponse;
import io.mockloop.db.scenario.Scenario;
import io.mockloop.db.scenario.ScenarioConfig;
import io.mockloop.db.server.ServerRegistration;
import io.mockloop.db.testing.DbTarget;
import io.mockloop.db.testing.InternalAccess;
import io.mockloop.db.testing.TestDatabase;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Lock contention on one database: 8 writer threads (request logs appended one by one, in small batches and
 * through two async writers, plus system_config and server config updates), 4 readers (keyset pages, counts,
 * endpoint statistics, the cached resolver), a thread switching the active scenario of every server, and a
 * cleanup thread (request-log cleanup by cutoff and the configured retention run) all run at once for
 * {@code -Dmockloop.contention.seconds} (default 60).
 *
 * <p>Every call either succeeds or the test fails: no busy, locked, deadlock or serialization error may reach a
 * caller. Afterwards the database holds exactly what was acknowledged: every acknowledged "new" log once (by
 * request id), the last value each config writer wrote, the scenario the switcher activated last; and the
 * cleanup deleted exactly the "old" logs (timestamps 60 days back, before every cutoff used), no new one.
 *
 * <p>The three databases run one after the other (never in parallel with each other: they would only measure
 * the machine). A second test holds a SQLite file's write lock from another connection: store calls are retried
 * while it lasts a little, and fail with {@link StoreUnavailableException} (never a raw jOOQ exception) when it
 * outlasts the retries.
 */
@Execution(ExecutionMode.SAME_THREAD)
@ResourceLock("io.mockloop.db.ContentionTest")
class ContentionTest {

    private static final int WRITERS = 8;
    private static final int READERS = 4;
    private static final int SERVERS = 3;
    private static final int OLD_PREFILL = 3_000;
    private static final List<String> SCENARIOS = List.of("calm", "slow", "down");
    private static final String OLD_MARK = "old";
    private static final String NEW_MARK = "new";

    /**
     * The run length in seconds; {@code -Dmockloop.contention.seconds=10} for a quick local run
     * ({@code -Dmockloop.contention.targets=SQLITE_FILE,MARIADB} runs only those).
     */
    static long seconds() {
        return Long.getLong("mockloop.contention.seconds", 60);
    }

    /** What the threads did, counted only for calls that returned. */
    private static final class Tally {
        final Set<String> ackedNew = ConcurrentHashMap.newKeySet();
        final AtomicLong oldAppended = new AtomicLong();
        final AtomicLong appends = new AtomicLong();
        final AtomicLong batches = new AtomicLong();
        final AtomicLong enqueued = new AtomicLong();
        final AtomicLong configSets = new AtomicLong();
        final AtomicLong serverUpdates = new AtomicLong();
        final AtomicLong reads = new AtomicLong();
        final AtomicLong switches = new AtomicLong();
        final AtomicLong cleanups = new AtomicLong();
        final AtomicLong cleanupDeleted = new AtomicLong();
        final Map<String, String> lastConfig = new ConcurrentHashMap<>();
        final Map<String, Long> lastServerConfig = new ConcurrentHashMap<>();
        final Map<String, String> lastActive = new ConcurrentHashMap<>();
        final ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
        final AtomicLong errorCount = new AtomicLong();
        final AtomicLong lastNewCount = new AtomicLong();
        final Map<String, Long> slowest = new ConcurrentHashMap<>();
        final List<LogWriter> asyncWriters = new ArrayList<>();
        final List<List<String>> pending = List.of(new ArrayList<>(), new ArrayList<>());

        void failed(String who, Throwable e) {
            if (errorCount.incrementAndGet() <= 20) {
                StringWriter sw = new StringWriter();
                e.printStackTrace(new PrintWriter(sw));
                errors.add(who + ": " + sw.toString().lines().limit(12).reduce("", (a, b) -> a + "\n  " + b));
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, names = {"SQLITE_FILE", "POSTGRESQL", "MARIADB"})
    void writersReadersScenarioSwitchesAndCleanupShareOneDatabaseWithoutLockErrorsOrLostRows(DbTarget target)
            throws Exception {
        String only = System.getProperty("mockloop.contention.targets", "");
        Assumptions.assumeTrue(only.isBlank() || only.toUpperCase(Locale.ROOT).contains(target.name()),
                "-Dmockloop.contention.targets=" + only + " leaves out " + target);
        long began = System.nanoTime();
        try (TestDatabase tdb = TestDatabase.create(target);
             MockLoopDb db = tdb.builder().poolSize(10).build()) {
            List<String> servers = prepare(db);
            Instant oldTime = Instant.now().minus(Duration.ofDays(60)).truncatedTo(ChronoUnit.MILLIS);
            Instant cutoff = Instant.now().minus(Duration.ofDays(1));
            Tally tally = new Tally();
            tally.oldAppended.addAndGet(prefillOld(db, servers, oldTime));

            long setupMs = (System.nanoTime() - began) / 1_000_000;
            long deadline = System.nanoTime() + Duration.ofSeconds(seconds()).toNanos();
            List<Thread> threads = new ArrayList<>();
            CountDownLatch start = new CountDownLatch(1);
            for (int w = 0; w < WRITERS; w++) {
                int n = w;
                threads.add(thread("writer-" + n, start, deadline, tally, () -> write(db, n, servers, oldTime, tally)));
            }
            for (int r = 0; r < READERS; r++) {
                int n = r;
                MockLoopResolverHolder holder = new MockLoopResolverHolder(db.mockResponses().resolver());
                threads.add(thread("reader-" + n, start, deadline, tally, () -> read(db, n, servers, holder, tally)));
            }
            threads.add(thread("switcher", start, deadline, tally, () -> switchScenario(db, servers, tally)));
            threads.add(thread("cleanup", start, deadline, tally, () -> cleanup(db, cutoff, tally)));
            // the async writers are fed by writers 4 and 5 (see write)
            for (int i = 0; i < 2; i++) {
                tally.asyncWriters.add(db.requestLogs().openWriter(WriterSettings.DEFAULTS.withBatchSize(200)
                        .withLinger(Duration.ofMillis(20))));
            }
            threads.forEach(Thread::start);
            start.countDown();
            for (Thread t : threads) {
                t.join(Duration.ofSeconds(seconds() + 120).toMillis());
                assertThat(t.isAlive()).as("%s still running long after the deadline", t.getName()).isFalse();
            }
            for (int i = 0; i < tally.asyncWriters.size(); i++) {
                LogWriter w = tally.asyncWriters.get(i);
                w.flush();
                tally.ackedNew.addAll(tally.pending.get(i));
                assertThat(w.stats().dropped()).as("async writer dropped logs").isZero();
                w.close();
            }

            long runEnded = System.nanoTime();
            assertThat(tally.errors).as("errors that reached callers on %s (%d in all)", target, tally.errorCount.get())
                    .isEmpty();
            verify(db, servers, tally);
            long verifyMs = (System.nanoTime() - runEnded) / 1_000_000;
            System.out.printf(Locale.ROOT, "contention %s %ds: appends=%d batches=%d enqueued=%d newLogs=%d"
                            + " oldLogs=%d configSets=%d serverUpdates=%d reads=%d switches=%d cleanups=%d"
                            + " cleanupDeleted=%d slowest call ms=%s (setup %d ms, drain and verify %d ms)%n", target, seconds(), tally.appends.get(), tally.batches.get(),
                    tally.enqueued.get(), tally.ackedNew.size(), tally.oldAppended.get(), tally.configSets.get(),
                    tally.serverUpdates.get(), tally.reads.get(), tally.switches.get(), tally.cleanups.get(),
                    tally.cleanupDeleted.get(), new java.util.TreeMap<>(tally.slowest), setupMs, verifyMs);
        }
    }

    /** A resolver per reader thread (each has its own cache). */
    private record MockLoopResolverHolder(MockResponseResolver resolver) {
    }

    @Test
    void aTransactionThatFindsTheSqliteFileLockedIsRetriedAndOtherwiseFailsAsStoreUnavailable() throws Exception {
        try (TestDatabase tdb = TestDatabase.create(DbTarget.SQLITE_FILE);
             MockLoopDb db = tdb.builder().sqlite(new DatabaseSettings.SqliteSettings("WAL", "NORMAL", 10_000,
                     "MEMORY", Duration.ofMillis(100))).build();
             Connection locker = DriverManager.getConnection(tdb.url());
             Statement st = locker.createStatement()) {
            db.servers().register(ServerRegistration.of("locked", "spec.yaml", "out").withId("locked"));
            st.execute("BEGIN IMMEDIATE"); // another process writing, longer than every retry

            // before: raw org.jooq DataAccessException ([SQLITE_BUSY]) from the stores that do not wrap
            assertThatThrownBy(() -> db.config().set("k", "v")).isInstanceOf(StoreUnavailableException.class)
                    .hasMessageContaining("SQLITE_BUSY");
            assertThatThrownBy(() -> db.servers().updateConfig("locked", Map.of("a", 1)))
                    .isInstanceOf(StoreUnavailableException.class);
            assertThatThrownBy(() -> db.scenarios().deactivate("locked")).isInstanceOf(StoreUnavailableException.class);

            Thread release = new Thread(() -> {
                try {
                    Thread.sleep(100);
                    st.execute("ROLLBACK");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            release.start();
            db.config().set("k", "v"); // busy for longer than one busy timeout, then retried
            release.join();
            assertThat(db.config().get("k")).contains("v");
        }
    }

    private static List<String> prepare(MockLoopDb db) {
        db.config().setMaxLogEntries(100_000_000L);
        db.config().setLogRetentionDays(30);
        List<String> servers = new ArrayList<>();
        for (int s = 0; s < SERVERS; s++) {
            String id = db.servers().register(ServerRegistration.of("contention " + s, "spec.yaml", "out")
                    .withId("srv-" + s)).id();
            for (int i = 0; i < SCENARIOS.size(); i++) {
                ScenarioConfig config = ScenarioConfig.empty()
                        .withEndpoint(EndpointResponse.of("GET", "/pets/{petId}", 200 + i, "{\"s\":" + i + "}"));
                db.scenarios().create(NewScenario.of(id, SCENARIOS.get(i), config));
            }
            db.scenarios().activate(id, SCENARIOS.get(0));
            servers.add(id);
        }
        return servers;
    }

    private static long prefillOld(MockLoopDb db, List<String> servers, Instant oldTime) {
        List<RequestLog> logs = new ArrayList<>();
        for (int i = 0; i < OLD_PREFILL; i++) {
            logs.add(log(servers.get(i % servers.size()), OLD_MARK, "prefill-" + i, oldTime.plusMillis(i)));
        }
        return db.requestLogs().appendAll(logs);
    }

    private static RequestLog log(String server, String mark, String requestId, Instant timestamp) {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return RequestLog.builder(r.nextBoolean() ? "GET" : "POST", "/pets/" + r.nextInt(50), r.nextInt(10) == 0 ? 500 : 200)
                .serverId(server).timestamp(timestamp).responseTimeMs(r.nextInt(200)).requestId(requestId)
                .scenarioName(mark).responseBody("{\"ok\":true}").build();
    }

    /** One call of a thread's loop; returns normally or throws what reached the caller. */
    @FunctionalInterface
    private interface Step {
        void run() throws Exception;
    }

    private static Thread thread(String name, CountDownLatch start, long deadline, Tally tally, Step step) {
        Thread t = new Thread(() -> {
            try {
                start.await();
            } catch (InterruptedException e) {
                return;
            }
            while (System.nanoTime() < deadline) {
                long t0 = System.nanoTime();
                try {
                    step.run();
                    tally.slowest.merge(name, (System.nanoTime() - t0) / 1_000_000, Math::max);
                } catch (Throwable e) {
                    tally.failed(name, e);
                    if (tally.errorCount.get() > 1_000) {
                        return;
                    }
                }
            }
        }, "contention-" + name);
        t.setDaemon(true);
        return t;
    }

    private static final ThreadLocal<long[]> SEQ = ThreadLocal.withInitial(() -> new long[1]);

    /**
     * Writers 0-1 append one log per call, 2-3 batches of 10, 4-5 enqueue on an async writer (flushing every
     * 50), 6 sets a system_config key, 7 updates a server's config. Every fifth log of writers 0-3 is "old".
     */
    private static void write(MockLoopDb db, int n, List<String> servers, Instant oldTime, Tally tally) {
        long seq = SEQ.get()[0]++;
        String server = servers.get((int) (seq % servers.size()));
        String id = "w" + n + "-" + seq;
        switch (n) {
            case 0, 1 -> {
                boolean old = seq % 5 == 0;
                long rowId = db.requestLogs().append(log(server, old ? OLD_MARK : NEW_MARK, id,
                        old ? oldTime : null)).orElseThrow();
                assertThat(rowId).isPositive();
                tally.appends.incrementAndGet();
                if (old) {
                    tally.oldAppended.incrementAndGet();
                } else {
                    tally.ackedNew.add(id);
                }
            }
            case 2, 3 -> {
                List<RequestLog> batch = new ArrayList<>();
                List<String> fresh = new ArrayList<>();
                int old = 0;
                for (int i = 0; i < 10; i++) {
                    String rid = id + "-" + i;
                    if (i == 0 && seq % 2 == 0) {
                        batch.add(log(server, OLD_MARK, rid, oldTime));
                        old++;
                    } else {
                        batch.add(log(server, NEW_MARK, rid, null));
                        fresh.add(rid);
                    }
                }
                assertThat(db.requestLogs().appendAll(batch)).isEqualTo(10);
                tally.batches.incrementAndGet();
                tally.oldAppended.addAndGet(old);
                tally.ackedNew.addAll(fresh);
            }
            case 4, 5 -> {
                LogWriter w = tally.asyncWriters.get(n - 4);
                List<String> pending = tally.pending.get(n - 4);
                assertThat(w.enqueue(log(server, NEW_MARK, id, null))).isTrue();
                pending.add(id);
                tally.enqueued.incrementAndGet();
                if (pending.size() >= 50) {
                    w.flush();
                    tally.ackedNew.addAll(pending);
                    pending.clear();
                }
            }
            case 6 -> {
                String key = "contention.key" + (seq % 4);
                String value = "v" + seq;
                db.config().set(key, value);
                tally.lastConfig.put(key, value);
                tally.configSets.incrementAndGet();
            }
            default -> {
                db.servers().updateConfig(server, Map.of("seq", seq, "writer", n));
                tally.lastServerConfig.put(server, seq);
                tally.serverUpdates.incrementAndGet();
            }
        }
    }

    /** Reader n: 0 walks keyset pages, 1 counts (new logs never decrease), 2 endpoint stats, 3 the resolver. */
    private static void read(MockLoopDb db, int n, List<String> servers, MockLoopResolverHolder holder, Tally tally)
            throws InterruptedException {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        String server = servers.get(r.nextInt(servers.size()));
        switch (n) {
            case 0 -> {
                LogFilter filter = LogFilter.builder().server(server).build();
                String cursor = null;
                Set<Long> seen = new HashSet<>();
                for (int i = 0; i < 5; i++) {
                    LogPage page = cursor == null ? db.requestLogs().page(filter, 100)
                            : db.requestLogs().page(filter, 100, cursor);
                    for (RequestLog l : page.items()) {
                        assertThat(seen.add(l.id().orElseThrow())).as("row %s twice while paging", l.id()).isTrue();
                    }
                    if (page.nextCursor().isEmpty()) {
                        break;
                    }
                    cursor = page.nextCursor().get();
                }
            }
            case 1 -> {
                long now = db.requestLogs().count(LogFilter.builder().scenario(NEW_MARK).build());
                long before = tally.lastNewCount.getAndAccumulate(now, Math::max);
                assertThat(now).as("new logs counted (cleanup must never delete one)").isGreaterThanOrEqualTo(before);
            }
            case 2 -> db.requestLogs().endpointStats(LogFilter.builder().server(server)
                    .from(Instant.now().minusSeconds(5)).build());
            default -> {
                Optional<ResolvedResponse> resolved = holder.resolver().resolve(server, "GET", "/pets/" + r.nextInt(9));
                assertThat(resolved).as("a scenario is always active on %s", server).isPresent();
                assertThat(resolved.get().status()).isBetween(200, 202);
                Thread.sleep(1); // a cached lookup takes microseconds: do not let it take a core of the machine
            }
        }
        tally.reads.incrementAndGet();
    }

    private static void switchScenario(MockLoopDb db, List<String> servers, Tally tally) {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        String server = servers.get(r.nextInt(servers.size()));
        String name = SCENARIOS.get(r.nextInt(SCENARIOS.size()));
        Optional<Scenario> previous = db.scenarios().activate(server, name);
        assertThat(previous).as("the previous active scenario of %s", server).isPresent();
        tally.lastActive.put(server, name);
        tally.switches.incrementAndGet();
    }

    /** Alternates a cleanup by cutoff with the configured retention run; both may only delete old logs. */
    private static void cleanup(MockLoopDb db, Instant cutoff, Tally tally) throws InterruptedException {
        if (tally.cleanups.get() % 2 == 0) {
            RetentionResult result = db.requestLogs().cleanup(cutoff);
            assertThat(result.interrupted()).isFalse();
            tally.cleanupDeleted.addAndGet(result.deleted());
        } else {
            RetentionRun run = db.maintenance().runRetentionNow();
            assertThat(run.outcome()).as("retention run: %s", run.error()).isEqualTo(RetentionOutcome.COMPLETED);
            tally.cleanupDeleted.addAndGet(run.deleted("request_logs"));
        }
        tally.cleanups.incrementAndGet();
        Thread.sleep(100);
    }

    private static void verify(MockLoopDb db, List<String> servers, Tally tally) {
        // one last cleanup removes the old logs written since the last pass
        RetentionResult last = db.requestLogs().cleanup(Instant.now().minus(Duration.ofDays(1)));
        tally.cleanupDeleted.addAndGet(last.deleted());
        assertThat(db.requestLogs().count(LogFilter.builder().scenario(OLD_MARK).build()))
                .as("old logs left after the last cleanup").isZero();
        assertThat(tally.cleanupDeleted.get()).as("rows the cleanups deleted = old logs written")
                .isEqualTo(tally.oldAppended.get());

        // one plain read: stream() by scenario pages through the scenario_name index, sorting every match per chunk
        Map<String, Integer> seen = new HashMap<>();
        InternalAccess.dsl(db).select(DSL.field(DSL.name("request_id"), String.class))
                .from(DSL.table(DSL.name("request_logs")))
                .where(DSL.field(DSL.name("scenario_name"), String.class).eq(NEW_MARK))
                .fetch(0, String.class).forEach(id -> seen.merge(id, 1, Integer::sum));
        List<String> twice = seen.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).limit(10)
                .toList();
        assertThat(twice).as("new logs stored more than once").isEmpty();
        Set<String> missing = new HashSet<>(tally.ackedNew);
        missing.removeAll(seen.keySet());
        assertThat(missing).as("acknowledged new logs missing (%d)", missing.size()).isEmpty();
        assertThat(seen.keySet()).as("every stored new log was acknowledged").hasSameSizeAs(tally.ackedNew);
        assertThat(db.requestLogs().count(LogFilter.ALL)).isEqualTo(tally.ackedNew.size());

        tally.lastConfig.forEach((k, v) -> assertThat(db.config().get(k)).as("config %s", k).contains(v));
        tally.lastServerConfig.forEach((s, seq) -> assertThat(((Number) db.servers().get(s).config().get("seq"))
                .longValue()).as("config of server %s", s).isEqualTo(seq));
        for (String s : servers) {
            String expected = tally.lastActive.getOrDefault(s, SCENARIOS.get(0));
            assertThat(db.scenarios().active(s)).map(Scenario::name).as("active scenario of %s", s).contains(expected);
        }
        assertThat(db.scenarios().activeScenarios()).hasSize(servers.size());
        assertThat(db.config().maxLogEntries()).isEqualTo(100_000_000L);
    }
}
