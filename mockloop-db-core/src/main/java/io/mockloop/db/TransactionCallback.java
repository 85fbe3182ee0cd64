package io.mockloop.db;

/**
 * Work done in one transaction by {@link MockLoopDb#inTransaction(TransactionCallback)}: the transaction commits
 * when {@link #run(Stores)} returns and rolls back when it throws.
 *
 * @param <T> what the work returns
 */
@FunctionalInterface
public interface TransactionCallback<T> {
    /**
     * @param tx the stores bound to this transaction; valid only until this method returns
     * @return the result handed back to the caller of {@code inTransaction}
     * @throws Exception any failure; it rolls the transaction back and reaches the caller (checked exceptions
     *         wrapped in {@link MockLoopDbException})
     */
    T run(Stores tx) throws Exception;
}
