package io.mockloop.db.internal;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies a SQLite file database's write-ahead log into the file on a daemon thread of its own, so that no caller's
 * commit does it.
 *
 * <p>SQLite checkpoints automatically at the commit that takes the WAL past 1,000 pages, on the committing
 * connection, inside that caller's call: during a retention cleanup on a slow disk this made one append in three wait
 * 300–390 ms. The library's own pool therefore raises {@code wal_autocheckpoint} to {@value #FALLBACK_PAGES} pages (a
 * safety net, reached only when this thread cannot keep up or has failed), and this thread runs
 * {@code PRAGMA wal_checkpoint(PASSIVE)} on its own connection after the pool's transactions end: at most every
 * {@value #BUSY_INTERVAL_MILLIS} ms while the previous checkpoint copied {@value #BUSY_FRAMES} frames or more, else at
 * most every {@value #QUIET_INTERVAL_MILLIS} ms. A PASSIVE checkpoint takes no lock a writer or reader waits for; it
 * copies what no reader still needs, and SQLite starts the log again from its beginning once all of it is copied.
 *
 * <p>A failed checkpoint (a full disk, a file gone read-only) loses nothing: the pages stay in the log, readers keep
 * reading them, and the next transaction's end tries again (warned once until one succeeds). Killing the process
 * during a checkpoint is what SQLite's own design covers: the log is replayed at the next open.
 *
 * <p>Only for the library's own pool on a file in WAL mode: on a caller's DataSource the library does not know which
 * connections it may change. Thread-safe: {@link #written()} from any thread; {@link #close()} once.
 */
final class SqliteCheckpointer implements AutoCloseable {

    /** {@code wal_autocheckpoint} on the pool's connections: SQLite's own checkpoint, only when this one lags. */
    static final int FALLBACK_PAGES = 10_000;
    /** The least time between two checkpoints while writes are heavy. */
    static final long BUSY_INTERVAL_MILLIS = 50;
    /** The least time between two checkpoints while writes are light. */
    static final long QUIET_INTERVAL_MILLIS = 250;
    /** A checkpoint that copied this many frames or more means writes are heavy. */
    static final int BUSY_FRAMES = 256;
    /** How long {@link #close()} waits for a checkpoint under way. */
    static final long CLOSE_WAIT_MILLIS = 10_000;

    private static final Logger LOG = LoggerFactory.getLogger(SqliteCheckpointer.class);

    private final ConnectionOpener opener;
    private final String poolName;
    private final String maskedUrl;
    private final AtomicBoolean dirty = new AtomicBoolean();
    private final AtomicLong checkpoints = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final Thread thread;
    private volatile boolean closed;
    private volatile boolean inProgress;
    private Connection connection;
    private boolean warned;

    /**
     * Starts the thread; it opens its connection at its first checkpoint.
     *
     * @param opener opens the thread's own connection to the file (outside the pool)
     * @param poolName the pool's name, which names the thread and starts its log lines
     * @param maskedUrl the database, for log lines
     */
    SqliteCheckpointer(ConnectionOpener opener, String poolName, String maskedUrl) {
        this.opener = opener;
        this.poolName = poolName;
        this.maskedUrl = maskedUrl;
        this.thread = new Thread(this::loop, poolName + "-checkpoint");
        thread.setDaemon(true);
        thread.start();
    }

    /** Says that a transaction of the pool has ended: a checkpoint follows within the interval. Cheap; any thread. */
    void written() {
        if (!dirty.get() && dirty.compareAndSet(false, true)) {
            LockSupport.unpark(thread);
        }
    }

    /** @return how many checkpoints have run (failed ones included) */
    long checkpoints() {
        return checkpoints.get();
    }

    /** @return how many checkpoints have failed */
    long failures() {
        return failures.get();
    }

    /** @return whether a checkpoint is running at this moment (for tests) */
    boolean inProgress() {
        return inProgress;
    }

    /** @return the thread that checkpoints (for tests) */
    Thread thread() {
        return thread;
    }

    private void loop() {
        try {
            while (!closed) {
                if (!dirty.getAndSet(false)) {
                    LockSupport.park(this);
                    continue;
                }
                int copied = checkpoint();
                long interval = copied >= BUSY_FRAMES ? BUSY_INTERVAL_MILLIS : QUIET_INTERVAL_MILLIS;
                long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(interval);
                for (long left = until - System.nanoTime(); left > 0 && !closed; left = until - System.nanoTime()) {
                    LockSupport.parkNanos(this, left);
                }
            }
        } finally {
            closeConnection();
        }
    }

    /** @return the frames the checkpoint copied, 0 when it failed */
    private int checkpoint() {
        checkpoints.incrementAndGet();
        inProgress = true;
        try {
            if (connection == null) {
                connection = opener.open();
            }
            try (Statement st = connection.createStatement();
                 ResultSet rs = st.executeQuery("PRAGMA wal_checkpoint(PASSIVE)")) {
                int copied = rs.next() ? rs.getInt(3) : 0;
                if (warned) {
                    warned = false;
                    LOG.info("{}: checkpointing the write-ahead log of {} works again", poolName, maskedUrl);
                }
                return Math.max(0, copied);
            }
        } catch (SQLException | RuntimeException e) {
            failures.incrementAndGet();
            if (!warned) {
                warned = true;
                LOG.warn("{}: checkpointing the write-ahead log of {} failed, its pages stay in the log and the next"
                        + " write tries again: {}", poolName, maskedUrl, e.getMessage());
            }
            closeConnection();
            return 0;
        } finally {
            inProgress = false;
        }
    }

    private void closeConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                LOG.debug("{}: closing the checkpoint connection failed: {}", poolName, e.getMessage());
            }
            connection = null;
        }
    }

    /**
     * Stops the thread, waiting at most {@value #CLOSE_WAIT_MILLIS} ms for a checkpoint under way, and closes its
     * connection. The pool's last connection to close checkpoints what is left, as SQLite always does.
     */
    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(thread);
        try {
            thread.join(CLOSE_WAIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.warn("{}: the checkpoint thread did not stop within {} ms", poolName, CLOSE_WAIT_MILLIS);
        }
    }
}
