package io.mockloop.db;

/**
 * Migrating, rolling back or checking the schema failed, the schema is behind and {@code migrateOnStart(false)} was
 * set, or the schema is newer than this library ({@link NewerSchema}). The message names the change set, the pending
 * versions, or both versions.
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

    /**
     * The database was migrated by a newer mockloop-db: its schema version, or a change set it records, is newer than
     * the newest version this library carries. Nothing was written; open it with the mockloop-db that migrated it
     * (or a newer one).
     *
     * <p>Immutable and thread-safe.
     */
    public static final class NewerSchema extends MigrationException {

        private static final long serialVersionUID = 1L;

        private final int databaseVersion;
        private final int libraryVersion;

        /**
         * @param message what was refused, naming both versions
         * @param databaseVersion the newest version the database records
         * @param libraryVersion the newest version this library carries
         */
        public NewerSchema(String message, int databaseVersion, int libraryVersion) {
            super(message);
            this.databaseVersion = databaseVersion;
            this.libraryVersion = libraryVersion;
        }

        /** @return the newest schema version the database records */
        public int databaseVersion() {
            return databaseVersion;
        }

        /** @return the newest schema version this library carries (optional versions included) */
        public int libraryVersion() {
            return libraryVersion;
        }
    }
}
