package io.mockloop.db.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mockloop.db.DatabaseSettings;
import io.mockloop.db.MockLoopDb;
import io.mockloop.db.StoreUnavailableException;
import io.mockloop.db.log.RequestLog;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How a connection of the library's SQLite pool waits for the write lock ({@link SqliteBusyWait}): soon after the
 * lock is free, for no longer than {@code sqlite.busy_timeout}, and not cut short by an interrupt.
 */
class SqliteBusyWaitTest {

    @TempDir
    Path tmp;

    @Test
    void thePauseIsATwentiethOfTheWaitBetweenHalfAMillisecondAndTwentyMilliseconds() {
        assertThat(SqliteBusyWait.pauseAfter(0)).isEqualTo(TimeUnit.MICROSECONDS.toNanos(500));
        assertThat(SqliteBusyWait.pauseAfter(TimeUnit.MILLISECONDS.toNanos(5))).isEqualTo(
                TimeUnit.MICROSECONDS.toNanos(500));
        assertThat(SqliteBusyWait.pauseAfter(TimeUnit.MILLISECONDS.toNanos(100))).isEqualTo(
                TimeUnit.MILLISECONDS.toNanos(5));
        assertThat(SqliteBusyWait.pauseAfter(TimeUnit.SECONDS.toNanos(1))).isEqualTo(TimeUnit.MILLISECONDS.toNanos(20));
        assertThat(SqliteBusyWait.pauseAfter(TimeUnit.SECONDS.toNanos(30))).isEqualTo(
                TimeUnit.MILLISECONDS.toNanos(20));
    }

    @Test
    void itTriesAgainUntilTheTimeoutHasPassedSinceTheFirstTryThenGivesUp() {
        SqliteBusyWait wait = new SqliteBusyWait(60);
        long start = System.nanoTime();
        int tries = 0;
        while (wait.callback(tries) != 0) {
            tries++;
        }
        long elapsed = System.nanoTime() - start;
        assertThat(elapsed).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(60));
        // SQLite's own handler tries 7 times in its first 60 ms (after 1, 2, 5, 10, 15, 20 and 25 ms pauses)
        assertThat(tries).as("tries within 60 ms").isGreaterThan(20);
        // a new statement's wait starts again
        assertThat(wait.callback(0)).isEqualTo(1);
    }

    @Test
    void aTimeoutOfZeroGivesUpAtOnce() {
        assertThat(new SqliteBusyWait(0).callback(0)).isZero();
    }

    @Test
    void anInterruptNeitherShortensTheWaitNorIsLost() {
        SqliteBusyWait wait = new SqliteBusyWait(40);
        Thread.currentThread().interrupt();
        try {
            long start = System.nanoTime();
            int tries = 0;
            while (wait.callback(tries) != 0) {
                tries++;
            }
            assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(40));
            assertThat(tries).as("tries within 40 ms, each a pause of at least 0.5 ms").isLessThanOrEqualTo(80);
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }

    /**
     * Another process's writer holds the lock and commits at 330, 335 and 350 ms: SQLite's own handler would try
     * again at 328 and 428 ms after the first try, 78-98 ms after the lock was free, and the library's
     * connection gets in well within that.
     */
    @Test
    void aWaitingAppendGetsInSoonAfterTheLockIsFree() throws Exception {
        Path file = tmp.resolve("busy.db");
        try (MockLoopDb db = MockLoopDb.open(file);
             Connection other = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            db.requestLogs().append(RequestLog.builder("GET", "/warm", 200).build());
            List<Long> lateness = new ArrayList<>();
            for (long holdMillis : new long[]{330, 335, 350}) {
                try (Statement st = other.createStatement()) {
                    st.execute("BEGIN IMMEDIATE");
                    CompletableFuture<Long> appended = CompletableFuture.supplyAsync(() -> {
                        db.requestLogs().append(RequestLog.builder("GET", "/late", 200).build());
                        return System.nanoTime();
                    });
                    Thread.sleep(holdMillis);
                    st.execute("COMMIT");
                    long free = System.nanoTime();
                    lateness.add(TimeUnit.NANOSECONDS.toMillis(appended.get(10, TimeUnit.SECONDS) - free));
                }
            }
            assertThat(lateness.stream().mapToLong(Long::longValue).min().orElseThrow())
                    .as("ms from the lock's release to the append's return, best of " + lateness)
                    .isLessThan(40);
        }
    }

    @Test
    void theBusyTimeoutStillBoundsTheWait() throws Exception {
        Path file = tmp.resolve("timeout.db");
        DatabaseSettings.SqliteSettings quick = new DatabaseSettings.SqliteSettings("WAL", "NORMAL", 10000,
                "MEMORY", Duration.ofMillis(300));
        try (MockLoopDb db = MockLoopDb.builder().sqliteFile(file).sqlite(quick).build();
             Connection other = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement st = other.createStatement()) {
            st.execute("BEGIN IMMEDIATE");
            long start = System.nanoTime();
            assertThatThrownBy(() -> db.requestLogs().append(RequestLog.builder("GET", "/blocked", 200).build()))
                    .isInstanceOf(StoreUnavailableException.class)
                    .hasMessageContaining("append a request log failed");
            assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(300));
            st.execute("ROLLBACK");
            assertThat(db.requestLogs().append(RequestLog.builder("GET", "/free", 200).build())).isPresent();
        }
    }
}
