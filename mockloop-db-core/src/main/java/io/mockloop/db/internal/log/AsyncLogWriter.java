package io.mockloop.db.internal.log;

import static io.mockloop.db.internal.jooq.generated.Tables.REQUEST_LOGS;

import io.mockloop.db.StoreUnavailableException;
import io.mockloop.db.internal.Errors;
import io.mockloop.db.internal.metrics.Metrics;
import io.mockloop.db.internal.StoreContext;
import io.mockloop.db.internal.jooq.generated.tables.RequestLogs;
import io.mockloop.db.log.LogWriter;
import io.mockloop.db.log.RequestLog;
import io.mockloop.db.log.WriterSettings;
import io.mockloop.db.log.WriterStats;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The asynchronous writer: a bounded queue drained by one daemon thread in batches, one transaction per batch,
 * retried with exponential backoff. A flush puts a marker in the (FIFO) queue; the thread completes the marker once
 * every log before it is committed. Thread-safe.
 */
final class AsyncLogWriter implements LogWriter {

    private static final Logger LOG = LoggerFactory.getLogger(AsyncLogWriter.class);
    private static final AtomicInteger NUMBER = new AtomicInteger();
    private static final RequestLogs RL = REQUEST_LOGS;

    /** A queue element: an encoded log, or a flush marker. */
    private record Item(LogRow row, CompletableFuture<Void> marker) {
    }

    private final StoreContext ctx;
    private final WriterSettings settings;
    private final LogEncoder encoder;
    private final BlockingQueue<Item> queue;
    private final Semaphore room;
    /** Estimated bytes of the queued logs (see {@link WriterSettings#capacityBytes()}). */
    private final java.util.concurrent.atomic.AtomicLong queuedBytes = new java.util.concurrent.atomic.AtomicLong();
    private final Thread thread;
    private final LongAdder enqueued = new LongAdder();
    private final LongAdder written = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder excluded = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private volatile boolean closing;
    private volatile long giveUpAt = Long.MAX_VALUE;
    /** Why the last attempt to store a batch failed; null after a success. */
    private volatile String lastFailure;
    private final Object closeLock = new Object();
    private boolean closed;
    private final Metrics metrics;
    private final AutoCloseable queueGauge;

    AsyncLogWriter(StoreContext ctx, WriterSettings settings) {
        this.ctx = ctx;
        this.settings = settings;
        this.encoder = LogEncoder.of(ctx, settings.policy());
        // the queue itself is unbounded: capacity is enforced by permits, which flush markers do not take
        this.queue = new LinkedBlockingQueue<>();
        this.room = new Semaphore(settings.capacity());
        this.thread = new Thread(this::loop, ctx.engine().poolName() + "-log-writer-" + NUMBER.incrementAndGet());
        thread.setDaemon(true);
        this.metrics = ctx.engine().metrics();
        this.queueGauge = metrics.gauge("mockloop.writer.queue.size", "Request logs waiting in an async writer's queue",
                "logs", this, AsyncLogWriter::logCount, "writer", thread.getName());
        thread.start();
    }

    private void dropped(String reason, long n) {
        dropped.add(n);
        metrics.logsDropped(reason, n);
    }

    @Override
    public boolean enqueue(RequestLog log) {
        LogRules.check(log, LogRules.ONE);
        if (closing) {
            throw new StoreUnavailableException("the request-log writer " + thread.getName() + " is closed");
        }
        // policed and encoded here, once: the queue holds the text that is written, not the maps
        LogRow row = encoder.encode(log);
        if (row == null) {
            enqueued.increment();
            excluded.increment();
            metrics.logsExcluded(1);
            return true;
        }
        long size = row.estimatedBytes();
        if (settings.overflow() == WriterSettings.Overflow.DROP_NEWEST) {
            if (!tryReserve(size)) {
                dropped("queue_full", 1);
                return false;
            }
        } else {
            long waited = System.nanoTime();
            long limit = ctx.engine().poolTimeout().toNanos();
            try {
                while (!reserve(size)) {
                    if (closing) {
                        throw new StoreUnavailableException("the request-log writer " + thread.getName()
                                + " is closed");
                    }
                    if (System.nanoTime() - waited >= limit) {
                        // a host thread must not hang for as long as the database is away
                        metrics.logsDropped("queue_full", 1);
                        String why = lastFailure;
                        throw new StoreUnavailableException("the request-log queue of " + thread.getName()
                                + " stayed full (" + (room.availablePermits() == 0 ? settings.capacity() + " logs"
                                : settings.capacityBytes() + " bytes") + ") for the pool timeout of " + ctx.engine().poolTimeout().toMillis()
                                + " ms; the log was not queued" + (why == null ? "" : "; the writer's last error: "
                                + why));
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StoreUnavailableException("interrupted while waiting for room in the request-log queue", e);
            }
        }
        queue.add(new Item(row, null));
        enqueued.increment();
        return true;
    }

    /** Takes room for one log of {@code size} bytes without waiting; false when either bound is reached. */
    private boolean tryReserve(long size) {
        if (!room.tryAcquire()) {
            return false;
        }
        while (true) {
            long now = queuedBytes.get();
            if (now > 0 && now + size > settings.capacityBytes()) {
                room.release();
                return false;
            }
            if (queuedBytes.compareAndSet(now, now + size)) {
                return true;
            }
        }
    }

    /** Takes room, waiting up to 50 ms for it; false when there was none. */
    private boolean reserve(long size) throws InterruptedException {
        if (!room.tryAcquire(50, TimeUnit.MILLISECONDS)) {
            return false;
        }
        room.release();
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50);
        do {
            if (tryReserve(size)) {
                return true;
            }
            java.util.concurrent.locks.LockSupport.parkNanos(200_000); // bytes free up as the writer takes batches
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        } while (System.nanoTime() - until < 0);
        return false;
    }

    /** Logs in the queue (the queue also holds flush markers, which take no room). */
    private int logCount() {
        return settings.capacity() - room.availablePermits();
    }

    @Override
    public void flush() {
        await(requestFlush(), null);
    }

    @Override
    public boolean flush(Duration timeout) {
        java.util.Objects.requireNonNull(timeout, "timeout");
        return await(requestFlush(), timeout);
    }

    private CompletableFuture<Void> requestFlush() {
        if (closed()) {
            throw new StoreUnavailableException("the request-log writer " + thread.getName() + " is closed");
        }
        CompletableFuture<Void> marker = new CompletableFuture<>();
        queue.add(new Item(null, marker));
        return marker;
    }

    private boolean await(CompletableFuture<Void> marker, Duration timeout) {
        try {
            if (timeout == null) {
                marker.get();
            } else {
                marker.get(Math.max(0, timeout.toMillis()), TimeUnit.MILLISECONDS);
            }
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException("interrupted while flushing the request-log writer", e);
        } catch (ExecutionException e) {
            throw new StoreUnavailableException("the request-log writer closed before the flush completed: "
                    + e.getCause().getMessage(), e.getCause());
        }
    }

    private boolean closed() {
        synchronized (closeLock) {
            return closed;
        }
    }

    @Override
    public WriterStats stats() {
        return new WriterStats(enqueued.sum(), written.sum(), dropped.sum(), excluded.sum(), failed.sum(),
                logCount());
    }

    @Override
    public void close() {
        synchronized (closeLock) {
            if (closed) {
                return;
            }
            closed = true;
        }
        giveUpAt = System.nanoTime() + settings.closeTimeout().toNanos();
        closing = true;
        thread.interrupt();
        try {
            thread.join(settings.closeTimeout().toMillis() + 5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // whatever is still queued could not be stored in time
        List<Item> rest = new ArrayList<>();
        queue.drainTo(rest);
        long lost = 0;
        for (Item i : rest) {
            if (i.marker() != null) {
                i.marker().completeExceptionally(new StoreUnavailableException("writer closed"));
            } else {
                lost++;
            }
        }
        try {
            queueGauge.close();
        } catch (Exception e) {
            LOG.debug("{}: removing the queue gauge failed: {}", thread.getName(), e.toString());
        }
        if (lost > 0) {
            dropped("closed", lost);
            LOG.error("{}: {} request logs could not be stored before the close timeout of {} and were dropped",
                    thread.getName(), lost, settings.closeTimeout());
        }
    }

    // ------------------------------------------------------------------ writer thread

    private void loop() {
        List<LogRow> batch = new ArrayList<>(settings.batchSize());
        List<CompletableFuture<Void>> done = new ArrayList<>();
        while (true) {
            Item first;
            try {
                first = closing ? queue.poll() : queue.take();
            } catch (InterruptedException e) {
                continue; // closing: drain what is left without blocking
            }
            if (first == null) {
                return; // closing and empty
            }
            collect(first, batch, done);
            long lingerEnd = System.nanoTime() + settings.linger().toNanos();
            while (batch.size() < settings.batchSize() && done.isEmpty()) {
                Item next;
                long wait = lingerEnd - System.nanoTime();
                if (closing || wait <= 0) {
                    next = queue.poll();
                } else {
                    try {
                        next = queue.poll(wait, TimeUnit.NANOSECONDS);
                    } catch (InterruptedException e) {
                        next = queue.poll();
                    }
                }
                if (next == null) {
                    break;
                }
                collect(next, batch, done);
            }
            if (!batch.isEmpty() && !store(batch)) {
                return; // close timeout: close() counts what is left; this batch is counted here
            }
            batch.clear();
            done.forEach(f -> f.complete(null));
            done.clear();
        }
    }

    private void collect(Item item, List<LogRow> batch, List<CompletableFuture<Void>> done) {
        if (item.marker() != null) {
            done.add(item.marker());
            return;
        }
        room.release();
        queuedBytes.addAndGet(-item.row().estimatedBytes());
        batch.add(item.row());
    }

    /** After a data error: each row on its own; rows the database refuses are dropped (counted and logged). */
    private void storeOneByOne(List<LogRow> batch) {
        for (LogRow log : batch) {
            List<LogRow> one = List.of(log);
            while (true) {
                try {
                    ctx.dsl().transaction(cfg -> LogInsert.insertAll(cfg.dsl(), one));
                    written.increment();
                    metrics.logsWritten(1);
                    break;
                } catch (RuntimeException e) {
                    if (Errors.isDataError(e)) {
                        dropped("failed", 1);
                        LOG.error("{}: the database refused request log {} {} ({}); it was dropped",
                                thread.getName(), log.method(), log.path(), e.getMessage());
                        break;
                    }
                    failed.increment();
                    if (closing && System.nanoTime() - giveUpAt >= 0) {
                        dropped("closed", 1);
                        break;
                    }
                    try {
                        Thread.sleep(settings.initialBackoff().toMillis());
                    } catch (InterruptedException ie) {
                        // close() hurries the drain; keep going
                    }
                }
            }
        }
    }

    /** Stores one batch, retrying with backoff; false when the close timeout passed first. */
    private boolean store(List<LogRow> batch) {
        long backoff = settings.initialBackoff().toMillis();
        stampMissingTimes(batch);
        Attempts attempts = new Attempts(batch);
        long started = System.nanoTime();
        while (true) {
            try {
                attempts.store();
                metrics.batchStored(System.nanoTime() - started);
                written.add(batch.size());
                metrics.logsWritten(batch.size());
                lastFailure = null;
                return true;
            } catch (RuntimeException e) {
                failed.increment();
                lastFailure = Errors.wrap("storing " + batch.size() + " request logs", e, ctx.engine().maskedUrl())
                        .getMessage();
                if (Errors.isDataError(e)) {
                    storeOneByOne(batch);
                    return true;
                }
                LOG.warn("{}: {}; retrying in {} ms", thread.getName(), lastFailure, backoff);
            }
            if (closing && System.nanoTime() - giveUpAt >= 0) {
                dropped("closed", batch.size());
                LOG.error("{}: {} request logs could not be stored before the close timeout and were dropped",
                        thread.getName(), batch.size());
                return false;
            }
            long sleepUntil = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(backoff);
            while (System.nanoTime() - sleepUntil < 0 && !(closing && System.nanoTime() - giveUpAt >= 0)) {
                try {
                    Thread.sleep(Math.max(1, Math.min(50, TimeUnit.NANOSECONDS.toMillis(sleepUntil - System.nanoTime()))));
                } catch (InterruptedException e) {
                    // close() interrupts to hurry the drain; keep retrying until the timeout
                }
            }
            backoff = Math.min(settings.maxBackoff().toMillis(), backoff * 2);
        }
    }

    /** Gives the logs without a time the time of their first attempt, so that every attempt writes the same rows. */
    private static void stampMissingTimes(List<LogRow> batch) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        for (int i = 0; i < batch.size(); i++) {
            if (batch.get(i).timestamp() == null) {
                batch.set(i, batch.get(i).stamped(now));
            }
        }
    }

    /**
     * The attempts to store one batch, each in a transaction of its own. On a database server, when the connection
     * breaks while COMMIT is under way (a crash, or MariaDB closing connections on shutdown after committing), whether the batch is stored
     * is unknown; the next attempt first looks for the batch's rows above the highest id the failed attempt saw
     * before inserting, and stores them again only when they are not all there. Not thread-safe (writer thread).
     */
    private final class Attempts {
        private final List<LogRow> batch;
        private long floor;
        private boolean outcomeUnknown;

        Attempts(List<LogRow> batch) {
            this.batch = batch;
        }

        void store() {
            // SQLite too: sqlite-jdbc's commit() runs COMMIT and then, at once, the next BEGIN IMMEDIATE; when that
            // BEGIN waits out the busy timeout behind another writer, commit() throws although the batch was
            // committed (ContentionTest stored batches twice when this path trusted a failed commit on SQLite)
            if (outcomeUnknown) {
                if (storedEarlier()) {
                    LOG.info("{}: the {} request logs whose commit was cut off had been stored", thread.getName(),
                            batch.size());
                    outcomeUnknown = false;
                    return;
                }
                outcomeUnknown = false;
            }
            long[] before = {0};
            boolean[] committing = {false};
            try {
                ctx.dsl().transaction(cfg -> {
                    Long max = cfg.dsl().select(DSL.max(RL.ID)).from(RL).fetchOne(0, Long.class);
                    before[0] = max == null ? 0 : max;
                    LogInsert.insertAll(cfg.dsl(), batch);
                    committing[0] = true; // jOOQ commits when this returns
                });
            } catch (RuntimeException e) {
                if (committing[0]) {
                    floor = before[0];
                    outcomeUnknown = true;
                }
                throw e;
            }
        }

        /** Whether every row of the batch is in the table above {@link #floor}. */
        private boolean storedEarlier() {
            Map<String, Integer> missing = new HashMap<>();
            Instant from = null;
            Instant to = null;
            for (LogRow log : batch) {
                Instant ts = log.timestamp();
                missing.merge(key(ts, log.method(), log.path(), log.responseStatus(), log.requestId()), 1,
                        Integer::sum);
                from = from == null || ts.isBefore(from) ? ts : from;
                to = to == null || ts.isAfter(to) ? ts : to;
            }
            for (var row : ctx.dsl().select(RL.TIMESTAMP, RL.METHOD, RL.PATH, RL.RESPONSE_STATUS, RL.REQUEST_ID)
                    .from(RL).where(RL.ID.gt(floor)).and(RL.TIMESTAMP.between(from, to)).fetch()) {
                missing.computeIfPresent(key(row.value1(), row.value2(), row.value3(), row.value4(), row.value5()),
                        (k, n) -> n == 1 ? null : n - 1);
            }
            return missing.isEmpty();
        }

        /**
         * What tells the batch's rows from other writers' rows committed meanwhile (other processes log the same
         * method, path and status in the same millisecond): the request id too, when the log has one.
         */
        private static String key(Instant ts, String method, String path, int status, String requestId) {
            return ts.toEpochMilli() + " " + method + " " + status + " " + path + " "
                    + (requestId == null ? "-" : "#" + requestId);
        }
    }
}
