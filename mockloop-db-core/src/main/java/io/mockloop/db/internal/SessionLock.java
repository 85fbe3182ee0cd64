package io.mockloop.db.internal;

import io.mockloop.db.DatabaseType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A named session lock of a database server, the one way the library takes one: PostgreSQL's
 * {@code pg_try_advisory_lock(hashtext(name), hashtext(current_schema()))} and MySQL/MariaDB's
 * {@code GET_LOCK(name.database, wait)}. Either is held by the connection that took it until {@link #close()} or until
 * that session ends (so a killed holder never leaves it behind), and is scoped to the schema (PostgreSQL) or database
 * (MySQL/MariaDB), so two mockloop-db databases on one server never wait for each other.
 *
 * <p>MySQL refuses a lock name longer than 64 characters ({@code ER_USER_LOCK_WRONG_NAME}) and a database name may
 * itself be 64 characters long. The name is {@code <name>.<database>} when that fits and {@code <name>.<SHA-1 of the
 * database name>} when it does not: always within 64 characters, still distinct per database, and readable in
 * {@code performance_schema.metadata_locks} for every database of ordinary length. {@code name} is at most
 * {@value #MAX_NAME} characters for that reason.
 *
 * <p>Not for SQLite, which has no session lock: callers use a file lock or a lease row there. An instance belongs to
 * the thread that holds the connection.
 */
public final class SessionLock implements AutoCloseable {

    /** The longest lock name: 64 minus the dot and a 40-digit SHA-1. */
    public static final int MAX_NAME = 23;

    private static final Logger LOG = LoggerFactory.getLogger(SessionLock.class);

    private static final String DB = "COALESCE(DATABASE(), '')";
    /** The MySQL/MariaDB lock name for a name bound three times (see the class comment). */
    static final String MYSQL_NAME = "IF(CHAR_LENGTH(?) + 1 + CHAR_LENGTH(" + DB + ") <= 64, CONCAT(?, '.', " + DB
            + "), CONCAT(?, '.', SHA1(" + DB + ")))";
    private static final String PG_KEYS = "hashtext(?), hashtext(COALESCE(current_schema(), ''))";

    private final Connection connection;
    private final DatabaseType type;
    private final String name;

    private SessionLock(Connection connection, DatabaseType type, String name) {
        this.connection = connection;
        this.type = type;
        this.name = name;
    }

    /**
     * Tries to take the lock on this connection.
     *
     * @param connection the connection that will hold the lock; it must stay open (and out of the pool) while held
     * @param type PostgreSQL or the MySQL family
     * @param name the lock's name, at most {@value #MAX_NAME} characters
     * @param waitSeconds how long MySQL/MariaDB may wait for it inside the call (0: not at all); PostgreSQL never
     *        waits here, its callers poll
     * @return the held lock, or empty when another session holds it
     * @throws SQLException when the statement fails
     * @throws IllegalArgumentException for SQLite or a name that is too long
     */
    public static Optional<SessionLock> tryTake(Connection connection, DatabaseType type, String name, int waitSeconds)
            throws SQLException {
        if (name.length() > MAX_NAME) {
            throw new IllegalArgumentException("lock name longer than " + MAX_NAME + " characters: " + name);
        }
        String sql;
        if (type == DatabaseType.POSTGRESQL) {
            sql = "SELECT pg_try_advisory_lock(" + PG_KEYS + ")";
        } else if (type.isMySqlFamily()) {
            sql = "SELECT GET_LOCK(" + MYSQL_NAME + ", " + Math.max(0, waitSeconds) + ")";
        } else {
            throw new IllegalArgumentException("SQLite has no session lock");
        }
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            bindName(ps, type, name);
            try (ResultSet rs = ps.executeQuery()) {
                Object v = rs.next() ? rs.getObject(1) : null; // PostgreSQL: boolean; MySQL/MariaDB: 1, 0 or NULL
                boolean held = Boolean.TRUE.equals(v) || (v instanceof Number n && n.intValue() == 1);
                return held ? Optional.of(new SessionLock(connection, type, name)) : Optional.empty();
            }
        }
    }

    /**
     * The lock name MySQL/MariaDB sees for {@code name} on the connection's database (for tests and diagnostics).
     *
     * @param connection a MySQL/MariaDB connection
     * @param name the lock's name
     * @return the server-side lock name, never longer than 64 characters
     * @throws SQLException when the statement fails
     */
    public static String mysqlLockName(Connection connection, String name) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT " + MYSQL_NAME)) {
            bindName(ps, DatabaseType.MYSQL, name);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    private static void bindName(PreparedStatement ps, DatabaseType type, String name) throws SQLException {
        int binds = type == DatabaseType.POSTGRESQL ? 1 : 3;
        for (int i = 1; i <= binds; i++) {
            ps.setString(i, name);
        }
    }

    /**
     * Releases the lock. A failure is logged, not thrown: the session's end releases it as well, and callers close
     * (or discard) the connection right after.
     */
    @Override
    public void close() {
        String sql = type == DatabaseType.POSTGRESQL
                ? "SELECT pg_advisory_unlock(" + PG_KEYS + ")"
                : "SELECT RELEASE_LOCK(" + MYSQL_NAME + ")";
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            bindName(ps, type, name);
            ps.executeQuery().close();
        } catch (SQLException e) {
            LOG.debug("releasing the {} lock failed (the session's end releases it): {}", name, e.getMessage());
        }
    }
}
