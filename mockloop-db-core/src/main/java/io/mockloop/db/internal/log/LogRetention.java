package io.mockloop.db.internal.log;

import static io.mockloop.db.internal.jooq.generated.Tables.REQUEST_LOGS;

import io.mockloop.db.DatabaseType;
import io.mockloop.db.ValidationException;
import io.mockloop.db.internal.Errors;
import io.mockloop.db.internal.StoreContext;
import io.mockloop.db.internal.TimeRules;
import io.mockloop.db.internal.config.JooqConfigStore;
import io.mockloop.db.internal.jooq.generated.tables.RequestLogs;
import io.mockloop.db.log.LogFilter;
import io.mockloop.db.log.RequestLogStore;
import io.mockloop.db.log.RetentionResult;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jooq.Condition;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;

/**
 * Request-log retention: deletes by age and by count in chunks of {@link RequestLogStore#RETENTION_CHUNK} rows, one
 * transaction each, and on a partitioned request_logs (PostgreSQL) drops whole partitions first
 * ({@link RequestLogPartitions}). Stateless apart from its access; thread-safe.
 */
final class LogRetention {

    /** Longest pause between retention chunks on SQLite (see letWaitingWritersIn). */
    private static final long SQLITE_CHUNK_PAUSE_NANOS = 50_000_000;
    /** How often the pause looks whether the waiting writers are done. */
    private static final long SQLITE_PAUSE_POLL_NANOS = 200_000;
    private static final RequestLogs RL = REQUEST_LOGS;

    private final LogAccess access;
    private final LogQueries queries;

    LogRetention(LogAccess access, LogQueries queries) {
        this.access = access;
        this.queries = queries;
    }

    /** @param serverId only this server's rows, or {@code null} for every server's */
    RetentionResult cleanup(Instant olderThan, String serverId) {
        Objects.requireNonNull(olderThan, "olderThan");
        TimeRules.inRange("olderThan", olderThan);
        Condition cond = RL.TIMESTAMP.lt(olderThan);
        if (serverId != null) {
            return deleteInChunks(cond.and(RL.SERVER_ID.eq(serverId)), Long.MAX_VALUE);
        }
        // a partitioned request_logs (PostgreSQL): whole expired months are dropped, not deleted row by row; the
        // chunked delete below then touches only the partition straddling the cutoff and the default one (the
        // planner prunes the others by the timestamp condition)
        StoreContext ctx = access.context();
        RequestLogPartitions.Dropped dropped;
        try {
            // not through run(): each partition is dropped in a short transaction of its own
            dropped = RequestLogPartitions.dropExpired(ctx.dsl(), ctx.type(), olderThan);
        } catch (DataAccessException e) {
            throw Errors.wrap("drop expired request_logs partitions", e, ctx.engine().maskedUrl());
        }
        RetentionResult rest = deleteInChunks(cond, Long.MAX_VALUE);
        return new RetentionResult(rest.deleted() + dropped.rows(), rest.remaining(), rest.interrupted(),
                dropped.partitions());
    }

    RetentionResult trimTo(long maxEntries) {
        if (maxEntries < 0) {
            throw new ValidationException("maxEntries", "must be >= 0", maxEntries);
        }
        Long cutoff = access.run("find the trim boundary", c -> c.dsl().select(RL.ID).from(RL)
                .orderBy(RL.ID.desc()).limit(1).offset(maxEntries).fetchOptional(RL.ID).orElse(null));
        if (cutoff == null) {
            return new RetentionResult(0, queries.count(LogFilter.ALL), false, 0);
        }
        // a partitioned request_logs (PostgreSQL): past months holding only rows at or below the boundary are
        // dropped whole, not deleted row by row; the chunked delete takes the rest
        StoreContext ctx = access.context();
        RequestLogPartitions.Dropped dropped;
        try {
            dropped = RequestLogPartitions.dropTrimmed(ctx.dsl(), ctx.type(), cutoff, Instant.now());
        } catch (DataAccessException e) {
            throw Errors.wrap("drop trimmed request_logs partitions", e, ctx.engine().maskedUrl());
        }
        RetentionResult rest = deleteInChunks(DSL.noCondition(), cutoff);
        return new RetentionResult(rest.deleted() + dropped.rows(), rest.remaining(), rest.interrupted(),
                dropped.partitions());
    }

    /** Applies system_config: by age ({@code log_retention_days}), then by count ({@code max_log_entries}). */
    RetentionResult cleanup() {
        var config = new JooqConfigStore(access.context());
        int days = config.logRetentionDays();
        long max = config.maxLogEntries();
        RetentionResult byAge = cleanup(Instant.now().minus(Duration.ofDays(days)), null);
        if (byAge.interrupted()) {
            return byAge;
        }
        RetentionResult bySize = trimTo(max);
        return new RetentionResult(byAge.deleted() + bySize.deleted(), bySize.remaining(), bySize.interrupted(),
                byAge.partitionsDropped() + bySize.partitionsDropped());
    }

    /**
     * Deletes the rows matching {@code matching} whose id is at most {@code maxId}, oldest id first, a chunk per
     * transaction. Each chunk is found by a read before its transaction (ids above the previous chunk's last id, at
     * most the ceiling) and deleted by its id range plus {@code matching} alone: a second upper bound on the id in the
     * DELETE (the ceiling beside the chunk's range) made SQLite's planner take the ceiling as the range's end and walk
     * every row up to it, about 65 ms per chunk of 1,000 on 90,000 rows, whatever the chunk's size.
     *
     * @param matching the rows to delete, without bounds on the id
     * @param maxId    the highest id to delete
     */
    private RetentionResult deleteInChunks(Condition matching, long maxId) {
        StoreContext ctx = access.context();
        long deleted = 0;
        boolean interrupted = false;
        // only rows that existed when the cleanup began: back-dated logs appended meanwhile (imports, clock skew)
        // would otherwise keep a cleanup chasing them for as long as they arrive (seen in ContentionTest: one call
        // ran until the writers stopped)
        // a plain read outside a transaction: on SQLite, the store's transactions begin IMMEDIATE and would queue
        // behind a writer before the first chunk does
        Long newest;
        try {
            newest = ctx.dsl().select(DSL.max(RL.ID)).from(RL).fetchOne(0, Long.class);
        } catch (DataAccessException e) {
            throw Errors.wrap("find the newest request log", e, ctx.engine().maskedUrl());
        }
        if (newest == null) {
            return new RetentionResult(0, 0, false, 0);
        }
        long ceiling = Math.min(newest, maxId);
        long after = Long.MIN_VALUE;
        while (true) {
            if (Thread.currentThread().isInterrupted()) {
                interrupted = true;
                break;
            }
            long from = after;
            // the chunk is found by a plain read, outside the transaction: on SQLite a transaction holds the one
            // write lock from its start, and finding the last chunk (and that none is left) walks every row above
            // the previous chunk up to the ceiling, 60 ms on 60,000 rows, during which no append could commit
            List<Long> ids = access.readOne("find request logs to delete", LogFilter.ALL, (c, dsl) -> dsl
                    .select(RL.ID).from(RL).where(matching).and(RL.ID.gt(from)).and(RL.ID.le(ceiling))
                    .orderBy(RL.ID).limit(RequestLogStore.RETENTION_CHUNK).fetch(RL.ID));
            if (ids.isEmpty()) {
                break;
            }
            long first = ids.get(0);
            long last = ids.get(ids.size() - 1);
            if (after == Long.MIN_VALUE) {
                // jOOQ renders its first DELETE here, not inside the first chunk's transaction: loading the classes
                // that render it took 50-80 ms in a new JVM, while holding SQLite's write lock
                ctx.dsl().render(deleteChunk(ctx.dsl(), matching, first, last));
            }
            // the rows found, and any in their range that came to match since; a retried transaction deletes the same
            deleted += access.run("delete request logs", c -> deleteChunk(c.dsl(), matching, first, last).execute());
            after = last;
            if (ctx.type() == DatabaseType.SQLITE && !letWaitingWritersIn(ctx)) {
                interrupted = true;
                break;
            }
        }
        return new RetentionResult(deleted, queries.count(LogFilter.ALL), interrupted, 0);
    }

    /** The DELETE of one chunk: the rows in its id range that match. */
    private static org.jooq.Delete<?> deleteChunk(org.jooq.DSLContext dsl, Condition matching, long first, long last) {
        return dsl.deleteFrom(RL).where(RL.ID.between(first, last)).and(matching);
    }

    /**
     * Between two chunks on SQLite, which has one writer: a transaction of this database's pool that waited for the
     * chunk is asleep in the pool's busy handler and retries on its own schedule (up to 20 ms apart, see
     * {@code SqliteBusyWait}), so the next chunk
     * waits until every such transaction has finished, and at most 50 ms (as long as writes keep coming, the cleanup
     * still moves on). Without one under way, the next chunk starts at once. Writers of other processes are not seen
     * here: they get the 50 ms gap only when one of ours is waiting too, as SQLite's lock gives no one a turn.
     *
     * @return false when the thread was interrupted meanwhile
     */
    private static boolean letWaitingWritersIn(StoreContext ctx) {
        long deadline = System.nanoTime() + SQLITE_CHUNK_PAUSE_NANOS;
        while (ctx.engine().sqliteTransactionsUnderWay() > 0 && System.nanoTime() - deadline < 0) {
            java.util.concurrent.locks.LockSupport.parkNanos(SQLITE_PAUSE_POLL_NANOS);
            if (Thread.currentThread().isInterrupted()) {
                return false;
            }
        }
        return true;
    }
}
