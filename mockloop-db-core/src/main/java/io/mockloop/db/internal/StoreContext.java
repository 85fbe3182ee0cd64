package io.mockloop.db.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mockloop.db.DatabaseType;
import io.mockloop.db.MockLoopDbException;
import io.mockloop.db.Stores;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;
import org.slf4j.LoggerFactory;

/**
 * What every store implementation is built from: the jOOQ context (the pool's, or one transaction's), the
 * database product, and the shared JSON mapper.
 *
 * @param dsl the context statements run on
 * @param type the database product
 * @param json the shared, configured Jackson mapper (thread-safe)
 * @param engine the open engine (pool, dialect)
 * @param inTransaction whether {@code dsl} is bound to a caller's transaction
 * @param shared per-{@code MockLoopDb} singletons (caches, change buses), the same map in every context derived
 *               from one facade; see {@link #shared(Class, Supplier)}
 * @param afterCommit work to run once the transaction this context is bound to has committed (empty and unused
 *                    when not bound to a transaction); see {@link #afterCommit(Runnable)}
 */
public record StoreContext(DSLContext dsl, DatabaseType type, ObjectMapper json, Engine engine,
                           boolean inTransaction, ConcurrentMap<Class<?>, Object> shared,
                           List<Runnable> afterCommit) {

    /**
     * A context not bound to a transaction, with a new, empty {@link #shared()} map.
     *
     * @param dsl the context statements run on
     * @param type the database product
     * @param json the shared, configured Jackson mapper
     * @param engine the open engine
     * @param inTransaction whether {@code dsl} is bound to a caller's transaction
     */
    public StoreContext(DSLContext dsl, DatabaseType type, ObjectMapper json, Engine engine, boolean inTransaction) {
        this(dsl, type, json, engine, inTransaction, new ConcurrentHashMap<>(), new ArrayList<>());
    }

    /**
     * @param txDsl the context of a transaction
     * @return this context bound to that transaction (same {@link #shared()} map, its own after-commit list)
     */
    public StoreContext inTransaction(DSLContext txDsl) {
        return new StoreContext(txDsl, type, json, engine, true, shared, new ArrayList<>());
    }

    /**
     * The singleton of {@code type} for the facade this context belongs to, created on first use.
     *
     * @param type the key (usually the singleton's class)
     * @param create makes the singleton; called at most once per facade
     * @param <T> the singleton type
     * @return the singleton
     */
    public <T> T shared(Class<T> type, Supplier<? extends T> create) {
        return type.cast(shared.computeIfAbsent(type, k -> create.get()));
    }

    /**
     * Makes the public stores over a context. The start-up registers the one implementation
     * ({@link #useStores(StoresFactory)}); store packages reach each other through it, by their public interfaces, so
     * that no internal store package imports another.
     */
    @FunctionalInterface
    public interface StoresFactory extends Function<StoreContext, Stores> {
    }

    /**
     * Registers how {@link #stores()} makes the stores of this context's facade; the first registration wins.
     *
     * @param factory makes the stores over a context
     */
    public void useStores(StoresFactory factory) {
        shared(StoresFactory.class, () -> factory);
    }

    /**
     * @return the facade's stores over this context (bound to its transaction when it is bound to one)
     * @throws IllegalStateException when no factory was registered (see {@link #useStores(StoresFactory)})
     */
    public Stores stores() {
        Object factory = shared.get(StoresFactory.class);
        if (factory == null) {
            throw new IllegalStateException("no stores were registered for this context");
        }
        return ((StoresFactory) factory).apply(this);
    }

    /**
     * Schedules {@code work} to run after the transaction this context is bound to commits (it is dropped on
     * rollback); runs it at once when this context is not bound to a transaction. Failures of {@code work} are
     * logged, never thrown to the committer.
     *
     * @param work what to run
     */
    public void afterCommit(Runnable work) {
        if (inTransaction) {
            afterCommit.add(work);
        } else {
            runQuietly(work);
        }
    }

    /** Runs, then forgets, the work scheduled by {@link #afterCommit(Runnable)}; called once the commit is done. */
    public void runAfterCommit() {
        List<Runnable> work = new ArrayList<>(afterCommit);
        afterCommit.clear();
        work.forEach(StoreContext::runQuietly);
    }

    private static void runQuietly(Runnable work) {
        try {
            work.run();
        } catch (RuntimeException e) {
            LoggerFactory.getLogger(StoreContext.class).warn("after-commit work failed: {}", e.toString(), e);
        }
    }

    /** Attempts of an own transaction the database aborted transiently (see {@link Errors#isTransient}). */
    static final int TRANSIENT_ATTEMPTS = 5;

    /**
     * Runs a read ({@code work}) on this context without opening a transaction of its own (in a caller's
     * transaction: on it), with the same error handling as {@link #transactionResult(String, Function)}: a
     * transient failure, a read-only refusal or a connection lost under the read is retried, any other database
     * failure is thrown as {@link io.mockloop.db.StoreUnavailableException} naming {@code what}; in a caller's
     * transaction failures pass through unchanged. Every read of every store goes through here or through {@code transactionResult}: no
     * driver or jOOQ exception reaches a caller.
     *
     * @param what the operation, as the caller would say it ("find server 'petstore'")
     * @param work the read; may run more than once
     * @param <T> the result type
     * @return what {@code work} returned
     */
    public <T> T read(String what, Function<StoreContext, T> work) {
        if (inTransaction) {
            return work.apply(this);
        }
        for (int attempt = 1; ; attempt++) {
            try {
                return work.apply(this);
            } catch (MockLoopDbException e) {
                throw e;
            } catch (DataAccessException e) {
                if (e.getCause() instanceof MockLoopDbException m) {
                    throw m;
                }
                boolean retry = Errors.isTransient(e) || Errors.isReadOnly(e)
                        || (Errors.isConnectionLost(e) && !Engine.isBorrowFailure(e));
                if (attempt >= TRANSIENT_ATTEMPTS || !retry) {
                    throw Errors.wrap(what, e, engine.maskedUrl());
                }
                pause(what, e, attempt);
            }
        }
    }

    private void pause(String what, RuntimeException e, int attempt) {
        try {
            Thread.sleep(5L * attempt + ThreadLocalRandom.current().nextInt(10));
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw Errors.wrap(what, e, engine.maskedUrl());
        }
    }

    /**
     * Runs {@code work} in a transaction: the caller's when this context is bound to one, else a new one (whose
     * after-commit work runs once it has committed). A new transaction that the database aborts as a deadlock
     * victim, a serialization failure, a lock wait timeout or a busy SQLite file is run again (up to
     * {@value #TRANSIENT_ATTEMPTS} attempts, a few milliseconds apart), and so is one whose connection was lost
     * before it committed (see {@link Errors#isConnectionLost}) and one a read-only server refused (see
     * {@link Errors#isReadOnly}); its other database failures are thrown as
     * {@link io.mockloop.db.StoreUnavailableException} (cause kept). In a caller's transaction failures pass
     * through unchanged: only the whole transaction can be retried, by its owner. The message of a
     * {@link io.mockloop.db.StoreUnavailableException} names the operation ("append a request log failed on ...").
     *
     * @param what the operation, as the caller would say it
     * @param work the work, handed a context bound to the transaction; may run more than once
     * @param <T> the result type
     * @return what {@code work} returned
     */
    public <T> T transactionResult(String what, Function<StoreContext, T> work) {
        if (inTransaction) {
            return work.apply(this);
        }
        for (int attempt = 1; ; attempt++) {
            StoreContext[] tx = new StoreContext[1];
            boolean[] committing = {false};
            T result;
            try {
                result = dsl.transactionResult(cfg -> {
                    tx[0] = inTransaction(cfg.dsl());
                    T r = work.apply(tx[0]);
                    committing[0] = true; // jOOQ commits once this returns
                    return r;
                });
            } catch (MockLoopDbException e) {
                throw e;
            } catch (DataAccessException e) {
                if (e.getCause() instanceof MockLoopDbException m) {
                    throw m;
                }
                // a connection lost before COMMIT was sent (the pool handed out one the server had just closed,
                // e.g. during a restart) leaves nothing written: run again on another connection. Lost at COMMIT,
                // the outcome is unknown and the failure is reported; so is a pool timeout (the wait is over).
                boolean lostBeforeCommit = !committing[0] && Errors.isConnectionLost(e) && !Engine.isBorrowFailure(e);
                // a server that turned read-only (a primary demoted after a failover) refused a statement: nothing
                // was written, and the pool has dropped its connections to it (Engine.ReadOnlyEviction), so the next
                // attempt connects afresh and, with targetServerType=primary, finds the new primary
                if (attempt >= TRANSIENT_ATTEMPTS
                        || !(Errors.isTransient(e) || lostBeforeCommit || Errors.isReadOnly(e))) {
                    throw Errors.wrap(what, e, engine.maskedUrl());
                }
                pause(what, e, attempt);
                continue;
            }
            if (tx[0] != null) {
                tx[0].runAfterCommit();
            }
            return result;
        }
    }
}
