package io.mockloop.db.internal.log;

import io.mockloop.db.internal.StoreContext;
import io.mockloop.db.log.RequestLog;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * Synchronous request-log writes: checks the write rules ({@link LogRules}), applies the policy and encodes through
 * {@link LogEncoder}, and inserts through {@link LogInsert}; counts written and excluded logs in the metrics. Used by
 * the store's {@code append}/{@code appendAll} and by the imports (inside their batch transaction). Stateless apart
 * from its context and encoder; thread-safe.
 */
final class LogIngest {

    private final LogAccess access;
    private final LogEncoder encoder;

    /**
     * @param ctx the context to write on (an import's: its transaction)
     * @param encoder the policy, as applied on this database, and the encoding
     */
    LogIngest(StoreContext ctx, LogEncoder encoder) {
        this.access = new LogAccess(ctx);
        this.encoder = encoder;
    }

    OptionalLong append(RequestLog log) {
        Objects.requireNonNull(log, "log");
        LogRules.check(log, LogRules.ONE);
        LogRow row = encoder.encode(log);
        StoreContext ctx = access.context();
        if (row == null) {
            ctx.engine().metrics().logsExcluded(1);
            return OptionalLong.empty();
        }
        long id = access.run("append a request log", c -> LogInsert.insertOne(c.dsl(), row));
        countWritten(1);
        return OptionalLong.of(id);
    }

    int appendAll(List<RequestLog> logs) {
        Objects.requireNonNull(logs, "logs");
        for (int i = 0; i < logs.size(); i++) {
            if (logs.get(i) == null) { // no message built for the others
                throw new NullPointerException("logs[" + i + "]");
            }
        }
        for (int i = 0; i < logs.size(); i++) {
            LogRules.check(logs.get(i), i);
        }
        List<LogRow> rows = new ArrayList<>(logs.size());
        for (RequestLog l : logs) {
            LogRow row = encoder.encode(l);
            if (row != null) {
                rows.add(row);
            }
        }
        StoreContext ctx = access.context();
        if (rows.size() < logs.size()) {
            ctx.engine().metrics().logsExcluded(logs.size() - rows.size());
        }
        if (rows.isEmpty()) {
            return 0;
        }
        int n = access.run("append " + rows.size() + " request logs", c -> LogInsert.insertAll(c.dsl(), rows));
        countWritten(n);
        return n;
    }

    /** Counts stored logs once they are committed (in a caller's transaction: when it commits). */
    private void countWritten(int n) {
        StoreContext ctx = access.context();
        ctx.afterCommit(() -> ctx.engine().metrics().logsWritten(n));
    }
}
