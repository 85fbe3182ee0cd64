package io.mockloop.db.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.sqlite.BusyHandler;

/**
 * How a connection of the library's own SQLite pool waits for the database's one write lock: it tries again after a
 * pause of one twentieth of the time it has waited so far (at least {@value #MIN_PAUSE_MICROS} µs, at most
 * {@value #MAX_PAUSE_MILLIS} ms), until {@code sqlite.busy_timeout} has passed since its first try, and then gives up
 * with SQLITE_BUSY as SQLite's own handler does.
 *
 * <p>SQLite's own handler (what {@code busy_timeout} installs) sleeps 1, 2, 5, 10, 15, 20, 25, 25, 25, 50, 50 and
 * then 100 ms between tries: a writer that found the lock held a moment after a 60 ms retention chunk began got in
 * 78 ms after its first try, and after 103 ms when the chunk took 80 ms, up to 100 ms after the lock was free. Here
 * it gets in within 5 % of its wait (at most 20 ms late however long it waited), at the cost of more tries: about 60
 * in the first 100 ms, each a failed lock attempt of a few microseconds.
 *
 * <p>One instance per connection (a connection is used by one thread at a time, and so is its handler). An interrupt
 * does not shorten the wait, as it does not shorten SQLite's own; it is kept for the caller.
 */
final class SqliteBusyWait extends BusyHandler {

    /** The shortest pause between two tries. */
    static final long MIN_PAUSE_MICROS = 500;
    /** The longest pause between two tries. */
    static final long MAX_PAUSE_MILLIS = 20;

    private final long timeoutNanos;
    private long firstTry;

    /** @param timeoutMillis how long to keep trying ({@code sqlite.busy_timeout}); 0 gives up at once */
    SqliteBusyWait(long timeoutMillis) {
        this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    }

    /**
     * Installs a handler on a connection of sqlite-jdbc, in place of the one its {@code busy_timeout} installed.
     *
     * @param connection a connection of sqlite-jdbc
     * @param timeoutMillis how long to keep trying
     * @throws SQLException when it is not a sqlite-jdbc connection, or is closed
     */
    static void install(Connection connection, long timeoutMillis) throws SQLException {
        BusyHandler.setHandler(connection, new SqliteBusyWait(timeoutMillis));
    }

    /**
     * @param tries how many times SQLite has called this handler for the current statement before (0 on the first)
     * @return non-zero to try again, 0 to give up with SQLITE_BUSY
     */
    @Override
    protected int callback(int tries) {
        long now = System.nanoTime();
        if (tries == 0) {
            firstTry = now;
        }
        long waited = now - firstTry;
        long left = timeoutNanos - waited;
        if (left <= 0) {
            return 0;
        }
        pause(Math.min(left, pauseAfter(waited)));
        return 1;
    }

    /**
     * @param waitedNanos how long the statement has waited so far
     * @return the pause before the next try, in nanoseconds
     */
    static long pauseAfter(long waitedNanos) {
        return Math.max(TimeUnit.MICROSECONDS.toNanos(MIN_PAUSE_MICROS),
                Math.min(TimeUnit.MILLISECONDS.toNanos(MAX_PAUSE_MILLIS), waitedNanos / 20));
    }

    /** Sleeps the whole pause even when the thread is interrupted (parkNanos would return at once); keeps the flag. */
    private static void pause(long nanos) {
        boolean interrupted = Thread.interrupted();
        long end = System.nanoTime() + nanos;
        try {
            for (long left = nanos; left > 0; left = end - System.nanoTime()) {
                LockSupport.parkNanos(left);
                if (Thread.interrupted()) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
