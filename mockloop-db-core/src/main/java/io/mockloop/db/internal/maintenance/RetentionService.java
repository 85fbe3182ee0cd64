package io.mockloop.db.internal.maintenance;

import static io.mockloop.db.internal.jooq.generated.Tables.SYSTEM_CONFIG;

import io.mockloop.db.DatabaseType;
import io.mockloop.db.Stores;
import io.mockloop.db.internal.Engine;
import io.mockloop.db.internal.Errors;
import io.mockloop.db.internal.SessionLock;
import io.mockloop.db.internal.config.JooqConfigStore;
import io.mockloop.db.internal.StoreContext;
import io.mockloop.db.log.RetentionResult;
import io.mockloop.db.maintenance.RetentionListener;
import io.mockloop.db.maintenance.RetentionOutcome;
import io.mockloop.db.maintenance.RetentionRun;
import io.mockloop.db.maintenance.RetentionSettings;
import io.mockloop.db.maintenance.RetentionStatus;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs retention for one open database: on demand ({@link #runNow()}) and, when settings are given, on one daemon
 * thread every interval. One run at a time per instance (an {@link AtomicBoolean}); one run at a time per database
 * across processes through the database's lock (PostgreSQL advisory lock keyed by schema, MySQL/MariaDB
 * {@code GET_LOCK}, SQLite a lease row in system_config). Closed by the engine before the pool closes: closing
 * interrupts the running run, which stops at the next chunk boundary, and waits for it.
 */
public final class RetentionService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger("io.mockloop.db.retention");

    /** The system_config key of the SQLite lease row. */
    public static final String SQLITE_LOCK_KEY = "mockloop.retention.lock";
    /** The server session lock of a run; the database-side cleanup function takes the same one on PostgreSQL. */
    static final String LOCK_NAME = "mockloop.retention";
    /**
     * The system_config key holding the last finished run of any process (JSON), so that a process without the
     * schedule (an operator's {@code mockloop db health}) can report it.
     */
    public static final String LAST_RUN_KEY = "mockloop.retention.last_run";
    /**
     * How long a SQLite lease lives when its holder never deletes it and cannot be seen to be gone (a process on
     * another machine); a holder on this machine that is no longer running loses it at once.
     */
    static final Duration SQLITE_LEASE = Duration.ofHours(1);
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(60);

    private final Engine engine;
    private final StoreContext ctx;
    private final java.time.Clock clock;
    private final RetentionSettings settings;
    private final boolean scheduled;
    private final String owner = "retention-" + UUID.randomUUID() + " " + ProcessIdentity.CURRENT;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile ScheduledExecutorService executor;
    private volatile Instant nextRun;
    private volatile RetentionRun lastRun;
    private volatile RetentionRun lastCompleted;

    /**
     * @param engine the open engine
     * @param ctx the non-transactional store context
     * @param settings the schedule, or {@code null} for runs on demand only (with the default webhook age)
     * @param clock what "now" is when a run makes the coming months' request_logs partitions
     */
    public RetentionService(Engine engine, StoreContext ctx, RetentionSettings settings, java.time.Clock clock) {
        this.clock = java.util.Objects.requireNonNull(clock, "clock");
        this.engine = engine;
        this.ctx = ctx;
        this.scheduled = settings != null;
        this.settings = settings != null ? settings : RetentionSettings.DEFAULTS;
    }

    /** Starts the schedule when settings were given; does nothing otherwise. */
    public void start() {
        if (!scheduled || closed.get()) {
            return;
        }
        String name = "mockloop-retention-" + engine.poolName();
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
        nextRun = Instant.now().plus(settings.initialDelay());
        executor.scheduleWithFixedDelay(this::scheduledRun, settings.initialDelay().toMillis(),
                settings.interval().toMillis(), TimeUnit.MILLISECONDS);
        LOG.info("{} retention scheduled every {} (first run in {}) for {}", engine.poolName(), settings.interval(),
                settings.initialDelay(), engine.maskedUrl());
    }

    private void scheduledRun() {
        nextRun = null;
        try {
            runNow();
        } catch (Throwable t) { // never let the executor cancel the schedule
            LOG.error("{} retention run failed unexpectedly", engine.poolName(), t);
        } finally {
            if (!closed.get()) {
                nextRun = Instant.now().plus(settings.interval());
            }
        }
    }

    /** @return the state */
    public RetentionStatus status() {
        boolean on = scheduled && !closed.get();
        Optional<RetentionRun> last = Optional.ofNullable(lastRun);
        Optional<RetentionRun> completed = Optional.ofNullable(lastCompleted);
        if (last.isEmpty()) {
            // nothing ran in this process: report the last run of whichever process cleaned this database
            last = persistedRun();
            completed = last.filter(r -> r.outcome() == RetentionOutcome.COMPLETED
                    || r.outcome() == RetentionOutcome.INTERRUPTED);
        }
        return new RetentionStatus(on, on ? settings.interval() : Duration.ZERO, running.get(),
                on ? Optional.ofNullable(nextRun) : Optional.empty(), last, completed);
    }

    /** @return the run's result; failures are reported in it */
    public RetentionRun runNow() {
        Instant start = Instant.now();
        if (closed.get()) {
            return finishSkipped(start, RetentionOutcome.SKIPPED_BUSY, "the database is closing");
        }
        if (!running.compareAndSet(false, true)) {
            return finishSkipped(start, RetentionOutcome.SKIPPED_BUSY,
                    "a retention run of this database is already in progress in this process");
        }
        try {
            DatabaseLock lock;
            try {
                lock = acquire();
            } catch (RuntimeException | SQLException e) {
                if (closed.get()) {
                    // close() interrupted the run while it connected for its lock: it never started
                    return finishSkipped(start, RetentionOutcome.SKIPPED_BUSY, "the database is closing");
                }
                return finish(new RetentionRun(start, Instant.now(), RetentionOutcome.FAILED, Map.of(),
                        Optional.of("cannot take the retention lock: " + Errors.wrap("retention lock", e,
                                engine.maskedUrl()).getMessage())), e);
            }
            if (lock == null) {
                return finishSkipped(start, RetentionOutcome.SKIPPED_LOCKED, "another process holds the retention"
                        + " lock of " + engine.maskedUrl());
            }
            try {
                notify(l -> l.runStarted(new RetentionRun(start, start, RetentionOutcome.RUNNING, Map.of(),
                        Optional.empty())));
                RetentionRun run = clean(start);
                return finish(run, null);
            } finally {
                release(lock);
            }
        } finally {
            running.set(false);
        }
    }

    private RetentionRun clean(Instant start) {
        LOG.info("{} retention run started on {}", engine.poolName(), engine.maskedUrl());
        Map<String, Long> deleted = new LinkedHashMap<>();
        Stores stores = ctx.stores();
        RetentionOutcome outcome = RetentionOutcome.COMPLETED;
        String error = "";
        try {
            // system_config's log_retention_days and max_log_entries, read now; chunked, stops at a chunk boundary
            // when this thread is interrupted (close)
            RetentionResult r = stores.requestLogs().cleanup();
            deleted.put("request_logs", r.deleted());
            // a partitioned request_logs (PostgreSQL): next month's partition is made here too, in case the host
            // does not call Maintenance.ensureRequestLogPartitions() on a schedule of its own
            io.mockloop.db.internal.log.RequestLogPartitions.ensure(ctx.dsl(), ctx.type(), clock.instant());
            if (r.interrupted()) {
                outcome = RetentionOutcome.INTERRUPTED;
            }
            if (outcome == RetentionOutcome.COMPLETED && Thread.currentThread().isInterrupted()) {
                outcome = RetentionOutcome.INTERRUPTED;
            }
            if (outcome == RetentionOutcome.COMPLETED) {
                deleted.put("webhook_deliveries", stores.webhooks().purgeDeliveries(settings.webhookDeliveryRetention()));
            }
        } catch (RuntimeException e) {
            if (Thread.currentThread().isInterrupted() || closed.get()) {
                outcome = RetentionOutcome.INTERRUPTED;
                error = "stopped by close: " + e.getMessage();
            } else {
                outcome = RetentionOutcome.FAILED;
                error = e.getMessage() == null ? e.toString() : e.getMessage();
                LOG.warn("{} retention run failed on {}", engine.poolName(), engine.maskedUrl(), e);
            }
        }
        if (outcome == RetentionOutcome.INTERRUPTED && error.isEmpty()) {
            error = "stopped at a chunk boundary because the database is closing (or the thread was interrupted)";
        }
        return new RetentionRun(start, Instant.now(), outcome, deleted,
                error.isEmpty() ? Optional.empty() : Optional.of(error));
    }

    private RetentionRun finishSkipped(Instant start, RetentionOutcome outcome, String why) {
        return finish(new RetentionRun(start, Instant.now(), outcome, Map.of(), Optional.of(why)), null);
    }

    private RetentionRun finish(RetentionRun run, Throwable cause) {
        lastRun = run;
        engine.metrics().retentionRun(run.outcome().name().toLowerCase(java.util.Locale.ROOT));
        run.deletedRows().forEach(engine.metrics()::retentionDeleted);
        long millis = Duration.between(run.startedAt(), run.endedAt()).toMillis();
        switch (run.outcome()) {
            case COMPLETED, INTERRUPTED -> {
                lastCompleted = run;
                LOG.info("{} retention run {} on {} in {} ms: deleted {}{}", engine.poolName(),
                        run.outcome().name().toLowerCase(java.util.Locale.ROOT), engine.maskedUrl(), millis,
                        run.deletedRows(), run.error().map(e -> " (" + e + ")").orElse(""));
            }
            case SKIPPED_BUSY, SKIPPED_LOCKED -> LOG.info("{} retention run skipped: {}", engine.poolName(),
                    run.error().orElse(""));
            case FAILED -> LOG.warn("{} retention run failed on {} after {} ms: {}", engine.poolName(),
                    engine.maskedUrl(), millis, run.error().orElse(""), cause);
            default -> {
            }
        }
        if (run.outcome() != RetentionOutcome.SKIPPED_BUSY && run.outcome() != RetentionOutcome.SKIPPED_LOCKED) {
            persist(run);
        }
        notify(l -> l.runFinished(run));
        return run;
    }

    private void persist(RetentionRun run) {
        try {
            var node = ctx.json().createObjectNode()
                    .put("startedAt", run.startedAt().toString())
                    .put("endedAt", run.endedAt().toString())
                    .put("outcome", run.outcome().name())
                    .put("error", run.error().orElse(""));
            var deleted = node.putObject("deletedRows");
            run.deletedRows().forEach(deleted::put);
            new JooqConfigStore(ctx).set(LAST_RUN_KEY, ctx.json().writeValueAsString(node),
                    "The last mockloop-db retention run (written by the process that ran it)");
        } catch (RuntimeException | com.fasterxml.jackson.core.JsonProcessingException e) {
            LOG.debug("{} could not record the retention run in system_config: {}", engine.poolName(), e.toString());
        }
    }

    private Optional<RetentionRun> persistedRun() {
        try {
            Optional<String> json = ctx.dsl().select(SYSTEM_CONFIG.VALUE).from(SYSTEM_CONFIG)
                    .where(SYSTEM_CONFIG.KEY.eq(LAST_RUN_KEY)).fetchOptional(SYSTEM_CONFIG.VALUE);
            if (json.isEmpty()) {
                return Optional.empty();
            }
            var node = ctx.json().readTree(json.get());
            Map<String, Long> deleted = new LinkedHashMap<>();
            node.path("deletedRows").fields().forEachRemaining(e -> deleted.put(e.getKey(), e.getValue().asLong()));
            return Optional.of(new RetentionRun(Instant.parse(node.path("startedAt").asText()),
                    Instant.parse(node.path("endedAt").asText()), RetentionOutcome.valueOf(node.path("outcome").asText()),
                    deleted, Optional.of(node.path("error").asText("")).filter(e -> !e.isEmpty())));
        } catch (RuntimeException | com.fasterxml.jackson.core.JsonProcessingException e) {
            LOG.debug("{} could not read the last retention run from system_config: {}", engine.poolName(),
                    e.toString());
            return Optional.empty();
        }
    }

    private void notify(java.util.function.Consumer<RetentionListener> call) {
        try {
            call.accept(settings.listener());
        } catch (RuntimeException e) {
            LOG.warn("{} retention listener threw; ignored", engine.poolName(), e);
        }
    }

    // ---------------------------------------------------------------- cross-process lock

    private interface DatabaseLock {
        void release() throws SQLException;
    }

    /** @return the held lock, or {@code null} when another holder has it */
    private DatabaseLock acquire() throws SQLException {
        DatabaseType type = ctx.type();
        if (type == DatabaseType.SQLITE) {
            return acquireSqliteLease();
        }
        // a dedicated connection: session locks must be released on the connection that took them, and the run's
        // own statements must not compete with the lock for a pooled connection
        Connection c = engine.migrationConnections().open();
        boolean held = false;
        try {
            Optional<SessionLock> lock = SessionLock.tryTake(c, type, LOCK_NAME, 0);
            held = lock.isPresent();
            if (!held) {
                return null;
            }
            return () -> {
                try (c) {
                    lock.get().close();
                }
            };
        } finally {
            if (!held) {
                c.close();
            }
        }
    }

    private DatabaseLock acquireSqliteLease() {
        // ctx transactions are BEGIN IMMEDIATE on SQLite: the read-then-write below is exclusive across processes
        boolean held = ctx.dsl().transactionResult(cfg -> {
            var dsl = cfg.dsl();
            Instant now = Instant.now();
            Optional<String> value = dsl.select(SYSTEM_CONFIG.VALUE).from(SYSTEM_CONFIG)
                    .where(SYSTEM_CONFIG.KEY.eq(SQLITE_LOCK_KEY)).fetchOptional(SYSTEM_CONFIG.VALUE);
            if (value.isPresent() && leaseAlive(value.get(), now)) {
                return false;
            }
            if (value.isPresent() && ProcessIdentity.goneFromThisMachine(value.get())) {
                LOG.warn("{} the retention lease of {} was left by a process that is no longer running ({});"
                        + " taking it over", engine.poolName(), engine.maskedUrl(), value.get());
            }
            String lease = owner + " " + now.plus(SQLITE_LEASE).toEpochMilli();
            dsl.deleteFrom(SYSTEM_CONFIG).where(SYSTEM_CONFIG.KEY.eq(SQLITE_LOCK_KEY)).execute();
            dsl.insertInto(SYSTEM_CONFIG)
                    .set(SYSTEM_CONFIG.KEY, SQLITE_LOCK_KEY)
                    .set(SYSTEM_CONFIG.VALUE, lease)
                    .set(SYSTEM_CONFIG.DESCRIPTION, "Held while a mockloop-db retention run is in progress (owner and"
                            + " lease expiry in epoch ms); deleted when the run ends")
                    .execute();
            return true;
        });
        if (!held) {
            return null;
        }
        return () -> ctx.dsl().deleteFrom(SYSTEM_CONFIG).where(SYSTEM_CONFIG.KEY.eq(SQLITE_LOCK_KEY))
                .and(SYSTEM_CONFIG.VALUE.startsWith(owner + " ")).execute();
    }

    /** A lease is alive until it expires, unless its holder ran on this machine and is no longer running. */
    static boolean leaseAlive(String value, Instant now) {
        int space = value == null ? -1 : value.lastIndexOf(' ');
        try {
            return space > 0 && Long.parseLong(value.substring(space + 1)) > now.toEpochMilli()
                    && !ProcessIdentity.goneFromThisMachine(value);
        } catch (NumberFormatException e) {
            return false; // not ours to understand: treat as expired
        }
    }

    private void release(DatabaseLock lock) {
        boolean interrupted = Thread.interrupted(); // a closing interrupt must not keep the lock from being released
        try {
            lock.release();
        } catch (SQLException | RuntimeException e) {
            LOG.warn("{} cannot release the retention lock on {} (it goes with the connection, or after {} on SQLite)",
                    engine.poolName(), engine.maskedUrl(), SQLITE_LEASE, e);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Stops the schedule: interrupts a running run (it stops at the next chunk boundary) and waits for it. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        nextRun = null;
        ScheduledExecutorService ex = executor;
        if (ex == null) {
            return;
        }
        ex.shutdownNow();
        try {
            if (!ex.awaitTermination(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("{} retention run still busy {} after close; the pool closes under it", engine.poolName(),
                        CLOSE_WAIT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.info("{} retention schedule stopped", engine.poolName());
    }
}
