package io.mockloop.db.faults;

import static io.mockloop.db.internal.jooq.generated.Tables.REQUEST_LOGS;
import static io.mockloop.db.internal.jooq.generated.Tables.SYSTEM_CONFIG;
import static org.assertj.core.api.Assertions.assertThat;

import io.mockloop.db.MockLoopDb;
import io.mockloop.db.log.RequestLogStore;
import io.mockloop.db.maintenance.RetentionOutcome;
import io.mockloop.db.maintenance.RetentionRun;
import io.mockloop.db.testing.ChildJvm;
import io.mockloop.db.testing.DbTarget;
import io.mockloop.db.testing.InternalAccess;
import io.mockloop.db.testing.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.jooq.DSLContext;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A process running retention over many expired logs is killed with SIGKILL mid-way: only whole chunks are gone
 * (the oldest ones, in id order), nothing newer than the cutoff is touched, and the next run is not kept out by
 * the lock the dead process held. Rerun with {@code -Dmockloop.kill.seed=N}.
 */
class KilledCleanupTest {

    /** Kills per database. */
    static final int ROUNDS = 3;
    /** Expired logs per round (whole chunks). */
    static final int OLD = 8 * RequestLogStore.RETENTION_CHUNK;
    /** Recent logs per round, interleaved with the expired ones by id. */
    static final int NEW_PER_CHUNK = 20;

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, names = {"SQLITE_FILE", "POSTGRESQL"})
    void aCleanupKilledMidWayLeavesWholeChunksAndDoesNotBlockTheNextRun(DbTarget target) throws Exception {
        long seed = Long.getLong("mockloop.kill.seed", System.nanoTime());
        Random random = new Random(seed);
        String seedNote = "seed " + seed + " (rerun with -Dmockloop.kill.seed=" + seed + ")";
        Path stderr = KillChecks.stderrFile("killed-cleanup-");
        Instant now = Instant.now();
        Instant expired = now.minus(Duration.ofDays(60)); // log_retention_days is 30
        int midCleanup = 0;
        int lockLeft = 0;
        StringBuilder landed = new StringBuilder();
        try (TestDatabase tdb = TestDatabase.create(target)) {
            for (int round = 0; round < ROUNDS; round++) {
                String context = target + " kill " + (round + 1) + " of " + ROUNDS + ", " + seedNote;
                List<Long> oldIds;
                List<Long> newIds;
                try (MockLoopDb db = tdb.builder().poolSize(2).build()) {
                    DSLContext dsl = InternalAccess.dsl(db);
                    dsl.deleteFrom(REQUEST_LOGS).execute();
                    fill(dsl, expired, now.minus(Duration.ofDays(1)));
                    oldIds = dsl.select(REQUEST_LOGS.ID).from(REQUEST_LOGS).where(REQUEST_LOGS.PATH.startsWith("/old/"))
                            .orderBy(REQUEST_LOGS.ID).fetch(REQUEST_LOGS.ID);
                    newIds = dsl.select(REQUEST_LOGS.ID).from(REQUEST_LOGS).where(REQUEST_LOGS.PATH.startsWith("/new/"))
                            .orderBy(REQUEST_LOGS.ID).fetch(REQUEST_LOGS.ID);
                }
                // the first kill lands within 100 ms of the run's start, the others once the parent sees a chosen
                // number of chunks gone
                int killAfterChunks = round == 0 ? 0 : 1 + random.nextInt(OLD / RequestLogStore.RETENTION_CHUNK - 2);
                try (ChildJvm child = ChildJvm.start(KillChild.class, stderr, "cleanup", tdb.url())) {
                    KillChecks.await(child, "CLEANING", Duration.ofSeconds(60), context);
                    if (killAfterChunks == 0) {
                        Thread.sleep(random.nextInt(100));
                    } else {
                        awaitDeleted(tdb, child, killAfterChunks * RequestLogStore.RETENTION_CHUNK, context);
                    }
                    child.kill9();
                }

                if (target == DbTarget.SQLITE_FILE) {
                    assertThat(KillChecks.integrity(tdb)).as(context + ": integrity_check").isEqualTo("ok");
                }
                List<Long> oldLeft = KillChecks.jdbc(tdb, c -> KillChecks.column(c,
                        "SELECT id FROM request_logs WHERE path LIKE '/old/%' ORDER BY id")).stream().map(Long::valueOf).toList();
                List<Long> newLeft = KillChecks.jdbc(tdb, c -> KillChecks.column(c,
                        "SELECT id FROM request_logs WHERE path LIKE '/new/%' ORDER BY id")).stream().map(Long::valueOf).toList();
                int deleted = OLD - oldLeft.size();
                landed.append(round == 0 ? "" : ", ").append(deleted);
                if (deleted > 0 && deleted < OLD) {
                    midCleanup++;
                }
                assertThat(deleted % RequestLogStore.RETENTION_CHUNK).as(context + ": " + deleted
                        + " expired logs deleted, not whole chunks of " + RequestLogStore.RETENTION_CHUNK).isZero();
                assertThat(oldLeft).as(context + ": the expired logs left are the newest ones, in id order")
                        .isEqualTo(oldIds.subList(deleted, OLD));
                assertThat(newLeft).as(context + ": logs newer than the cutoff").isEqualTo(newIds);
                if (target == DbTarget.SQLITE_FILE && KillChecks.jdbc(tdb, c -> !KillChecks.column(c,
                        "SELECT value FROM system_config WHERE key = 'mockloop.retention.lock'").isEmpty())) {
                    lockLeft++;
                }

                KillChecks.reopen(tdb, context, db -> {
                    RetentionRun run = nextRun(db, context);
                    assertThat(run.outcome()).as(context + ": the run after the kill, " + run).isEqualTo(RetentionOutcome.COMPLETED);
                    assertThat(run.deleted("request_logs")).as(context + ": the run after the kill").isEqualTo(oldLeft.size());
                    DSLContext dsl = InternalAccess.dsl(db);
                    assertThat(dsl.fetchCount(REQUEST_LOGS, REQUEST_LOGS.PATH.startsWith("/old/"))).isZero();
                    assertThat(dsl.fetchCount(REQUEST_LOGS, REQUEST_LOGS.PATH.startsWith("/new/"))).isEqualTo(newIds.size());
                    assertThat(dsl.fetchCount(SYSTEM_CONFIG, SYSTEM_CONFIG.KEY.eq("mockloop.retention.lock"))).isZero();
                    return null;
                });
            }
        }
        System.out.printf("KilledCleanupTest %s: %d kills during retention of %d expired logs (chunks of %d), %d"
                + " mid-cleanup (expired logs deleted at each kill: %s), whole chunks only, recent logs untouched;"
                + " lease left by %d dead processes, taken over by the next run at once; %s%n", target, ROUNDS, OLD,
                RequestLogStore.RETENTION_CHUNK, midCleanup, landed, lockLeft, seedNote);
    }

    /** Expired logs {@code /old/N}, oldest first, with {@link #NEW_PER_CHUNK} recent ones after each chunk's worth. */
    private static void fill(DSLContext dsl, Instant expired, Instant recent) {
        dsl.transaction(cfg -> {
            DSLContext tx = cfg.dsl();
            for (int chunk = 0; chunk < OLD / RequestLogStore.RETENTION_CHUNK; chunk++) {
                for (int part = 0; part < 2; part++) {
                    var insert = tx.insertInto(REQUEST_LOGS, REQUEST_LOGS.TIMESTAMP, REQUEST_LOGS.METHOD,
                            REQUEST_LOGS.PATH, REQUEST_LOGS.RESPONSE_STATUS, REQUEST_LOGS.SERVER_ID);
                    int half = RequestLogStore.RETENTION_CHUNK / 2;
                    for (int i = 0; i < half; i++) {
                        int n = chunk * RequestLogStore.RETENTION_CHUNK + part * half + i;
                        insert = insert.values(expired.plusSeconds(n), "GET", "/old/" + n, 200, "kill");
                    }
                    insert.execute();
                    var recentInsert = tx.insertInto(REQUEST_LOGS, REQUEST_LOGS.TIMESTAMP, REQUEST_LOGS.METHOD,
                            REQUEST_LOGS.PATH, REQUEST_LOGS.RESPONSE_STATUS, REQUEST_LOGS.SERVER_ID);
                    for (int i = 0; i < NEW_PER_CHUNK / 2; i++) {
                        recentInsert = recentInsert.values(recent.plusSeconds(i), "GET", "/new/" + chunk + "-" + part
                                + "-" + i, 200, "kill");
                    }
                    recentInsert.execute();
                }
            }
        });
    }

    /** Polls the expired count on a connection of its own until {@code n} are gone (or the child ended). */
    private static void awaitDeleted(TestDatabase tdb, ChildJvm child, int n, String context) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        try (Connection c = DriverManager.getConnection(tdb.url())) {
            while (child.isAlive()) {
                int left = Integer.parseInt(KillChecks.column(c,
                        "SELECT COUNT(*) FROM request_logs WHERE path LIKE '/old/%'").get(0));
                if (OLD - left >= n) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError(context + ": " + n + " expired logs not deleted within 120 s; stderr:\n"
                            + KillChecks.stderrOf(child));
                }
                Thread.sleep(3);
            }
        }
    }

    /**
     * The next run. On PostgreSQL the dead client's session (and its advisory lock) may outlive it by a moment: a
     * run skipped as locked is retried for up to 10 s. On SQLite it must not be skipped at all.
     */
    private static RetentionRun nextRun(MockLoopDb db, String context) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            RetentionRun run = db.maintenance().runRetentionNow();
            if (run.outcome() != RetentionOutcome.SKIPPED_LOCKED || context.startsWith("SQLITE")
                    || System.nanoTime() > deadline) {
                return run;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return run;
            }
        }
    }
}
