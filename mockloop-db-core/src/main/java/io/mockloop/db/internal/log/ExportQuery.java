package io.mockloop.db.internal.log;

import static io.mockloop.db.internal.jooq.generated.Tables.REQUEST_LOGS;

import io.mockloop.db.DatabaseType;
import io.mockloop.db.MockLoopDbException;
import io.mockloop.db.internal.Errors;
import io.mockloop.db.internal.StoreContext;
import io.mockloop.db.internal.jooq.generated.tables.RequestLogs;
import io.mockloop.db.log.ExportFormat;
import io.mockloop.db.log.LogFilter;
import java.io.OutputStream;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.ResultQuery;
import org.jooq.SQLDialect;
import org.jooq.SortField;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;

/**
 * The export's read: one query through one streaming cursor, its rows handed to {@link LogExport} with their JSON
 * columns still text. Stateless apart from its access; thread-safe.
 */
final class ExportQuery {

    private static final RequestLogs RL = REQUEST_LOGS;

    private final LogAccess access;

    ExportQuery(LogAccess access) {
        this.access = access;
    }

    long export(LogFilter filter, ExportFormat format, OutputStream out) {
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(out, "out");
        StoreContext ctx = access.context();
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
            throw access.regexRefused(filter, Errors.wrap(what, e, ctx.engine().maskedUrl()));
        }
    }

    private long exportOn(DSLContext dsl, Condition where, SortField<?>[] order, ExportFormat format,
            OutputStream out) {
        DatabaseType type = access.type();
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
            return LogExport.write(access.context().json(), format, rows, out);
        } catch (SQLException e) {
            throw new DataAccessException("reading request logs: " + e.getMessage(), e);
        }
    }
}
