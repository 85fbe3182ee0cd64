package io.mockloop.db;

/**
 * The one unchecked root of every exception mockloop-db throws. Leaves name what failed:
 * {@link ValidationException}, {@link ConfigurationException}, {@link NotFoundException},
 * {@link ConflictException}, {@link MigrationException}, {@link StoreUnavailableException},
 * {@link UnsupportedFeatureException} and {@link BackupFileException}. The root is abstract: every exception
 * thrown is one of those leaves, so a caller may catch the root or the one leaf it handles.
 *
 * <p>The cause, when there is one, is kept. Messages never contain a password: JDBC URLs are masked.
 * Instances are immutable and may be shared between threads.
 */
public abstract class MockLoopDbException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming the key or setting and the value
     */
    protected MockLoopDbException(String message) {
        super(message);
    }

    /**
     * @param message what failed, naming the key or setting and the value
     * @param cause the underlying failure, kept for diagnosis; may be {@code null}
     */
    protected MockLoopDbException(String message, Throwable cause) {
        super(message, cause);
    }
}
