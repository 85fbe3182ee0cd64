package io.mockloop.db;

/**
 * Work without a result done in one transaction by {@link MockLoopDb#useTransaction(TransactionWork)}.
 *
 * @param <X> the checked exception the work may throw ({@code RuntimeException} when it throws none: the compiler
 *            infers it)
 */
@FunctionalInterface
public interface TransactionWork<X extends Exception> {

    /**
     * @param tx the stores bound to this transaction; valid only until this method returns
     * @throws X the work's own failure; it rolls the transaction back and reaches the caller of
     *           {@code useTransaction} unchanged
     */
    void run(Stores tx) throws X;
}
