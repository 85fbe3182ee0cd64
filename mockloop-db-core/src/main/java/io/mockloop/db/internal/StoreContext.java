package io.mockloop.db.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mockloop.db.DatabaseType;
import org.jooq.DSLContext;

/**
 * What every store implementation is built from: the jOOQ context (the pool's, or one transaction's), the
 * database product, and the shared JSON mapper.
 *
 * @param dsl the context statements run on
 * @param type the database product
 * @param json the shared, configured Jackson mapper (thread-safe)
 * @param engine the open engine (pool, dialect)
 * @param inTransaction whether {@code dsl} is bound to a caller's transaction
 */
public record StoreContext(DSLContext dsl, DatabaseType type, ObjectMapper json, Engine engine,
                           boolean inTransaction) {

    /**
     * @param txDsl the context of a transaction
     * @return this context bound to that transaction
     */
    public StoreContext inTransaction(DSLContext txDsl) {
        return new StoreContext(txDsl, type, json, engine, true);
    }

    /**
     * Runs {@code work} in a transaction: the caller's when this context is bound to one, else a new one.
     *
     * @param work the work, handed a context bound to the transaction
     * @param <T> the result type
     * @return what {@code work} returned
     */
    public <T> T transactionResult(java.util.function.Function<StoreContext, T> work) {
        if (inTransaction) {
            return work.apply(this);
        }
        return dsl.transactionResult(cfg -> work.apply(inTransaction(cfg.dsl())));
    }
}
