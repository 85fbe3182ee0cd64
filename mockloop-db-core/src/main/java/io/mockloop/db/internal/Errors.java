package io.mockloop.db.internal;

import io.mockloop.db.JdbcUrls;
import io.mockloop.db.MockLoopDbException;
import io.mockloop.db.StoreUnavailableException;
import java.sql.SQLException;
import java.util.Locale;
import org.jooq.exception.DataAccessException;

/** Classifies database errors into the library's exceptions. Stateless. */
public final class Errors {

    private Errors() {
    }

    /**
     * @param e a failure from jOOQ or JDBC
     * @return whether it is a unique or primary key violation
     */
    public static boolean isUniqueViolation(Throwable e) {
        return anySqlCause(e, sql -> {
            if ("23505".equals(sql.getSQLState()) || sql.getErrorCode() == 1062) {
                return true;
            }
            String m = String.valueOf(sql.getMessage()).toLowerCase(Locale.ROOT);
            return m.contains("unique constraint failed") || m.contains("sqlite_constraint_primarykey")
                    || m.contains("sqlite_constraint_unique") || m.contains("duplicate entry");
        });
    }

    /**
     * @param e a failure from jOOQ or JDBC
     * @return whether it is a foreign key violation
     */
    public static boolean isForeignKeyViolation(Throwable e) {
        return anySqlCause(e, sql -> "23503".equals(sql.getSQLState()) || sql.getErrorCode() == 1452
                || sql.getErrorCode() == 1451
                || String.valueOf(sql.getMessage()).toLowerCase(Locale.ROOT).contains("foreign key constraint failed"));
    }

    /**
     * @param e a failure from jOOQ or JDBC
     * @return whether the database aborted the transaction in a way that running it again may cure: a deadlock
     *         victim or serialization failure (SQLSTATE 40001, 40P01; MySQL/MariaDB 1213), a lock wait timeout
     *         (1205), or a busy or locked SQLite database
     */
    public static boolean isTransient(Throwable e) {
        return anySqlCause(e, sql -> {
            String state = String.valueOf(sql.getSQLState());
            int code = sql.getErrorCode();
            if (state.equals("40001") || state.equals("40P01") || code == 1213 || code == 1205) {
                return true;
            }
            String m = String.valueOf(sql.getMessage()).toLowerCase(Locale.ROOT);
            return m.contains("deadlock") || m.contains("sqlite_busy") || m.contains("sqlite_locked")
                    || m.contains("database is locked");
        });
    }

    /**
     * @param e a failure from jOOQ or JDBC
     * @return whether the connection itself was lost: SQLSTATE class 08 (connection exception), PostgreSQL 57P01 to
     *         57P03 (administrator shutdown, crash shutdown, cannot connect now), MySQL/MariaDB 1053 (server
     *         shutdown), 1927 (connection killed), 2006 (server gone away) or 2013 (lost connection)
     */
    public static boolean isConnectionLost(Throwable e) {
        return anySqlCause(e, sql -> {
            String state = String.valueOf(sql.getSQLState());
            int code = sql.getErrorCode();
            return state.startsWith("08") || state.startsWith("57P0") || code == 1053 || code == 1927
                    || code == 2006 || code == 2013;
        });
    }

    /**
     * @param e a failure from jOOQ or JDBC
     * @return whether a server refused a write because it is read-only: PostgreSQL SQLSTATE 25006 (a hot standby,
     *         or a primary demoted to one after a failover, behind an address that still leads to it), MySQL/MariaDB
     *         1792 (read-only transaction) or 1290 naming {@code read-only} / {@code read_only} (a replica). Nothing
     *         was written; the same statement on the primary would succeed
     */
    public static boolean isReadOnly(Throwable e) {
        return anySqlCause(e, Errors::isReadOnly);
    }

    /**
     * @param sql one exception, not its causes
     * @return whether it is a read-only refusal (see {@link #isReadOnly(Throwable)})
     */
    static boolean isReadOnly(SQLException sql) {
        if ("25006".equals(sql.getSQLState()) || sql.getErrorCode() == 1792) {
            return true;
        }
        String m = String.valueOf(sql.getMessage()).toLowerCase(Locale.ROOT);
        return sql.getErrorCode() == 1290 && (m.contains("read-only") || m.contains("read_only"));
    }

    /**
     * @param e a failure from jOOQ or JDBC
     * @return whether the database refused a regular expression (PostgreSQL SQLSTATE 2201B, MySQL/MariaDB error
     *         1139 or 3685-3698)
     */
    public static boolean isInvalidRegex(Throwable e) {
        return anySqlCause(e, sql -> "2201B".equals(sql.getSQLState()) || sql.getErrorCode() == 1139
                || sql.getErrorCode() >= 3685 && sql.getErrorCode() <= 3698);
    }

    /**
     * Why a connection attempt failed for good: what was refused and which setting to fix. Waiting and trying again
     * cannot cure these, unlike a refused or timed-out TCP connection (the server may be starting) or a server that
     * is full.
     *
     * @param setting the setting to fix ({@code password}, {@code username}, {@code url}, {@code sqliteFile})
     * @param cause what was refused, for the message
     */
    public record ConnectRefusal(String setting, String cause) {
    }

    /**
     * Classifies a failed attempt to open a connection.
     *
     * @param e the failure of {@code Driver.connect} (or of the first statement on a new SQLite connection)
     * @return the definitive refusal (authentication refused: SQLSTATE class 28, MySQL/MariaDB 1045; no such
     *         database: PostgreSQL 3D000, MySQL/MariaDB 1049; access to the database denied: 1044; the server rejected
     *         the connection: 08004, for example no password given where one is asked for; a SQLite file that is not
     *         a database or is corrupt), or empty when trying again may succeed
     */
    public static java.util.Optional<ConnectRefusal> connectRefusal(Throwable e) {
        for (Throwable t : causes(e)) {
            if (t instanceof org.sqlite.SQLiteException sqlite) {
                switch (sqlite.getResultCode().code & 0xff) {
                    case 26: // SQLITE_NOTADB
                        return java.util.Optional.of(new ConnectRefusal("sqliteFile",
                                "the file is not a SQLite database"));
                    case 11: // SQLITE_CORRUPT
                        return java.util.Optional.of(new ConnectRefusal("sqliteFile",
                                "the SQLite database file is corrupt"));
                    default:
                        return java.util.Optional.empty();
                }
            }
            if (t instanceof SQLException sql) {
                String state = String.valueOf(sql.getSQLState());
                int code = sql.getErrorCode();
                if (code == 1045 || state.equals("28P01")) {
                    return java.util.Optional.of(new ConnectRefusal("password",
                            "the server refused the user name or password"));
                }
                if (code == 1049 || state.equals("3D000")) {
                    return java.util.Optional.of(new ConnectRefusal("url", "the database does not exist"));
                }
                if (code == 1044) {
                    return java.util.Optional.of(new ConnectRefusal("username",
                            "the user may not use this database"));
                }
                if (state.equals("08004") && code == 0) {
                    // pgjdbc: no password given where one is asked for, SSL refused (MySQL's 08004 is error 1040,
                    // too many connections: that one passes)
                    boolean password = String.valueOf(sql.getMessage()).toLowerCase(Locale.ROOT).contains("password");
                    return java.util.Optional.of(new ConnectRefusal(password ? "password" : "url",
                            "the server rejected the connection"));
                }
                if (state.startsWith("28")) {
                    return java.util.Optional.of(new ConnectRefusal("username",
                            "the server refused the user (unknown, or not allowed to connect from here)"));
                }
            }
        }
        return java.util.Optional.empty();
    }

    /**
     * @param e a failure from jOOQ or JDBC
     * @return whether it is about the data (SQLState class 22, data exception, or 23, integrity violation), so that
     *         running the same statement again cannot succeed
     */
    public static boolean isDataError(Throwable e) {
        return anySqlCause(e, sql -> sql.getSQLState() != null
                && (sql.getSQLState().startsWith("22") || sql.getSQLState().startsWith("23")));
    }

    /** Whether {@code e} or one of its causes is an SQLException that {@code test} accepts. */
    private static boolean anySqlCause(Throwable e, java.util.function.Predicate<SQLException> test) {
        for (Throwable t : causes(e)) {
            if (t instanceof SQLException sql && test.test(sql)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Wraps a failure that no store handled more precisely.
     *
     * @param what the operation, for the message
     * @param e the failure
     * @param maskedUrl the database, for the message
     * @return the exception to throw
     */
    public static MockLoopDbException wrap(String what, Throwable e, String maskedUrl) {
        if (e instanceof MockLoopDbException m) {
            return m;
        }
        String message = e instanceof DataAccessException dae && dae.getCause() != null
                ? dae.getCause().getMessage() : e.getMessage();
        return new StoreUnavailableException(what + " failed on " + maskedUrl + ": " + storageProblem(e)
                + JdbcUrls.mask(message) + lastConnectionFailure(e), e);
    }

    /**
     * The pool's timeout says only that no connection came; why is in its cause (the last failed attempt to
     * connect, such as "connection refused" while the server restarts).
     */
    private static String lastConnectionFailure(Throwable e) {
        for (Throwable t : causes(e)) {
            if (t instanceof java.sql.SQLTransientConnectionException && t.getCause() != null) {
                return "; the last attempt to connect failed: " + JdbcUrls.mask(rootMessage(t.getCause()));
            }
        }
        return "";
    }

    /**
     * Names a storage condition of SQLite that a host must fix outside the library (the driver's own text is
     * terse): a full disk, a read-only file, a file that cannot be opened, an I/O error.
     *
     * @param e a failure
     * @return {@code "the disk is full: "} and the like, or {@code ""} when the failure is none of those
     */
    public static String storageProblem(Throwable e) {
        for (Throwable t : causes(e)) {
            if (t instanceof org.sqlite.SQLiteException sqlite) {
                switch (sqlite.getResultCode().code & 0xff) {
                    case 13: // SQLITE_FULL
                        return "the disk is full (or the file reached its size limit): ";
                    case 8: // SQLITE_READONLY
                        return "the database file is read-only: ";
                    case 14: // SQLITE_CANTOPEN
                        return "the database file cannot be opened (a missing directory, no permission,"
                                + " or a read-only file system): ";
                    case 10: // SQLITE_IOERR
                        return "the disk reported an I/O error: ";
                    default:
                        return "";
                }
            }
        }
        return "";
    }

    /**
     * @param e a failure
     * @return the message of its innermost cause that has one (drivers bury the useful text there)
     */
    public static String rootMessage(Throwable e) {
        String message = e.getMessage();
        for (Throwable t : causes(e)) {
            if (t.getMessage() != null) {
                message = t.getMessage();
            }
        }
        return message;
    }

    /**
     * The one walk of a cause chain: every caller that looks through causes uses it, so a guard added here (a
     * self-caused or cyclic chain, which a driver's own {@code getCause()} can produce) reaches all of them.
     *
     * @param e a failure, or null
     * @return {@code e} and its causes, outermost first, each once; empty for null
     */
    public static java.util.List<Throwable> causes(Throwable e) {
        java.util.List<Throwable> chain = new java.util.ArrayList<>();
        java.util.Set<Throwable> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (Throwable t = e; t != null && seen.add(t); t = t.getCause()) {
            chain.add(t);
        }
        return chain;
    }
}
