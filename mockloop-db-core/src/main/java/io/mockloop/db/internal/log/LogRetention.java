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

    /** Pause between retention chunks on SQLite (see deleteInChunks). */
    private static final long SQLITE_CHUNK_PAUSE_MILLIS = 50;
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
            return deleteInChunks(cond.and(RL.SERVER_ID.eq(serverId)));
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
        RetentionResult rest = deleteInChunks(cond);
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
        RetentionResult rest = deleteInChunks(RL.ID.le(cutoff));
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

    private RetentionResult deleteInChunks(Condition matching) {
        StoreContext ctx = access.context();
        long deleted = 0;
        boolean interrupted = false;
        // only rows that existed when the cleanup began: back-dated logs appended meanwhile (imports, clock skew)
        // would otherwise keep a cleanup chasing them for as long as they arrive (seen in ContentionTest: one call
        // ran until the writers stopped)
        // a plain read outside a transaction: on SQLite, the store's transactions begin IMMEDIATE and would queue
        // behind a writer before the first chunk does
        Long ceiling;
        try {
            ceiling = ctx.dsl().select(DSL.max(RL.ID)).from(RL).fetchOne(0, Long.class);
        } catch (DataAccessException e) {
            throw Errors.wrap("find the newest request log", e, ctx.engine().maskedUrl());
        }
        if (ceiling == null) {
            return new RetentionResult(0, 0, false, 0);
        }
        Condition cond = matching.and(RL.ID.le(ceiling));
        while (true) {
            if (Thread.currentThread().isInterrupted()) {
                interrupted = true;
                break;
            }
            int n = access.run("delete request logs", c -> {
                List<Long> ids = c.dsl().select(RL.ID).from(RL).where(cond).orderBy(RL.ID)
                        .limit(RequestLogStore.RETENTION_CHUNK).fetch(RL.ID);
                if (ids.isEmpty()) {
                    return 0;
                }
                return c.dsl().deleteFrom(RL).where(RL.ID.between(ids.get(0), ids.get(ids.size() - 1))).and(cond)
                        .execute();
            });
            if (n == 0) {
                break;
            }
            deleted += n;
            if (ctx.type() == DatabaseType.SQLITE) {
                // SQLite has one writer: leave a gap longer than a waiting appender's busy-handler sleep, so that
                // appends get in between chunks instead of waiting for the whole cleanup
                try {
                    Thread.sleep(SQLITE_CHUNK_PAUSE_MILLIS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    interrupted = true;
                    break;
                }
            }
        }
        return new RetentionResult(deleted, queries.count(LogFilter.ALL), interrupted, 0);
    }
}
