package io.mockloop.db.internal.log;

import io.mockloop.db.DatabaseType;
import io.mockloop.db.MockLoopDbException;
import io.mockloop.db.StoreUnavailableException;
import io.mockloop.db.ValidationException;
import io.mockloop.db.internal.Errors;
import io.mockloop.db.internal.StoreContext;
import io.mockloop.db.log.LogFilter;
import java.util.function.Function;
import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;

/**
 * How the request-log classes (queries, statistics, retention, report, export) reach the database: work in a
 * transaction with failures named, reads on a connection where a filter's SQLite functions are registered, and a
 * database's refusal of a regular expression reported as the filter's fault. Stateless apart from its context;
 * thread-safe.
 */
final class LogAccess {

    private final StoreContext ctx;

    LogAccess(StoreContext ctx) {
        this.ctx = ctx;
    }

    StoreContext context() {
        return ctx;
    }

    DatabaseType type() {
        return ctx.type();
    }

    /** Runs {@code work} in a transaction (the caller's when there is one); database failures name {@code what}. */
    <T> T run(String what, Function<StoreContext, T> work) {
        return named(what, () -> ctx.transactionResult(what, work));
    }

    /**
     * {@code call}, with a jOOQ failure it lets through (inside a caller's transaction the context runs work as it
     * is) turned into the library's exception naming {@code what}.
     */
    private <T> T named(String what, java.util.function.Supplier<T> call) {
        try {
            return call.get();
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

    /**
     * Runs a read of {@code filter}'s rows that is one statement, outside a transaction (the caller's when there is
     * one), with the filter's SQLite functions registered: one statement reads one snapshot anyway, and a
     * transaction would cost a COMMIT round trip on the servers and, on SQLite (whose transactions begin IMMEDIATE),
     * the write lock. Transient failures are retried as by {@link StoreContext#read}.
     */
    <T> T readOne(String what, LogFilter filter, ReadWork<T> work) {
        return withFilter(filter, work, body -> named(what, () -> ctx.read(what, body)));
    }

    /**
     * Runs a read of {@code filter}'s rows like {@link #run} (in a transaction: for reads of several statements that
     * must see one snapshot), with the filter's SQLite functions registered.
     */
    <T> T read(String what, LogFilter filter, ReadWork<T> work) {
        return withFilter(filter, work, body -> run(what, body));
    }

    /** {@code work} on a DSLContext with the filter's SQLite functions, through {@code runner}; regex refusals named. */
    private <T> T withFilter(LogFilter filter, ReadWork<T> work,
                             Function<Function<StoreContext, T>, T> runner) {
        try {
            if (ctx.type() != DatabaseType.SQLITE || !Filters.needsSqliteFunctions(filter)) {
                return runner.apply(c -> work.run(c, c.dsl()));
            }
            return runner.apply(c -> c.dsl().connectionResult(conn -> {
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
    MockLoopDbException regexRefused(LogFilter filter, MockLoopDbException failure) {
        if (filter.pathMatch() == LogFilter.PathMatch.REGEX && Errors.isInvalidRegex(failure)) {
            return new ValidationException("path", "must be a regular expression " + ctx.type() + " accepts ("
                    + Errors.rootMessage(failure) + ")", filter.path());
        }
        return failure;
    }
}
