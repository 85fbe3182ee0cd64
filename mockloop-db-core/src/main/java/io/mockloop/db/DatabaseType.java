package io.mockloop.db;

/**
 * The database products mockloop-db runs on. The type of an open {@link MockLoopDb} is the product of the server
 * it reached, not the URL scheme: a {@code jdbc:mysql:} URL that reaches a MariaDB server reports
 * {@link #MARIADB}.
 */
public enum DatabaseType {
    /** SQLite, a file or in memory ({@code jdbc:sqlite:}). The default. */
    SQLITE,
    /** PostgreSQL ({@code jdbc:postgresql:}). */
    POSTGRESQL,
    /** MySQL ({@code jdbc:mysql:}, mysql-connector-j). */
    MYSQL,
    /** MariaDB ({@code jdbc:mariadb:} with MariaDB Connector/J, or {@code jdbc:mysql:}). */
    MARIADB;

    /** @return {@code true} for MySQL and MariaDB */
    public boolean isMySqlFamily() {
        return this == MYSQL || this == MARIADB;
    }
}
