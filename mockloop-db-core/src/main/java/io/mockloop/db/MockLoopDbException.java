package io.mockloop.db;

/**
 * The one unchecked root of every exception mockloop-db throws. Leaves name what failed:
 * {@link ValidationException}, {@link ConfigurationException}, {@link NotFoundException},
 * {@link ConflictException}, {@link MigrationException} and {@link StoreUnavailableException}.
 *
 * <p>The cause, when there is one, is kept. Messages never contain a password: JDBC URLs are masked.
 * Instances are immutable and may be shared between threads.
 */
public class MockLoopDbException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming the key or setting and the value
     */
    public MockLoopDbException(String message) {
        super(message);
    }

    /**
     * @param message what failed, naming the key or setting and the value
     * @param cause the underlying failure, kept for diagnosis; may be {@code null}
     */
    public MockLoopDbException(String message, Throwable cause) {
        super(message, cause);
    }
}
