package io.mockloop.db.testing;

/** The databases every contract test runs against. */
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
    MARIADB;

    /** @return whether this target needs a running server */
    public boolean needsServer() {
        return this == POSTGRESQL || this == MYSQL || this == MARIADB;
    }
}
