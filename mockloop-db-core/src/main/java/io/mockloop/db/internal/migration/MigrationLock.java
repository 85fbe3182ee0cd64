package io.mockloop.db.internal.migration;

import io.mockloop.db.DatabaseType;
import io.mockloop.db.MigrationException;
import io.mockloop.db.PrivateFiles;
import io.mockloop.db.internal.SessionLock;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import liquibase.database.Database;
import liquibase.database.jvm.JdbcConnection;
import liquibase.lockservice.LockService;
import liquibase.lockservice.LockServiceFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The locks a migration runs under, apart from the runner ({@link LiquibaseMigrations}): within the JVM, one lock per
 * database (its URL or DataSource identity); across processes, a lock only a live process can hold (the named
 * {@link SessionLock} on PostgreSQL and MySQL/MariaDB, the same class retention uses, so the 64-character cap of
 * MySQL lock names applies to both; an OS lock on {@code <file>.migration-lock} next to a SQLite file); and the
 * release of a Liquibase lock row left by a process that is gone. Thread-safe.
 */
final class MigrationLock {

    private static final Logger LOG = LoggerFactory.getLogger(MigrationLock.class);
    private static final Duration LOCK_WAIT = Duration.ofMinutes(5);
    /** The server session lock a migrating process holds (see {@link SessionLock}). */
    static final String PROCESS_LOCK = "mockloop.migrations";
    private static final Map<String, ReentrantLock> JVM_LOCKS = new ConcurrentHashMap<>();

    private final DatabaseType type;
    private final String maskedUrl;
    private final ReentrantLock jvmLock;

    /**
     * @param type the database product
     * @param lockKey identifies the database within this JVM (its URL, or the DataSource identity)
     * @param maskedUrl the URL for messages, passwords masked
     */
    MigrationLock(DatabaseType type, String lockKey, String maskedUrl) {
        this.type = type;
        this.maskedUrl = maskedUrl;
        this.jvmLock = JVM_LOCKS.computeIfAbsent(lockKey, k -> new ReentrantLock());
    }

    /** Waits for the other operations of this JVM on the same database. */
    void lockJvm() {
        jvmLock.lock();
    }

    /** Lets the next operation of this JVM on the same database run. */
    void unlockJvm() {
        jvmLock.unlock();
    }

    /**
     * Takes the lock that only a live process can hold while it migrates: a session advisory lock on PostgreSQL and
     * MySQL/MariaDB, an OS lock on a file next to a SQLite database. Waits up to {@link #LOCK_WAIT}.
     *
     * @return the held lock, or {@code null} when there is none to take (in-memory SQLite: one process by
     *         definition; a SQLite directory where the lock file cannot be created)
     */
    AutoCloseable acquireProcessLock(Connection connection) throws SQLException {
        if (type == DatabaseType.SQLITE) {
            return acquireSqliteFileLock(connection);
        }
        long deadline = System.nanoTime() + LOCK_WAIT.toNanos();
        while (true) {
            // MySQL/MariaDB wait up to a second inside GET_LOCK; PostgreSQL polls every 100 ms (waitForLock)
            Optional<SessionLock> lock = SessionLock.tryTake(connection, type, PROCESS_LOCK, 1);
            if (lock.isPresent()) {
                return lock.get();
            }
            waitForLock(deadline);
        }
    }

    private void waitForLock(long deadline) {
        if (System.nanoTime() > deadline) {
            throw new MigrationException("another process has been migrating " + maskedUrl + " for more than "
                    + LOCK_WAIT.toMinutes() + " minutes; gave up waiting for its lock");
        }
        try {
            Thread.sleep(type.isMySqlFamily() ? 0 : 100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MigrationException("interrupted while waiting for the migration lock on " + maskedUrl, e);
        }
    }

    /**
     * SQLite has no session lock that outlives a statement, and Liquibase's DATABASECHANGELOGLOCK row stays locked
     * when its holder is killed (the next start then waits 5 minutes and fails). So a migrating process also holds
     * an OS lock (fcntl/LockFileEx) on {@code <database file>.migration-lock}, which the OS drops when the process
     * dies: whoever holds it knows that a locked DATABASECHANGELOGLOCK row is stale. The file is left in place
     * (deleting a lock file races with a process about to lock it). Processes of this library wait for each other
     * here; a process that migrates without taking it (another tool) is not seen.
     */
    private AutoCloseable acquireSqliteFileLock(Connection connection) throws SQLException {
        String file = null;
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery("PRAGMA database_list")) {
            while (rs.next()) {
                if ("main".equals(rs.getString(2))) {
                    file = rs.getString(3);
                }
            }
        }
        if (file == null || file.isEmpty() || !Files.isRegularFile(Path.of(file))) {
            return null; // in memory
        }
        Path lockFile = Path.of(file + ".migration-lock");
        FileChannel channel;
        try {
            PrivateFiles.createFileIfAbsent(lockFile); // owner-only, like the database
            channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (IOException | UnsupportedOperationException e) {
            LOG.debug("mockloop-db {}: cannot open {} ({}); migrating without the process lock", maskedUrl, lockFile,
                    e.toString());
            return null;
        }
        long deadline = System.nanoTime() + LOCK_WAIT.toNanos();
        try {
            while (true) {
                try {
                    FileLock lock = channel.tryLock();
                    if (lock != null) {
                        return channel::close; // closing the channel releases the lock
                    }
                } catch (OverlappingFileLockException e) {
                    // another MockLoopDb of this JVM opened the same file under another URL and is migrating it
                } catch (IOException e) {
                    LOG.debug("mockloop-db {}: cannot lock {} ({}); migrating without the process lock", maskedUrl,
                            lockFile, e.toString());
                    channel.close();
                    return null;
                }
                waitForLock(deadline);
            }
        } catch (RuntimeException | IOException e) {
            try {
                channel.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            if (e instanceof RuntimeException re) {
                throw re;
            }
            throw new SQLException("cannot lock " + lockFile + ": " + e.getMessage(), e);
        }
    }

    /**
     * Releases Liquibase's own lock row when it is held: called while this process holds the process lock, so the
     * holder of the row is a process that is gone.
     *
     * @param db the database, in a Liquibase scope
     * @throws Exception when Liquibase fails
     */
    void releaseStaleLiquibaseLock(Database db) throws Exception {
        if (!SchemaProbe.tableExists(((JdbcConnection) db.getConnection()).getUnderlyingConnection(),
                LiquibaseMigrations.CHANGELOG_LOCK_TABLE)) {
            return;
        }
        LockService lockService = LockServiceFactory.getInstance().getLockService(db);
        if (type == DatabaseType.SQLITE ? sqliteLockRowHeld(db) : lockService.listLocks().length > 0) {
            LOG.warn("mockloop-db {}: Liquibase's lock was left held by a process that is gone; releasing it",
                    maskedUrl);
            lockService.forceReleaseLock();
        }
    }

    /** Liquibase's listLocks() fails on SQLite (LOCKGRANTED comes back as text, not a date): read the row. */
    private static boolean sqliteLockRowHeld(Database db) throws SQLException {
        Connection c = ((JdbcConnection) db.getConnection()).getUnderlyingConnection();
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT LOCKED FROM " + LiquibaseMigrations.CHANGELOG_LOCK_TABLE)) {
            while (rs.next()) {
                String locked = rs.getString(1);
                if (locked != null && !locked.equals("0") && !locked.equalsIgnoreCase("false")) {
                    return true;
                }
            }
        }
        return false;
    }
}
