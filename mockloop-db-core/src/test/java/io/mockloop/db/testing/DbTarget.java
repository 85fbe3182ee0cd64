package io.mockloop.db.testing;

/**
 * The databases every contract test runs against.
 *
 * <p>{@link #POSTGRESQL_PARTITIONED} is for the suites whose results must not change when request_logs is
 * partitioned (RequestLogStoreTest, RetentionTest); the other suites exclude it with
 * {@code @EnumSource(value = DbTarget.class, mode = EnumSource.Mode.EXCLUDE, names = "POSTGRESQL_PARTITIONED")}.
 */
public enum DbTarget {
    /** A SQLite file in a temporary directory (WAL). */
    SQLITE_FILE,
    /** An in-memory SQLite database shared by the pool. */
    SQLITE_MEMORY,
    /** PostgreSQL at 127.0.0.1:5432, a fresh schema per database. */
    POSTGRESQL,
    /** MariaDB through mysql-connector-j ({@code jdbc:mysql:}, jOOQ MYSQL dialect), a fresh database. */
    MYSQL,
    /** MariaDB through MariaDB Connector/J ({@code jdbc:mariadb:}, jOOQ MARIADB dialect), a fresh database. */
    MARIADB,
    /**
     * PostgreSQL like {@link #POSTGRESQL}, opened with {@code partitionedRequestLogs(true)}: request_logs is
     * partitioned by month, with a partition for every month of 2025 and 2026 (where the fixtures' timestamps lie)
     * besides the default one.
     */
    POSTGRESQL_PARTITIONED;

    /** @return whether this target needs a running server */
    public boolean needsServer() {
        return this != SQLITE_FILE && this != SQLITE_MEMORY;
    }

    /** @return whether this target is PostgreSQL, partitioned or not */
    public boolean isPostgres() {
        return this == POSTGRESQL || this == POSTGRESQL_PARTITIONED;
    }
}
