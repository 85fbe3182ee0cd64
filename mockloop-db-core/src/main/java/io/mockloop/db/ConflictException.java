package io.mockloop.db;

/**
 * A write would break a uniqueness rule or the state of the thing written, for example
 * {@code "scenario 'checkout-fails' already exists for server 'petstore'"}. Nothing was written.
 *
 * <p>Immutable and thread-safe.
 */
public class ConflictException extends MockLoopDbException {

    private static final long serialVersionUID = 1L;

    /** @param message what conflicts with what, naming both */
    public ConflictException(String message) {
        super(message);
    }

    /**
     * @param message what conflicts with what, naming both
     * @param cause the database's own error, kept for diagnosis
     */
    public ConflictException(String message, Throwable cause) {
        super(message, cause);
    }
}
