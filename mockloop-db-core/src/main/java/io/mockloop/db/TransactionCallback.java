package io.mockloop.db;

/**
 * Work done in one transaction by {@link MockLoopDb#inTransaction(TransactionCallback)}: the transaction commits
 * when {@link #run(Stores)} returns and rolls back when it throws.
 *
 * @param <T> what the work returns
 * @param <X> the checked exception the work may throw ({@code RuntimeException} when it throws none: the compiler
 *            infers it)
 */
@FunctionalInterface
public interface TransactionCallback<T, X extends Exception> {

    /**
     * @param tx the stores bound to this transaction; valid only until this method returns
     * @return the result handed back to the caller of {@code inTransaction}
     * @throws X the work's own failure; it rolls the transaction back and reaches the caller of
     *           {@code inTransaction} unchanged
     */
    T run(Stores tx) throws X;
}
