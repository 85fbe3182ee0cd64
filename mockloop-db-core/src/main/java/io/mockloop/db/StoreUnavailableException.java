package io.mockloop.db;

/**
 * The database could not be reached or failed while a store talked to it (connection refused, pool timeout,
 * disk full, a read-only file). The message names the (masked) URL or the operation; the cause is kept.
 *
 * <p>Immutable and thread-safe.
 */
public class StoreUnavailableException extends MockLoopDbException {

    private static final long serialVersionUID = 1L;

    /** @param message what could not be done, with the masked URL */
    public StoreUnavailableException(String message) {
        super(message);
    }

    /**
     * @param message what could not be done, with the masked URL
     * @param cause the driver's or pool's error
     */
    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
