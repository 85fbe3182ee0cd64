package io.mockloop.db.internal.log;

import static io.mockloop.db.internal.jooq.generated.Tables.REQUEST_LOGS;
import static io.mockloop.db.internal.jooq.generated.Tables.REQUEST_LOGS_SUMMARY;

import io.mockloop.db.DatabaseType;
import io.mockloop.db.MockLoopDbException;
import io.mockloop.db.NotFoundException;
import io.mockloop.db.StoreUnavailableException;
import io.mockloop.db.ValidationException;
import io.mockloop.db.internal.Errors;
import io.mockloop.db.internal.StoreContext;
import io.mockloop.db.internal.TextRules;
import io.mockloop.db.internal.TimeRules;
import io.mockloop.db.internal.config.JooqConfigStore;
import io.mockloop.db.internal.jooq.generated.tables.RequestLogs;
import io.mockloop.db.log.DailySummary;
import io.mockloop.db.log.EndpointStats;
import io.mockloop.db.log.ExportFormat;
import io.mockloop.db.log.ImportReport;
import io.mockloop.db.log.LogFilter;
import io.mockloop.db.log.LogPage;
import io.mockloop.db.log.LogPolicy;
import io.mockloop.db.log.LogWriter;
import io.mockloop.db.log.RequestLog;
import io.mockloop.db.log.RequestLogStore;
import io.mockloop.db.log.RetentionResult;
import io.mockloop.db.log.TimeBucket;
import io.mockloop.db.log.UnmatchedRequest;
import io.mockloop.db.log.WriterSettings;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import org.jooq.ResultQuery;
import org.jooq.SQLDialect;
import java.sql.SQLException;
import java.sql.ResultSet;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.jooq.Condition;
import org.jooq.Cursor;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.Record4;
import org.jooq.SortField;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;

/** The jOOQ request-log store. Stateless apart from its context and policy; thread-safe. */
public final class JooqRequestLogStore implements RequestLogStore {

    /** Pause between retention chunks on SQLite (see deleteInChunks). */
    private static final long SQLITE_CHUNK_PAUSE_MILLIS = 50;

    static final int STREAM_CHUNK = 500;
    private static final RequestLogs RL = REQUEST_LOGS;

    private final StoreContext ctx;
    private final LogPolicy policy;

    /** @param ctx the context the store runs on */
    public JooqRequestLogStore(StoreContext ctx) {
        this(ctx, LogPolicy.DEFAULTS);
    }

    JooqRequestLogStore(StoreContext ctx, LogPolicy policy) {
        this.ctx = ctx;
        this.policy = policy;
        this.effective = effective(ctx, policy);
        this.encoder = new LogEncoder(effective, ctx.json().getFactory());
    }

    /** Longest body that fits a MySQL/MariaDB TEXT column (65,535 bytes; a UTF-16 char is at most 3 UTF-8 bytes). */
    static final int MYSQL_TEXT_CHARS = 21_000;

    private final LogPolicy effective;
    private final LogEncoder encoder;

    /** The policy as applied: on MySQL/MariaDB bodies are also cut to fit TEXT, with the same visible marker. */
    static LogPolicy effective(StoreContext ctx, LogPolicy policy) {
        boolean mysql = ctx.type() == DatabaseType.MYSQL || ctx.type() == DatabaseType.MARIADB;
        return mysql && policy.maxBodyChars() > MYSQL_TEXT_CHARS ? policy.withMaxBodyChars(MYSQL_TEXT_CHARS) : policy;
    }

    @Override
    public RequestLogStore withPolicy(LogPolicy newPolicy) {
        return new JooqRequestLogStore(ctx, java.util.Objects.requireNonNull(newPolicy, "policy"));
    }

    @Override
    public LogPolicy policy() {
        return policy;
    }

    // ------------------------------------------------------------------ ingest

    @Override
    public long append(RequestLog log) {
        LogRules.check(log, "");
        LogRow row = encoder.encode(log);
        if (row == null) {
            ctx.engine().metrics().logsExcluded(1);
            return 0;
        }
        long id = run("append a request log", c -> LogInsert.insertOne(c.dsl(), row));
        countWritten(1);
        return id;
    }

    /** Counts stored logs once they are committed (in a caller's transaction: when it commits). */
    private void countWritten(int n) {
        ctx.afterCommit(() -> ctx.engine().metrics().logsWritten(n));
    }

    @Override
    public int appendAll(List<RequestLog> logs) {
        java.util.Objects.requireNonNull(logs, "logs");
        for (int i = 0; i < logs.size(); i++) {
            LogRules.check(logs.get(i), "logs[" + i + "].");
        }
        List<LogRow> rows = new ArrayList<>(logs.size());
        for (RequestLog l : logs) {
            LogRow row = encoder.encode(l);
            if (row != null) {
                rows.add(row);
            }
        }
        if (rows.size() < logs.size()) {
            ctx.engine().metrics().logsExcluded(logs.size() - rows.size());
        }
        if (rows.isEmpty()) {
            return 0;
        }
        int n = run("append " + rows.size() + " request logs", c -> LogInsert.insertAll(c.dsl(), rows));
        countWritten(n);
        return n;
    }

    @Override
    public LogWriter openWriter(WriterSettings settings) {
        java.util.Objects.requireNonNull(settings, "settings");
        AsyncLogWriter writer = new AsyncLogWriter(ctx, settings);
        ctx.engine().onClose(writer);
        return writer;
    }

    // ------------------------------------------------------------------ reads

    @Override
    public Optional<RequestLog> find(long id) {
        return run("find request log " + id, c -> logs(c, c.dsl(), c.dsl().select(StoredRow.FIELDS).from(RL)
                .where(RL.ID.eq(id))).stream().findFirst());
    }

    @Override
    public RequestLog get(long id) {
        return find(id).orElseThrow(() -> new NotFoundException("request log", String.valueOf(id)));
    }

    /** Maps a select of {@link StoredRow#FIELDS} straight off the JDBC result set (no jOOQ record per row). */
    static List<RequestLog> logs(StoreContext c, DSLContext dsl, ResultQuery<?> query) {
        try (ResultSet rs = query.fetchResultSet()) {
            List<RequestLog> out = new ArrayList<>();
            SQLDialect dialect = dsl.dialect();
            while (rs.next()) {
                out.add(StoredRow.read(rs, dialect).toLog(c.json()));
            }
            return out;
        } catch (SQLException e) {
            throw new DataAccessException("reading request logs: " + e.getMessage(), e);
        }
    }

    @Override
    public LogPage page(LogFilter filter, int size, String cursor) {
        java.util.Objects.requireNonNull(filter, "filter");
        if (size < 1 || size > 10_000) {
            throw new ValidationException("size", "must be 1 to 10000", size);
        }
        Key after = cursor == null ? null : Key.decode(cursor);
        List<RequestLog> rows = chunk(filter, after, size + 1);
        if (rows.size() <= size) {
            return new LogPage(rows, Optional.empty());
        }
        List<RequestLog> items = rows.subList(0, size);
        RequestLog last = items.get(size - 1);
        return new LogPage(items, Optional.of(new Key(last.timestamp(), last.id()).encode()));
    }

    /** Up to {@code limit} rows after {@code after} in the filter's order. */
    private List<RequestLog> chunk(LogFilter filter, Key after, int limit) {
        boolean newest = filter.order() == LogFilter.Order.NEWEST_FIRST;
        Condition where = Filters.where(filter, ctx.type());
        if (after != null) {
            // the leading bound (timestamp <= t) is implied by the OR, but gives the planner an index range to start
            // from: without it PostgreSQL walks the timestamp index from the newest row on every deep page
            where = where.and(newest
                    ? RL.TIMESTAMP.le(after.ts()).and(RL.TIMESTAMP.lt(after.ts())
                            .or(RL.TIMESTAMP.eq(after.ts()).and(RL.ID.lt(after.id()))))
                    : RL.TIMESTAMP.ge(after.ts()).and(RL.TIMESTAMP.gt(after.ts())
                            .or(RL.TIMESTAMP.eq(after.ts()).and(RL.ID.gt(after.id())))));
        }
        SortField<?>[] order = newest ? new SortField<?>[] {RL.TIMESTAMP.desc(), RL.ID.desc()}
                : new SortField<?>[] {RL.TIMESTAMP.asc(), RL.ID.asc()};
        Condition w = where;
        return read("query request logs", filter, (c, dsl) -> logs(c, dsl, dsl.select(StoredRow.FIELDS).from(RL)
                .where(w).orderBy(order).limit(limit)));
    }

    @Override
    public long count(LogFilter filter) {
        java.util.Objects.requireNonNull(filter, "filter");
        Condition where = Filters.where(filter, ctx.type());
        return read("count request logs", filter, (c, dsl) -> dsl.selectCount().from(RL).where(where)
                .fetchOne(0, Long.class));
    }

    @Override
    public List<RequestLog> list(LogFilter filter, int limit) {
        java.util.Objects.requireNonNull(filter, "filter");
        if (limit < 0) {
            throw new ValidationException("limit", "must be >= 0", limit);
        }
        if (limit == 0) {
            return List.of();
        }
        List<RequestLog> out = new ArrayList<>();
        Key after = null;
        while (out.size() < limit) {
            List<RequestLog> rows = chunk(filter, after, Math.min(limit - out.size(), 10_000));
            out.addAll(rows);
            if (rows.isEmpty() || out.size() >= limit) {
                break;
            }
            RequestLog last = rows.get(rows.size() - 1);
            after = new Key(last.timestamp(), last.id());
        }
        return List.copyOf(out);
    }

    @Override
    public Stream<RequestLog> stream(LogFilter filter) {
        java.util.Objects.requireNonNull(filter, "filter");
        Iterator<RequestLog> it = new Iterator<>() {
            private List<RequestLog> buffer = List.of();
            private int pos;
            private Key after;
            private boolean done;

            @Override
            public boolean hasNext() {
                if (pos < buffer.size()) {
                    return true;
                }
                if (done) {
                    return false;
                }
                buffer = chunk(filter, after, STREAM_CHUNK);
                pos = 0;
                if (buffer.size() < STREAM_CHUNK) {
                    done = true;
                }
                if (!buffer.isEmpty()) {
                    RequestLog last = buffer.get(buffer.size() - 1);
                    after = new Key(last.timestamp(), last.id());
                }
                return pos < buffer.size();
            }

            @Override
            public RequestLog next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return buffer.get(pos++);
            }
        };
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(it, Spliterator.ORDERED | Spliterator.NONNULL),
                false);
    }

    // ------------------------------------------------------------------ stats

    @Override
    public List<DailySummary> summary(Optional<String> serverId) {
        var v = REQUEST_LOGS_SUMMARY;
        java.util.Objects.requireNonNull(serverId, "serverId");
        serverId.ifPresent(s -> TextRules.storable("serverId", s));
        Condition where = serverId.map(v.SERVER_ID::eq).orElse(DSL.noCondition());
        return run("read request_logs_summary", c -> c.dsl().selectFrom(v).where(where)
                .orderBy(v.SERVER_ID, v.DATE, v.METHOD)
                .fetch(r -> new DailySummary(r.getServerId(), r.getDate(), r.getMethod(), num(r.getRequestCount()),
                        r.getAvgResponseTime() == null ? 0 : r.getAvgResponseTime().doubleValue(),
                        num(r.getMinResponseTime()), num(r.getMaxResponseTime()), num(r.getErrorCount()),
                        num(r.getSuccessCount()))));
    }

    private static long num(Object o) {
        if (o == null) {
            return 0;
        }
        if (o instanceof Number n) {
            return n.longValue();
        }
        return new java.math.BigDecimal(o.toString().trim()).longValue();
    }

    @Override
    public List<EndpointStats> endpointStats(LogFilter filter) {
        java.util.Objects.requireNonNull(filter, "filter");
        Condition where = Filters.where(filter, ctx.type());
        Map<String, Acc> groups = new TreeMap<>();
        read("compute endpoint statistics", filter, (c, dsl) -> {
            try (Cursor<Record4<String, String, Integer, Integer>> cur = dsl
                    .select(RL.METHOD, RL.PATH, RL.RESPONSE_STATUS, RL.RESPONSE_TIME_MS).from(RL).where(where)
                    .fetchSize(1_000).fetchLazy()) {
                for (Record4<String, String, Integer, Integer> r : cur) {
                    groups.computeIfAbsent(r.value1() + '\u0000' + r.value2(), k -> new Acc(r.value1(), r.value2()))
                            .add(r.value3(), r.value4());
                }
            }
            return null;
        });
        List<EndpointStats> out = new ArrayList<>(groups.size());
        for (Acc a : groups.values()) {
            long[] t = a.sortedTimes();
            double avg = 0;
            for (long x : t) {
                avg += x;
            }
            avg = t.length == 0 ? 0 : avg / t.length;
            out.add(new EndpointStats(a.method, a.path, a.count, a.errors, t.length, avg,
                    t.length == 0 ? 0 : t[0], t.length == 0 ? 0 : t[t.length - 1], Percentiles.cont(t, 0.50),
                    Percentiles.cont(t, 0.95), Percentiles.cont(t, 0.99)));
        }
        return List.copyOf(out);
    }

    @Override
    public List<TimeBucket> timeBuckets(LogFilter filter, Duration bucket) {
        java.util.Objects.requireNonNull(filter, "filter");
        if (bucket == null || bucket.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new ValidationException("bucket", "must be at least 1 second", bucket);
        }
        long width;
        try {
            width = bucket.toMillis();
        } catch (ArithmeticException e) {
            throw new ValidationException("bucket", "must be at most " + Long.MAX_VALUE + " ms", bucket);
        }
        Condition where = Filters.where(filter, ctx.type());
        Map<Long, Acc> buckets = new TreeMap<>();
        read("compute time buckets", filter, (c, dsl) -> {
            try (Cursor<? extends Record> cur = dsl.select(RL.TIMESTAMP, RL.RESPONSE_STATUS, RL.RESPONSE_TIME_MS).from(RL)
                    .where(where).fetchSize(1_000).fetchLazy()) {
                for (Record r : cur) {
                    long start = Math.floorDiv(r.get(RL.TIMESTAMP).toEpochMilli(), width) * width;
                    buckets.computeIfAbsent(start, k -> new Acc(null, null))
                            .add(r.get(RL.RESPONSE_STATUS), r.get(RL.RESPONSE_TIME_MS));
                }
            }
            return null;
        });
        List<TimeBucket> out = new ArrayList<>(buckets.size());
        buckets.forEach((start, a) -> out.add(new TimeBucket(Instant.ofEpochMilli(start), a.count, a.errors,
                Percentiles.cont(a.sortedTimes(), 0.95))));
        return List.copyOf(out);
    }

    /** Accumulates one group's rows. */
    private static final class Acc {
        final String method;
        final String path;
        long count;
        long errors;
        long[] times = new long[16];
        int n;

        Acc(String method, String path) {
            this.method = method;
            this.path = path;
        }

        void add(Integer status, Integer time) {
            count++;
            if (status != null && status >= 400) {
                errors++;
            }
            if (time != null) {
                if (n == times.length) {
                    times = Arrays.copyOf(times, n * 2);
                }
                times[n++] = time;
            }
        }

        long[] sortedTimes() {
            long[] t = Arrays.copyOf(times, n);
            Arrays.sort(t);
            return t;
        }
    }

    // ------------------------------------------------------------------ export

    @Override
    public List<UnmatchedRequest> listUnmatched(LogFilter filter, int limit) {
        java.util.Objects.requireNonNull(filter, "filter");
        if (limit < 1 || limit > UnmatchedRequests.MAX_GROUPS) {
            throw new ValidationException("limit", "must be 1 to " + UnmatchedRequests.MAX_GROUPS, limit);
        }
        Condition where = Filters.where(filter, ctx.type()).and(RL.UNMATCHED.isTrue());
        return read("list unmatched requests", filter, (c, dsl) -> UnmatchedRequests.list(c, dsl, where, limit));
    }

    @Override
    public long export(LogFilter filter, ExportFormat format, OutputStream out) {
        java.util.Objects.requireNonNull(filter, "filter");
        java.util.Objects.requireNonNull(format, "format");
        java.util.Objects.requireNonNull(out, "out");
        Condition where = Filters.where(filter, ctx.type());
        SortField<?>[] order = filter.order() == LogFilter.Order.NEWEST_FIRST
                ? new SortField<?>[] {RL.TIMESTAMP.desc(), RL.ID.desc()}
                : new SortField<?>[] {RL.TIMESTAMP.asc(), RL.ID.asc()};
        String what = "export request logs as " + format;
        try {
            // one query read through one cursor, never retried (what was written cannot be taken back). PostgreSQL
            // fetches with a cursor only inside a transaction; elsewhere a transaction would only hold locks (on
            // SQLite, BEGIN IMMEDIATE would hold the write lock for the whole export)
            if (ctx.type() == DatabaseType.POSTGRESQL) {
                return ctx.dsl().transactionResult(cfg -> exportOn(cfg.dsl(), where, order, format, out));
            }
            return ctx.dsl().connectionResult(conn -> {
                if (ctx.type() == DatabaseType.SQLITE && Filters.needsSqliteFunctions(filter)) {
                    SqliteFunctions.register(conn);
                }
                return exportOn(DSL.using(ctx.dsl().configuration().derive(conn)), where, order, format, out);
            });
        } catch (MockLoopDbException e) {
            throw e;
        } catch (DataAccessException e) {
            if (e.getCause() instanceof MockLoopDbException m) {
                throw m;
            }
            throw regexRefused(filter, Errors.wrap(what, e, ctx.engine().maskedUrl()));
        }
    }

    private long exportOn(DSLContext dsl, Condition where, SortField<?>[] order, ExportFormat format,
            OutputStream out) {
        DatabaseType type = ctx.type();
        // mysql-connector-j streams only with Integer.MIN_VALUE; the others stream with a positive fetch size
        ResultQuery<?> query = dsl.select(StoredRow.FIELDS).from(RL).where(where).orderBy(order)
                .fetchSize(type == DatabaseType.MYSQL ? Integer.MIN_VALUE : 1_000);
        if (type.isMySqlFamily()) {
            // the statement timeout would end a long export (MariaDB applies max_statement_time to the whole
            // streamed result); every wait for the server's next rows is still bounded by the socket timeout
            query = query.queryTimeout(0);
        }
        SQLDialect dialect = dsl.dialect();
        try (ResultSet rs = query.fetchResultSet()) {
            Iterator<StoredRow> rows = new Iterator<>() {
                private Boolean ahead;

                @Override
                public boolean hasNext() {
                    if (ahead == null) {
                        try {
                            ahead = rs.next();
                        } catch (SQLException e) {
                            throw new DataAccessException("reading request logs: " + e.getMessage(), e);
                        }
                    }
                    return ahead;
                }

                @Override
                public StoredRow next() {
                    if (!hasNext()) {
                        throw new NoSuchElementException();
                    }
                    ahead = null;
                    try {
                        return StoredRow.read(rs, dialect);
                    } catch (SQLException e) {
                        throw new DataAccessException("reading request logs: " + e.getMessage(), e);
                    }
                }
            };
            return LogExport.write(ctx.json(), format, rows, out);
        } catch (SQLException e) {
            throw new DataAccessException("reading request logs: " + e.getMessage(), e);
        }
    }

    // ------------------------------------------------------------------ retention

    @Override
    public RetentionResult cleanup(Instant olderThan, Optional<String> serverId) {
        java.util.Objects.requireNonNull(olderThan, "olderThan");
        java.util.Objects.requireNonNull(serverId, "serverId");
        TimeRules.inRange("olderThan", olderThan);
        Condition cond = RL.TIMESTAMP.lt(olderThan);
        if (serverId.isPresent()) {
            return deleteInChunks(cond.and(RL.SERVER_ID.eq(serverId.get())));
        }
        // a partitioned request_logs (PostgreSQL): whole expired months are dropped, not deleted row by row; the
        // chunked delete below then touches only the partition straddling the cutoff and the default one (the
        // planner prunes the others by the timestamp condition)
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

    @Override
    public RetentionResult trimTo(long maxEntries) {
        if (maxEntries < 0) {
            throw new ValidationException("maxEntries", "must be >= 0", maxEntries);
        }
        Long cutoff = run("find the trim boundary", c -> c.dsl().select(RL.ID).from(RL).orderBy(RL.ID.desc())
                .limit(1).offset(maxEntries).fetchOptional(RL.ID).orElse(null));
        if (cutoff == null) {
            return new RetentionResult(0, count(LogFilter.ALL), false);
        }
        // a partitioned request_logs (PostgreSQL): past months holding only rows at or below the boundary are
        // dropped whole, not deleted row by row; the chunked delete takes the rest
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

    @Override
    public RetentionResult cleanup() {
        var config = new JooqConfigStore(ctx);
        int days = config.logRetentionDays();
        long max = config.maxLogEntries();
        RetentionResult byAge = cleanup(Instant.now().minus(Duration.ofDays(days)), Optional.empty());
        if (byAge.interrupted()) {
            return byAge;
        }
        RetentionResult bySize = trimTo(max);
        return new RetentionResult(byAge.deleted() + bySize.deleted(), bySize.remaining(), bySize.interrupted(),
                byAge.partitionsDropped() + bySize.partitionsDropped());
    }

    private RetentionResult deleteInChunks(Condition matching) {
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
            return new RetentionResult(0, 0, false);
        }
        Condition cond = matching.and(RL.ID.le(ceiling));
        while (true) {
            if (Thread.currentThread().isInterrupted()) {
                interrupted = true;
                break;
            }
            int n = run("delete request logs", c -> {
                List<Long> ids = c.dsl().select(RL.ID).from(RL).where(cond).orderBy(RL.ID).limit(RETENTION_CHUNK)
                        .fetch(RL.ID);
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
        return new RetentionResult(deleted, count(LogFilter.ALL), interrupted);
    }

    // ------------------------------------------------------------------ import

    @Override
    public ImportReport importUpstream(Path upstreamFile, String serverId) {
        return new UpstreamImport(this, effective).run(upstreamFile, serverId);
    }

    @Override
    public ImportReport importHar(Path harFile, String serverId) {
        java.util.Objects.requireNonNull(serverId, "serverId");
        return new HarImport(this, effective).run(harFile, serverId);
    }

    @Override
    public long report(LogFilter filter, OutputStream out) {
        java.util.Objects.requireNonNull(filter, "filter");
        java.util.Objects.requireNonNull(out, "out");
        return new TrafficReport(this, filter).write(out);
    }

    // ------------------------------------------------------------------ plumbing

    StoreContext context() {
        return ctx;
    }

    private <T> T run(String what, Function<StoreContext, T> work) {
        try {
            return ctx.transactionResult(what, work);
        } catch (MockLoopDbException e) {
            throw e;
        } catch (DataAccessException e) {
            if (e.getCause() instanceof MockLoopDbException m) {
                throw m;
            }
            throw Errors.wrap(what, e, ctx.engine().maskedUrl());
        }
    }

    /** Work that reads with a DSLContext on which the filter functions work (SQLite needs them on the connection). */
    interface ReadWork<T> {
        T run(StoreContext c, DSLContext dsl);
    }

    <T> T read(String what, LogFilter filter, ReadWork<T> work) {
        try {
            if (ctx.type() != DatabaseType.SQLITE || !Filters.needsSqliteFunctions(filter)) {
                return run(what, c -> work.run(c, c.dsl()));
            }
            return run(what, c -> c.dsl().connectionResult(conn -> {
                SqliteFunctions.register(conn);
                return work.run(c, DSL.using(c.dsl().configuration().derive(conn)));
            }));
        } catch (StoreUnavailableException e) {
            throw regexRefused(filter, e);
        }
    }

    /**
     * @return a {@link ValidationException} naming the path when the failure is the database refusing a regular
     *         expression that java.util.regex accepted (LogFilter checks that), else {@code failure} itself
     */
    private MockLoopDbException regexRefused(LogFilter filter, MockLoopDbException failure) {
        if (filter.pathMatch() == LogFilter.PathMatch.REGEX && Errors.isInvalidRegex(failure)) {
            return new ValidationException("path", "must be a regular expression " + ctx.type() + " accepts ("
                    + Errors.rootMessage(failure) + ")", filter.path());
        }
        return failure;
    }

    /** A keyset position (timestamp, id), encoded as an opaque URL-safe string. */
    record Key(Instant ts, long id) {
        String encode() {
            String raw = "v1:" + ts.toEpochMilli() + ":" + id;
            return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
        }

        static Key decode(String cursor) {
            try {
                String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
                String[] p = raw.split(":");
                if (p.length != 3 || !p[0].equals("v1")) {
                    throw new IllegalArgumentException(raw);
                }
                Instant ts = Instant.ofEpochMilli(Long.parseLong(p[1]));
                if (ts.isBefore(TimeRules.MIN) || ts.isAfter(TimeRules.MAX)) {
                    throw new IllegalArgumentException(raw);
                }
                return new Key(ts, Long.parseLong(p[2]));
            } catch (IllegalArgumentException e) {
                throw new ValidationException("cursor", "must be a cursor returned by page()", cursor);
            }
        }
    }


}
