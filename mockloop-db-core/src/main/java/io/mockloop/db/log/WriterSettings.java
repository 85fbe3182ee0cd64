package io.mockloop.db.log;

import io.mockloop.db.ValidationException;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of an asynchronous {@link LogWriter}.
 *
 * <p>{@link #DEFAULTS}: capacity 10,000 logs and 64 MiB, batches of up to 1,000 logs or 50 ms of linger, overflow
 * {@link Overflow#BLOCK}, {@link LogPolicy#DEFAULTS}, retry backoff 50 ms doubling to 5 s, close waits up to 30 s
 * for the queue to drain. Immutable and thread-safe.
 *
 * @param capacity the queue's capacity in logs (at least 1)
 * @param batchSize most logs per transaction (1 to 10,000)
 * @param linger longest wait for a batch to fill once its first log arrived (0 to 10 s)
 * @param overflow what {@link LogWriter#enqueue(RequestLog)} does when the queue is full
 * @param policy the write-time policy applied (on the caller's thread, when a log is enqueued) before logs reach the
 *        database
 * @param initialBackoff wait after the first failed attempt of a batch (at least 1 ms)
 * @param maxBackoff longest wait between attempts (at least {@code initialBackoff})
 * @param closeTimeout how long {@link LogWriter#close()} keeps trying to store what is queued (at least 0)
 * @param capacityBytes the queue's capacity in bytes of queued logs (at least 1,024), as estimated from a log after
 *        the policy: one byte per character of its texts and of its encoded headers and query parameters, plus 40
 *        per value and 100 per log. The queue is full when either bound is reached; a single log larger than the
 *        bound is queued when the queue is empty, so that it is never refused for its size alone
 */
public record WriterSettings(int capacity, int batchSize, Duration linger, Overflow overflow, LogPolicy policy,
                             Duration initialBackoff, Duration maxBackoff, Duration closeTimeout,
                             long capacityBytes) {

    /** What to do when the queue is full. */
    public enum Overflow {
        /**
         * the caller waits for room, at most the database's pool timeout; then {@link LogWriter#enqueue(RequestLog)}
         * throws {@link io.mockloop.db.StoreUnavailableException} naming the writer's last error and the log is not
         * queued (nothing already queued is lost)
         */
        BLOCK,
        /** the new log is dropped and counted in {@link WriterStats#dropped()} */
        DROP_NEWEST
    }

    /** The defaults (see the class comment). */
    public static final WriterSettings DEFAULTS = new WriterSettings(10_000, 1_000, Duration.ofMillis(50),
            Overflow.BLOCK, LogPolicy.DEFAULTS, Duration.ofMillis(50), Duration.ofSeconds(5), Duration.ofSeconds(30),
            64L * 1024 * 1024);

    /**
     * Checks every setting.
     *
     * @throws NullPointerException when a setting is {@code null} (naming it)
     * @throws ValidationException naming the first setting out of range
     */
    public WriterSettings {
        Objects.requireNonNull(linger, "linger");
        Objects.requireNonNull(overflow, "overflow");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        Objects.requireNonNull(closeTimeout, "closeTimeout");
        if (capacity < 1) {
            throw new ValidationException("capacity", "must be >= 1", capacity);
        }
        if (batchSize < 1 || batchSize > 10_000) {
            throw new ValidationException("batchSize", "must be 1 to 10000", batchSize);
        }
        if (linger.isNegative() || linger.compareTo(Duration.ofSeconds(10)) > 0) {
            throw new ValidationException("linger", "must be 0 to 10 s", linger);
        }
        if (initialBackoff.toMillis() < 1) {
            throw new ValidationException("initialBackoff", "must be >= 1 ms", initialBackoff);
        }
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new ValidationException("maxBackoff", "must be >= initialBackoff", maxBackoff);
        }
        if (closeTimeout.isNegative()) {
            throw new ValidationException("closeTimeout", "must be >= 0", closeTimeout);
        }
        if (capacityBytes < 1_024) {
            throw new ValidationException("capacityBytes", "must be >= 1024", capacityBytes);
        }
    }

    /** @param v capacity; @return a copy */
    public WriterSettings withCapacity(int v) {
        return new WriterSettings(v, batchSize, linger, overflow, policy, initialBackoff, maxBackoff, closeTimeout,
                capacityBytes);
    }

    /** @param v batch size; @return a copy */
    public WriterSettings withBatchSize(int v) {
        return new WriterSettings(capacity, v, linger, overflow, policy, initialBackoff, maxBackoff, closeTimeout,
                capacityBytes);
    }

    /** @param v linger; @return a copy */
    public WriterSettings withLinger(Duration v) {
        return new WriterSettings(capacity, batchSize, v, overflow, policy, initialBackoff, maxBackoff, closeTimeout,
                capacityBytes);
    }

    /** @param v overflow policy; @return a copy */
    public WriterSettings withOverflow(Overflow v) {
        return new WriterSettings(capacity, batchSize, linger, v, policy, initialBackoff, maxBackoff, closeTimeout,
                capacityBytes);
    }

    /** @param v write-time policy; @return a copy */
    public WriterSettings withPolicy(LogPolicy v) {
        return new WriterSettings(capacity, batchSize, linger, overflow, v, initialBackoff, maxBackoff, closeTimeout,
                capacityBytes);
    }

    /** @param initial first wait @param max longest wait; @return a copy */
    public WriterSettings withBackoff(Duration initial, Duration max) {
        return new WriterSettings(capacity, batchSize, linger, overflow, policy, initial, max, closeTimeout,
                capacityBytes);
    }

    /** @param v close timeout; @return a copy */
    public WriterSettings withCloseTimeout(Duration v) {
        return new WriterSettings(capacity, batchSize, linger, overflow, policy, initialBackoff, maxBackoff, v,
                capacityBytes);
    }

    /** @param v capacity in bytes (see {@link #capacityBytes()}); @return a copy */
    public WriterSettings withCapacityBytes(long v) {
        return new WriterSettings(capacity, batchSize, linger, overflow, policy, initialBackoff, maxBackoff, closeTimeout,
                v);
    }
}
