package io.mockloop.db.internal.log;

import io.mockloop.db.internal.StoreContext;
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
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * The jOOQ request-log store: checks its arguments and hands each verb to the class that does that job (ingest,
 * queries, statistics, export, retention, imports, the traffic report). Stateless apart from its context and
 * policy; thread-safe.
 */
public final class JooqRequestLogStore implements RequestLogStore {

    private final StoreContext ctx;
    private final LogPolicy policy;
    private final LogEncoder encoder;
    private final LogAccess access;
    private final LogIngest ingest;
    private final LogQueries queries;
    private final LogStatistics statistics;
    private final LogRetention retention;
    private final ExportQuery export;

    /** @param ctx the context the store runs on */
    public JooqRequestLogStore(StoreContext ctx) {
        this(ctx, LogPolicy.DEFAULTS);
    }

    private JooqRequestLogStore(StoreContext ctx, LogPolicy policy) {
        this.ctx = ctx;
        this.policy = policy;
        this.encoder = LogEncoder.of(ctx, policy);
        this.access = new LogAccess(ctx);
        this.ingest = new LogIngest(ctx, encoder);
        this.queries = new LogQueries(access);
        this.statistics = new LogStatistics(access);
        this.retention = new LogRetention(access, queries);
        this.export = new ExportQuery(access);
    }

    @Override
    public RequestLogStore withPolicy(LogPolicy newPolicy) {
        return new JooqRequestLogStore(ctx, Objects.requireNonNull(newPolicy, "policy"));
    }

    @Override
    public LogPolicy policy() {
        return policy;
    }

    // ------------------------------------------------------------------ ingest

    @Override
    public OptionalLong append(RequestLog log) {
        return ingest.append(log);
    }

    @Override
    public int appendAll(List<RequestLog> logs) {
        return ingest.appendAll(logs);
    }

    @Override
    public LogWriter openWriter(WriterSettings settings) {
        Objects.requireNonNull(settings, "settings");
        AsyncLogWriter writer = new AsyncLogWriter(ctx, settings);
        ctx.engine().onClose(writer);
        return writer;
    }

    // ------------------------------------------------------------------ reads

    @Override
    public Optional<RequestLog> find(long id) {
        return queries.find(id);
    }

    @Override
    public RequestLog get(long id) {
        return queries.get(id);
    }

    @Override
    public LogPage page(LogFilter filter, int size) {
        return queries.page(filter, size);
    }

    @Override
    public LogPage page(LogFilter filter, int size, String cursor) {
        return queries.page(filter, size, cursor);
    }

    @Override
    public long count(LogFilter filter) {
        return queries.count(filter);
    }

    @Override
    public List<RequestLog> list(LogFilter filter, int limit) {
        return queries.list(filter, limit);
    }

    @Override
    public Stream<RequestLog> stream(LogFilter filter) {
        return queries.stream(filter);
    }

    @Override
    public long export(LogFilter filter, ExportFormat format, OutputStream out) {
        return export.export(filter, format, out);
    }

    // ------------------------------------------------------------------ statistics

    @Override
    public List<DailySummary> summary() {
        return statistics.summary(null);
    }

    @Override
    public List<DailySummary> summary(String serverId) {
        return statistics.summary(Objects.requireNonNull(serverId, "serverId"));
    }

    @Override
    public List<EndpointStats> endpointStats(LogFilter filter) {
        return statistics.endpointStats(filter);
    }

    @Override
    public List<TimeBucket> timeBuckets(LogFilter filter, Duration bucket) {
        return statistics.timeBuckets(filter, bucket);
    }

    @Override
    public List<UnmatchedRequest> listUnmatched(LogFilter filter, int limit) {
        return statistics.listUnmatched(filter, limit);
    }

    @Override
    public long report(LogFilter filter, OutputStream out) {
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(out, "out");
        return new TrafficReport(access, statistics, filter).write(out);
    }

    // ------------------------------------------------------------------ retention

    @Override
    public RetentionResult cleanup(Instant olderThan) {
        return retention.cleanup(Objects.requireNonNull(olderThan, "olderThan"), null);
    }

    @Override
    public RetentionResult cleanup(Instant olderThan, String serverId) {
        Objects.requireNonNull(olderThan, "olderThan");
        return retention.cleanup(olderThan, Objects.requireNonNull(serverId, "serverId"));
    }

    @Override
    public RetentionResult trimTo(long maxEntries) {
        return retention.trimTo(maxEntries);
    }

    @Override
    public RetentionResult cleanup() {
        return retention.cleanup();
    }

    // ------------------------------------------------------------------ import

    @Override
    public ImportReport importUpstream(Path upstreamFile, String serverId) {
        Objects.requireNonNull(upstreamFile, "upstreamFile");
        Objects.requireNonNull(serverId, "serverId");
        return new UpstreamImport(ctx, encoder.policy()).run(upstreamFile, serverId);
    }

    @Override
    public ImportReport importHar(Path harFile, String serverId) {
        Objects.requireNonNull(harFile, "harFile");
        Objects.requireNonNull(serverId, "serverId");
        return new HarImport(ctx, encoder.policy()).run(harFile, serverId);
    }
}
