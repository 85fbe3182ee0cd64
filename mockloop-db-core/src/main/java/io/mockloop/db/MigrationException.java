package io.mockloop.db;

/**
 * Migrating, rolling back or checking the schema failed, or the schema is behind and
 * {@code migrateOnStart(false)} was set. The message names the change set or the pending versions.
 *
 * <p>Immutable and thread-safe.
 */
public class MigrationException extends MockLoopDbException {

    private static final long serialVersionUID = 1L;

    /** @param message what failed */
    public MigrationException(String message) {
        super(message);
    }

    /**
     * @param message what failed
     * @param cause the underlying failure
     */
    public MigrationException(String message, Throwable cause) {
        super(message, cause);
    }
}
