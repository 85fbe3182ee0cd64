package io.mockloop.db.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mockloop.db.MockLoopDb;
import io.mockloop.db.ValidationException;
import io.mockloop.db.testing.DbTarget;
import io.mockloop.db.testing.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The async writer's queue is bounded in bytes as well as in logs: while the database cannot take writes (a SQLite
 * file write-locked by another connection), logs of about 1,100 bytes fill a 10,000-byte queue after about nine and
 * the rest are dropped (DROP_NEWEST); one log larger than the whole bound is still queued into an empty queue; and
 * once the lock goes, every queued log is stored.
 */
class WriterBoundsTest {

    private static final String BODY = "x".repeat(900);

    @Test
    void theQueueIsFullWhenItsBytesReachTheBoundAndEverythingQueuedIsStoredLater() throws Exception {
        try (TestDatabase tdb = TestDatabase.create(DbTarget.SQLITE_FILE);
             MockLoopDb db = tdb.builder().build();
             Connection lock = DriverManager.getConnection(tdb.url())) {
            long size = estimated();
            assertThat(size).isBetween(1_000L, 1_300L);
            WriterSettings settings = WriterSettings.DEFAULTS.withBatchSize(1).withLinger(Duration.ZERO)
                    .withOverflow(WriterSettings.Overflow.DROP_NEWEST).withCapacityBytes(10_000);
            try (LogWriter w = db.requestLogs().openWriter(settings)) {
                try (Statement st = lock.createStatement()) {
                    st.execute("BEGIN IMMEDIATE");
                }
                int accepted = 0;
                for (int i = 0; i < 50; i++) {
                    if (w.enqueue(log(i, BODY))) {
                        accepted++;
                    }
                }
                long fit = 10_000 / size;
                // the queue holds `fit` (the first log always fits); the writer may hold one more in its batch
                assertThat(accepted).isBetween((int) fit, (int) fit + 2);
                assertThat(w.stats().dropped()).isEqualTo(50 - accepted);
                try (Statement st = lock.createStatement()) {
                    st.execute("ROLLBACK");
                }
                w.flush();
                assertThat(db.requestLogs().count(LogFilter.ALL)).isEqualTo(accepted);

                // an empty queue takes one log larger than its whole bound
                try (Statement st = lock.createStatement()) {
                    st.execute("BEGIN IMMEDIATE");
                }
                assertThat(w.enqueue(log(99, "y".repeat(20_000)))).isTrue();
                try (Statement st = lock.createStatement()) {
                    st.execute("ROLLBACK");
                }
                w.flush();
                assertThat(db.requestLogs().count(LogFilter.ALL)).isEqualTo(accepted + 1);
            }
        }
    }

    @Test
    void underBlockACallerWaitsForBytesUpToThePoolTimeoutAndLearnsWhichBoundWasReached() throws Exception {
        try (TestDatabase tdb = TestDatabase.create(DbTarget.SQLITE_FILE);
             MockLoopDb db = tdb.builder().poolTimeout(Duration.ofMillis(500)).build();
             Connection lock = DriverManager.getConnection(tdb.url())) {
            WriterSettings settings = WriterSettings.DEFAULTS.withBatchSize(1).withLinger(Duration.ZERO)
                    .withCapacityBytes(10_000);
            try (LogWriter w = db.requestLogs().openWriter(settings)) {
                try (Statement st = lock.createStatement()) {
                    st.execute("BEGIN IMMEDIATE");
                }
                assertThatThrownBy(() -> {
                    for (int i = 0; i < 50; i++) {
                        w.enqueue(log(i, BODY));
                    }
                }).isInstanceOf(io.mockloop.db.StoreUnavailableException.class)
                        .hasMessageContaining("stayed full (10000 bytes) for the pool timeout of 500 ms");
                try (Statement st = lock.createStatement()) {
                    st.execute("ROLLBACK");
                }
                w.flush();
                assertThat(db.requestLogs().count(LogFilter.ALL)).isEqualTo(w.stats().written()).isPositive();
            }
        }
    }

    @Test
    void aByteBoundBelow1024IsRefusedByName() {
        assertThatThrownBy(() -> WriterSettings.DEFAULTS.withCapacityBytes(1_023))
                .isInstanceOf(ValidationException.class).hasMessageContaining("capacityBytes")
                .hasMessageContaining("1024").hasMessageContaining("1023");
        assertThat(WriterSettings.DEFAULTS.capacityBytes()).isEqualTo(64L * 1024 * 1024);
    }

    private static RequestLog log(int i, String body) {
        return RequestLog.builder("POST", "/pets/" + i, 201).serverId("petstore").requestBody(body).build();
    }

    /** The size the writer counts for one log of this test (path, method, server, body, fixed overhead). */
    private static long estimated() {
        return 100 + (40 + "POST".length()) + (40 + "/pets/10".length()) + (40 + "petstore".length())
                + (40 + BODY.length());
    }
}
