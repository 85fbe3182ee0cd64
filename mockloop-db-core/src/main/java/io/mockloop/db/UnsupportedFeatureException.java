package io.mockloop.db;

import java.util.Objects;

/**
 * An operation that exists only on some databases was called on one that does not support it, for example
 * {@code maintenance().backup(...)} (built in for SQLite only) on PostgreSQL, or
 * {@code maintenance().installPostgresCleanupFunction()} on SQLite. The message names the feature, the database
 * and what to use instead. Nothing was changed.
 *
 * <p>Immutable and thread-safe.
 */
public class UnsupportedFeatureException extends MockLoopDbException {

    private static final long serialVersionUID = 1L;

    private final String feature;
    private final DatabaseType databaseType;

    /**
     * @param feature the operation that is not supported, for example {@code "backup"}; not {@code null}
     * @param databaseType the database it was called on; not {@code null}
     * @param message the whole message, naming the feature, the database and what to use instead
     * @throws NullPointerException when {@code feature} or {@code databaseType} is {@code null}
     */
    public UnsupportedFeatureException(String feature, DatabaseType databaseType, String message) {
        super(message);
        this.feature = Objects.requireNonNull(feature, "feature");
        this.databaseType = Objects.requireNonNull(databaseType, "databaseType");
    }

    /** @return the operation that is not supported, never {@code null} */
    public String feature() {
        return feature;
    }

    /** @return the database the operation was called on, never {@code null} */
    public DatabaseType databaseType() {
        return databaseType;
    }
}
