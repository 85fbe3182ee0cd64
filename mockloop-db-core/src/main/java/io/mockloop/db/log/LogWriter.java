package io.mockloop.db.log;

import io.mockloop.db.StoreUnavailableException;
import io.mockloop.db.ValidationException;
import java.time.Duration;

/**
 * An asynchronous request-log writer for a mock server's hot path: {@link #enqueue(RequestLog)} puts a log in a
 * bounded queue and returns; one background thread stores the queue in batches (by size and linger time), one
 * transaction per batch, after applying {@link WriterSettings#policy()}. A batch that fails (for example while the
 * database restarts) is retried with exponential backoff and nothing queued is lost, until {@link #close()} gives
 * up after {@link WriterSettings#closeTimeout()}.
 *
 * <p>While the database is unavailable (stopped, restarting, a full disk, a read-only file) the writer holds the
 * batch it is storing and everything queued behind it, and retries; each attempt waits at most the pool timeout for
 * a connection. When the queue is full meanwhile, {@link #enqueue(RequestLog)} waits for room up to the pool timeout
 * and then throws {@link StoreUnavailableException} with the writer's last error, such as a full disk
 * ({@link WriterSettings.Overflow#BLOCK}), or drops the new log and counts it
 * ({@link WriterSettings.Overflow#DROP_NEWEST}); logs already queued are never dropped for lack of room. A batch is
 * stored once, also when the server goes away while committing it (a crash, or MariaDB closing connections on a
 * clean shutdown): the outcome of that commit is unknown, so the writer first looks for the batch's rows (by time,
 * method, path and status, among the rows added since its attempt began) and stores it again only when they are
 * not all there. Logs without a time get the time of the batch's first attempt.
 *
 * <p>Obtain one from {@link RequestLogStore#openWriter(WriterSettings)}; closing the {@code MockLoopDb} closes
 * (drains) it. A {@code null} argument throws {@link NullPointerException} naming it. Thread-safe: any number of
 * threads may enqueue and flush concurrently.
 */
public interface LogWriter extends AutoCloseable {

    /**
     * Queues a log. Checks the rules of {@link RequestLogStore#append(RequestLog)} and applies
     * {@link WriterSettings#policy()} on the caller's thread, so the queue holds the log as it will be written (its
     * headers and query parameters already encoded), not the caller's maps.
     *
     * @param log the log
     * @return {@code true} when queued or excluded by the policy (counted in {@link WriterStats#excluded()}),
     *         {@code false} when dropped (queue full under {@link WriterSettings.Overflow#DROP_NEWEST}: either
     *         {@link WriterSettings#capacity()} logs or {@link WriterSettings#capacityBytes()} bytes)
     * @throws NullPointerException when {@code log} is {@code null}
     * @throws ValidationException when the log breaks a rule (nothing is queued)
     * @throws StoreUnavailableException when the writer is closed, the caller was interrupted while blocked, or
     *         (under {@link WriterSettings.Overflow#BLOCK}) the queue stayed full for the pool timeout; the log is
     *         not queued
     */
    boolean enqueue(RequestLog log);

    /**
     * Waits until every log enqueued before this call is committed (or excluded by the policy).
     *
     * @throws StoreUnavailableException when the writer is closed before that, or the caller is interrupted
     */
    void flush();

    /**
     * Like {@link #flush()} with a limit.
     *
     * @param timeout the longest wait
     * @return {@code true} when everything enqueued before the call is committed, {@code false} on timeout
     * @throws NullPointerException when {@code timeout} is {@code null} (use {@link #flush()} to wait without one)
     * @throws StoreUnavailableException when the writer is closed before that, or the caller is interrupted
     */
    boolean flush(Duration timeout);

    /** @return the counters now; never {@code null} */
    WriterStats stats();

    /**
     * Stops accepting logs, stores what is queued (retrying for up to {@link WriterSettings#closeTimeout()}, after
     * which what is left is counted as dropped and logged), and stops the thread. Safe to call twice.
     */
    @Override
    void close();
}
