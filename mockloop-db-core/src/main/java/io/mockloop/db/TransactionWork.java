package io.mockloop.db;

/**
 * Work without a result done in one transaction by {@link MockLoopDb#useTransaction(TransactionWork)}.
 */
@FunctionalInterface
public interface TransactionWork {
    /**
     * @param tx the stores bound to this transaction; valid only until this method returns
     * @throws Exception any failure; it rolls the transaction back
     */
    void run(Stores tx) throws Exception;
}
