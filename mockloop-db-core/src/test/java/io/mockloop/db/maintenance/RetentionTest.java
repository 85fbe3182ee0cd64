package io.mockloop.db.maintenance;

import static io.mockloop.db.internal.jooq.generated.Tables.REQUEST_LOGS;
import static io.mockloop.db.internal.jooq.generated.Tables.SYSTEM_CONFIG;
import static io.mockloop.db.internal.jooq.generated.Tables.WEBHOOK_DELIVERIES;
import static io.mockloop.db.maintenance.RetentionFixtures.await;
import static io.mockloop.db.maintenance.RetentionFixtures.count;
import static io.mockloop.db.maintenance.RetentionFixtures.deliveries;
import static io.mockloop.db.maintenance.RetentionFixtures.sleep;
import static io.mockloop.db.maintenance.RetentionFixtures.webhook;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mockloop.db.MockLoopDb;
import io.mockloop.db.StoreUnavailableException;
import io.mockloop.db.UnsupportedFeatureException;
import io.mockloop.db.testing.DbTarget;
import io.mockloop.db.testing.InternalAccess;
import io.mockloop.db.testing.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The retention schedule, its locks across instances and processes, its reporting and closing. */
class RetentionTest {

    private static final Instant NOW = Instant.now();

    @ParameterizedTest(name = "{0}")
    @EnumSource(DbTarget.class)
    void theScheduleWithAShortIntervalRemovesExactlyTheExpiredRows(DbTarget target) {
        RetentionFixtures.Recorder recorder = new RetentionFixtures.Recorder();
        try (TestDatabase tdb = TestDatabase.create(target);
             MockLoopDb db = tdb.builder().retention(RetentionSettings.every(Duration.ofMillis(50))
                     .withInitialDelay(Duration.ZERO).withListener(recorder)).build()) {
            long hook = webhook(db, "petstore");
            Instant before = Instant.now();
            InternalAccess.dsl(db).transaction(cfg -> { // one commit: no run sees half of it
                deliveries(cfg.dsl(), hook, 3, NOW.minus(Duration.ofDays(8)));
                deliveries(cfg.dsl(), hook, 2, NOW.minus(Duration.ofDays(6)));
                RetentionFixtures.logs(cfg.dsl(), 3, NOW.minus(Duration.ofDays(31)));
                RetentionFixtures.logs(cfg.dsl(), 4, NOW.minus(Duration.ofDays(29)));
            });
            Instant inserted = Instant.now();

            RetentionRun run = recorder.completedAfter(inserted);
            assertThat(count(db, WEBHOOK_DELIVERIES)).isEqualTo(2);
            assertThat(count(db, REQUEST_LOGS)).isEqualTo(4);
            assertThat(InternalAccess.dsl(db).fetchCount(REQUEST_LOGS, REQUEST_LOGS.TIMESTAMP
                    .lt(NOW.minus(Duration.ofDays(30))))).isZero();
            assertThat(run.error()).isEmpty();
            assertThat(run.deletedRows()).containsOnlyKeys("request_logs", "webhook_deliveries");
            // the run that saw the rows may have started before the commit: count every run that ended after it
            assertThat(recorder.finished.stream().filter(r -> !r.endedAt().isBefore(before))
                    .mapToLong(r -> r.deleted("webhook_deliveries")).sum()).isEqualTo(3);
            assertThat(recorder.finished.stream().filter(r -> !r.endedAt().isBefore(before))
                    .mapToLong(r -> r.deleted("request_logs")).sum()).isEqualTo(3);
            assertThat(recorder.finished).allSatisfy(r -> assertThat(r.outcome()).isEqualTo(RetentionOutcome.COMPLETED));
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(DbTarget.class)
    void settingsChangedInSystemConfigTakeEffectAtTheNextRunWithoutARestart(DbTarget target) {
        RetentionFixtures.Recorder recorder = new RetentionFixtures.Recorder();
        try (TestDatabase tdb = TestDatabase.create(target);
             MockLoopDb db = tdb.builder().retention(RetentionSettings.every(Duration.ofMillis(40))
                     .withInitialDelay(Duration.ZERO).withListener(recorder)).build()) {
            InternalAccess.dsl(db).transaction(cfg -> {
                RetentionFixtures.logs(cfg.dsl(), 5, NOW.minus(Duration.ofDays(20)));
                RetentionFixtures.logs(cfg.dsl(), 4, NOW.minus(Duration.ofDays(5)));
            });
            recorder.completedAfter(Instant.now());
            assertThat(count(db, REQUEST_LOGS)).isEqualTo(9); // 30 days by default

            db.config().setLogRetentionDays(10);
            recorder.completedAfter(Instant.now());
            assertThat(count(db, REQUEST_LOGS)).isEqualTo(4);

            db.config().setMaxLogEntries(2);
            recorder.completedAfter(Instant.now());
            assertThat(count(db, REQUEST_LOGS)).isEqualTo(2);
            long newest = InternalAccess.dsl(db).select(org.jooq.impl.DSL.max(REQUEST_LOGS.ID)).from(REQUEST_LOGS)
                    .fetchOne(0, Long.class);
            assertThat(InternalAccess.dsl(db).select(REQUEST_LOGS.ID).from(REQUEST_LOGS).orderBy(REQUEST_LOGS.ID)
                    .fetch(REQUEST_LOGS.ID)).containsExactly(newest - 1, newest);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, names = {"SQLITE_FILE", "POSTGRESQL", "MYSQL", "MARIADB"})
    void closingDuringARunFinishesTheCurrentChunkAndStops(DbTarget target) throws Exception {
        int chunk = io.mockloop.db.log.RequestLogStore.RETENTION_CHUNK;
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch blocked = new CountDownLatch(1);
        RetentionFixtures.Recorder recorder = new RetentionFixtures.Recorder() {
            @Override
            public void runStarted(RetentionRun run) {
                inside.countDown();
                try {
                    blocked.await(20, TimeUnit.SECONDS); // until another connection blocks the first chunk
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        try (TestDatabase tdb = TestDatabase.create(target); MockLoopDb setup = tdb.builder().build()) {
            RetentionFixtures.logs(setup, 2 * chunk + chunk / 2, NOW.minus(Duration.ofDays(40)));
            long firstId = InternalAccess.dsl(setup).select(org.jooq.impl.DSL.min(REQUEST_LOGS.ID)).from(REQUEST_LOGS)
                    .fetchOne(0, Long.class);
            MockLoopDb db = tdb.builder().retention(RetentionSettings.DEFAULTS.withInitialDelay(Duration.ZERO)
                    .withListener(recorder)).build();
            assertThat(inside.await(20, TimeUnit.SECONDS)).isTrue();
            java.util.concurrent.Future<?> closing;
            try (java.sql.Connection blocker = java.sql.DriverManager.getConnection(tdb.url())) {
                blocker.setAutoCommit(false);
                try (java.sql.Statement st = blocker.createStatement()) {
                    if (target == DbTarget.SQLITE_FILE) {
                        st.executeUpdate("UPDATE request_logs SET method = 'GET' WHERE id = " + firstId); // write lock
                    } else {
                        st.executeQuery("SELECT id FROM request_logs WHERE id = " + firstId + " FOR UPDATE").close();
                    }
                }
                blocked.countDown();
                sleep(300); // the first chunk now waits for the blocker
                closing = java.util.concurrent.Executors.newSingleThreadExecutor().submit(db::close);
                sleep(200); // close has interrupted the run, which is still inside its first chunk
                assertThat(closing.isDone()).isFalse();
                blocker.commit();
            }
            closing.get(30, TimeUnit.SECONDS);

            RetentionRun run = recorder.finished.get(recorder.finished.size() - 1);
            assertThat(run.outcome()).isEqualTo(RetentionOutcome.INTERRUPTED);
            assertThat(run.deleted("request_logs")).isEqualTo(chunk);
            assertThat(run.deletedRows()).doesNotContainKey("webhook_deliveries");
            assertThat(count(setup, REQUEST_LOGS)).isEqualTo(chunk + chunk / 2);
            assertThat(db.isClosed()).isTrue();
            // the lock is free again: another instance cleans the rest
            RetentionRun rest = setup.maintenance().runRetentionNow();
            assertThat(rest.outcome()).isEqualTo(RetentionOutcome.COMPLETED);
            assertThat(rest.deleted("request_logs")).isEqualTo(chunk + chunk / 2);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, mode = EnumSource.Mode.EXCLUDE, names = "POSTGRESQL_PARTITIONED")
    void aFailedRunIsReportedWithItsErrorAndReleasesTheLock(DbTarget target) {
        RetentionFixtures.Recorder recorder = new RetentionFixtures.Recorder();
        try (TestDatabase tdb = TestDatabase.create(target);
             MockLoopDb db = tdb.builder().retention(RetentionSettings.every(Duration.ofMillis(20))
                     .withInitialDelay(Duration.ofHours(1)).withListener(recorder)).build()) {
            RetentionFixtures.logs(db, 2, NOW.minus(Duration.ofDays(40)));
            InternalAccess.dsl(db).execute("DROP TABLE webhook_deliveries");

            RetentionRun failed = db.maintenance().runRetentionNow();

            assertThat(failed.outcome()).isEqualTo(RetentionOutcome.FAILED);
            assertThat(failed.error()).hasValueSatisfying(e -> assertThat(e).containsIgnoringCase("webhook_deliveries"));
            assertThat(failed.deletedRows()).containsExactly(java.util.Map.entry("request_logs", 2L));
            assertThat(count(db, REQUEST_LOGS)).isZero(); // what was deleted before the failure stays deleted
            assertThat(db.maintenance().retention().lastRun()).contains(failed);
            assertThat(db.maintenance().retention().lastCompleted()).isEmpty();
            assertThat(db.maintenance().health().retention().lastRun()).contains(failed);
            // the lock was released: the next run takes it again (and fails the same way)
            assertThat(db.maintenance().runRetentionNow().outcome()).isEqualTo(RetentionOutcome.FAILED);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(DbTarget.class)
    void runRetentionNowReportsItsResultThroughMaintenanceAndHealth(DbTarget target) {
        MockLoopDb db = TestDatabase.fresh(target);
        long hook = webhook(db, "petstore");
        deliveries(db, hook, 4, NOW.minus(Duration.ofDays(30)));

        RetentionRun run = db.maintenance().runRetentionNow();

        assertThat(run.outcome()).isEqualTo(RetentionOutcome.COMPLETED);
        assertThat(run.deleted("webhook_deliveries")).isEqualTo(4);
        assertThat(run.totalDeleted()).isEqualTo(run.deletedRows().values().stream().mapToLong(Long::longValue).sum());
        assertThat(run.endedAt()).isAfterOrEqualTo(run.startedAt());
        RetentionStatus status = db.maintenance().retention();
        assertThat(status.scheduled()).isFalse();
        assertThat(status.interval()).isEqualTo(Duration.ZERO);
        assertThat(status.nextRun()).isEmpty();
        assertThat(status.running()).isFalse();
        assertThat(status.lastRun()).contains(run);
        assertThat(status.lastCompleted()).contains(run);
        assertThat(db.maintenance().health().retention()).isEqualTo(status);
        assertThat(count(db, WEBHOOK_DELIVERIES)).isZero();
        if (target == DbTarget.SQLITE_FILE || target == DbTarget.SQLITE_MEMORY) {
            // the lease row is gone once the run has ended
            assertThat(InternalAccess.dsl(db).fetchCount(SYSTEM_CONFIG, SYSTEM_CONFIG.KEY.eq("mockloop.retention.lock")))
                    .isZero();
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, names = {"SQLITE_FILE", "POSTGRESQL", "MYSQL", "MARIADB"})
    void aSecondInstanceSkipsTheRunWhileTheFirstHoldsTheDatabaseLock(DbTarget target) throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        RetentionListener blocking = new RetentionListener() {
            @Override
            public void runStarted(RetentionRun run) {
                inside.countDown();
                try {
                    release.await(20, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        try (TestDatabase tdb = TestDatabase.create(target);
             MockLoopDb a = tdb.builder().build();
             MockLoopDb b = tdb.builder().build()) {
            // a's runs block inside the lock: a listener is part of the settings, so give a its own schedule
            try (MockLoopDb holder = tdb.builder().retention(RetentionSettings.DEFAULTS.withListener(blocking)
                    .withInitialDelay(Duration.ZERO)).build()) {
                assertThat(inside.await(20, TimeUnit.SECONDS)).isTrue();
                assertThat(holder.maintenance().retention().running()).isTrue();

                RetentionRun skipped = b.maintenance().runRetentionNow();
                assertThat(skipped.outcome()).isEqualTo(RetentionOutcome.SKIPPED_LOCKED);
                assertThat(skipped.error()).hasValueSatisfying(e -> assertThat(e)
                        .startsWith("another process holds the retention lock of "));
                assertThat(skipped.deletedRows()).isEmpty();
                assertThat(b.maintenance().retention().lastRun()).contains(skipped);
                assertThat(b.maintenance().retention().lastCompleted()).isEmpty();

                RetentionRun busy = holder.maintenance().runRetentionNow();
                assertThat(busy.outcome()).isEqualTo(RetentionOutcome.SKIPPED_BUSY);
                assertThat(busy.error()).hasValue("a retention run of this database is already in progress in this"
                        + " process");
                release.countDown();
                await("the holder's run to end", Duration.ofSeconds(20),
                        () -> holder.maintenance().retention().lastCompleted().isPresent());
            }
            assertThat(a.maintenance().runRetentionNow().outcome()).isEqualTo(RetentionOutcome.COMPLETED);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, names = {"SQLITE_FILE", "POSTGRESQL", "MYSQL", "MARIADB"})
    void twoScheduledInstancesOnOneDatabaseNeverCleanConcurrently(DbTarget target) {
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger maxInside = new AtomicInteger();
        AtomicInteger completed = new AtomicInteger();
        AtomicInteger skipped = new AtomicInteger();
        List<RetentionRun> unexpected = new java.util.concurrent.CopyOnWriteArrayList<>();
        RetentionListener counter = new RetentionListener() {
            @Override
            public void runStarted(RetentionRun run) {
                maxInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
                try {
                    Thread.sleep(15); // widen the window in which a concurrent run would show
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt(); // closing: the run stops at its next chunk boundary
                }
            }

            @Override
            public void runFinished(RetentionRun run) {
                switch (run.outcome()) {
                    case COMPLETED -> {
                        inside.decrementAndGet();
                        completed.incrementAndGet();
                    }
                    case INTERRUPTED -> inside.decrementAndGet(); // closed while inside
                    case SKIPPED_LOCKED -> skipped.incrementAndGet();
                    // closed while connecting for the lock: the run never started
                    case SKIPPED_BUSY -> {
                        if (!run.error().orElse("").contains("closing")) {
                            unexpected.add(run);
                        }
                    }
                    default -> unexpected.add(run);
                }
            }
        };
        RetentionSettings settings = RetentionSettings.every(Duration.ofMillis(10)).withInitialDelay(Duration.ZERO)
                .withListener(counter);
        try (TestDatabase tdb = TestDatabase.create(target)) {
            try (MockLoopDb a = tdb.builder().retention(settings).build();
                 MockLoopDb b = tdb.builder().retention(settings).build()) {
                await("both instances to run and to be refused the lock", Duration.ofSeconds(20),
                        () -> a.maintenance().retention().lastCompleted().isPresent()
                                && b.maintenance().retention().lastCompleted().isPresent()
                                && skipped.get() >= 1 && completed.get() >= 6);
            }
            assertThat(maxInside.get()).isEqualTo(1);
            assertThat(inside.get()).isZero();
            assertThat(unexpected).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, mode = EnumSource.Mode.EXCLUDE, names = "POSTGRESQL_PARTITIONED")
    void closingStopsTheScheduleAndItsThread(DbTarget target) {
        RetentionFixtures.Recorder recorder = new RetentionFixtures.Recorder();
        try (TestDatabase tdb = TestDatabase.create(target)) {
            MockLoopDb db = tdb.builder().retention(RetentionSettings.every(Duration.ofMillis(10))
                    .withInitialDelay(Duration.ZERO).withListener(recorder)).build();
            await("two runs", Duration.ofSeconds(20), () -> recorder.finished.size() >= 2);
            RetentionStatus status = db.maintenance().retention();
            assertThat(status.scheduled()).isTrue();
            assertThat(status.interval()).isEqualTo(Duration.ofMillis(10));
            assertThat(status.lastCompleted()).isPresent();

            db.close();
            int runs = recorder.finished.size();
            sleep(60);
            assertThat(recorder.finished).hasSize(runs);
            assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().startsWith("mockloop-retention-")
                    && t.isAlive() && t.getName().contains(InternalAccess.context(db).engine().poolName()));
            assertThatThrownBy(db::maintenance).isInstanceOf(StoreUnavailableException.class)
                    .hasMessageEndingWith(" is closed");
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, mode = EnumSource.Mode.EXCLUDE, names = "POSTGRESQL_PARTITIONED")
    void aScheduledInstanceReportsItsNextRun(DbTarget target) {
        try (TestDatabase tdb = TestDatabase.create(target);
             MockLoopDb db = tdb.builder().retention(RetentionSettings.DEFAULTS).build()) {
            Instant opened = Instant.now();
            RetentionStatus status = db.maintenance().retention();
            assertThat(status.scheduled()).isTrue();
            assertThat(status.interval()).isEqualTo(Duration.ofHours(24));
            assertThat(status.nextRun()).hasValueSatisfying(next -> assertThat(next)
                    .isBetween(opened.plusSeconds(50), opened.plusSeconds(61)));
            assertThat(status.lastRun()).isEmpty();
            assertThat(db.maintenance().health().retention().scheduled()).isTrue();
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, mode = EnumSource.Mode.EXCLUDE, names = "POSTGRESQL_PARTITIONED")
    void thePostgresCleanupFunctionIsPostgresOnlyAndSaysWhenPgCronIsMissing(DbTarget target) {
        MockLoopDb db = TestDatabase.fresh(target);
        if (target != DbTarget.POSTGRESQL) {
            assertThatThrownBy(() -> db.maintenance().installPostgresCleanupFunction())
                    .isInstanceOfSatisfying(UnsupportedFeatureException.class,
                            e -> assertThat(e.databaseType()).isEqualTo(db.databaseType()))
                    .hasMessageStartingWith("installPostgresCleanupFunction applies only to PostgreSQL (this database is "
                            + db.databaseType() + "); use the in-process schedule instead");
            assertThatThrownBy(() -> db.maintenance().removePostgresCleanupFunction())
                    .isExactlyInstanceOf(UnsupportedFeatureException.class)
                    .hasMessageStartingWith("removePostgresCleanupFunction applies only to PostgreSQL");
            return;
        }
        String schema = InternalAccess.dsl(db).fetchValue("SELECT current_schema()").toString();
        boolean cron = Boolean.parseBoolean(InternalAccess.dsl(db).fetchValue(
                "SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_cron')").toString());
        try {
            PostgresCleanupInstallation installed = db.maintenance().installPostgresCleanupFunction();
            assertThat(installed.function()).isEqualTo(schema + ".cleanup_old_logs()");
            assertThat(installed.cronScheduled()).isEqualTo(cron);
            if (!cron) { // this machine's server has no pg_cron; the scheduled path is untested here
                assertThat(installed.cronJob()).isEmpty();
                assertThat(installed.message()).contains("did not schedule it: pg_cron is")
                        .contains("in-process schedule");
            }
            // it reads system_config: 10 days and 3 rows
            db.config().setLogRetentionDays(10);
            db.config().setMaxLogEntries(3);
            RetentionFixtures.logs(db, 2, NOW.minus(Duration.ofDays(11)));
            RetentionFixtures.logs(db, 5, NOW.minus(Duration.ofDays(9)));
            long hook = webhook(db, "petstore");
            deliveries(db, hook, 2, NOW.minus(Duration.ofDays(8)));
            deliveries(db, hook, 1, NOW.minus(Duration.ofDays(6)));
            InternalAccess.dsl(db).execute("SELECT " + "\"" + schema + "\".cleanup_old_logs()");
            assertThat(count(db, REQUEST_LOGS)).isEqualTo(3);
            assertThat(InternalAccess.dsl(db).fetchCount(REQUEST_LOGS, REQUEST_LOGS.TIMESTAMP
                    .lt(NOW.minus(Duration.ofDays(10))))).isZero();
            assertThat(count(db, WEBHOOK_DELIVERIES)).isEqualTo(1);
            // installing again replaces it; the schema version is untouched
            assertThat(db.maintenance().installPostgresCleanupFunction().function()).isEqualTo(installed.function());
            assertThat(db.migrations().status().currentVersion()).isEqualTo(MockLoopDb.latestSchemaVersion());
        } finally {
            assertThat(db.maintenance().removePostgresCleanupFunction()).isTrue();
        }
        assertThat(db.maintenance().removePostgresCleanupFunction()).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, names = "POSTGRESQL")
    void thePostgresCleanupFunctionDeletesNothingWhileAnInstanceHoldsTheLock(DbTarget target) throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        RetentionListener blocking = new RetentionListener() {
            @Override
            public void runStarted(RetentionRun run) {
                inside.countDown();
                try {
                    release.await(20, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        try (TestDatabase tdb = TestDatabase.create(target);
             MockLoopDb db = tdb.builder().retention(RetentionSettings.DEFAULTS.withInitialDelay(Duration.ZERO)
                     .withListener(blocking)).build()) {
            db.maintenance().installPostgresCleanupFunction();
            RetentionFixtures.logs(db, 2, NOW.minus(Duration.ofDays(40)));
            assertThat(inside.await(20, TimeUnit.SECONDS)).isTrue();
            InternalAccess.dsl(db).execute("SELECT cleanup_old_logs()");
            assertThat(count(db, REQUEST_LOGS)).isEqualTo(2);
            release.countDown();
            await("the run to end", Duration.ofSeconds(20), () -> db.maintenance().retention().lastCompleted()
                    .isPresent());
            InternalAccess.dsl(db).execute("SELECT cleanup_old_logs()");
            assertThat(count(db, REQUEST_LOGS)).isZero();
        }
    }
}
