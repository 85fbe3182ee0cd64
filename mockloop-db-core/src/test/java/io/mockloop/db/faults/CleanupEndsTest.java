package io.mockloop.db.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.mockloop.db.MockLoopDb;
import io.mockloop.db.log.LogFilter;
import io.mockloop.db.log.RequestLog;
import io.mockloop.db.log.RetentionResult;
import io.mockloop.db.testing.DbTarget;
import io.mockloop.db.testing.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A cleanup deletes what was expired when it began and then returns, even while back-dated logs keep arriving (an
 * import of old logs, a host whose clock is behind). Before the fix it chased them: a call ran for as long as they
 * kept coming. The appender here never stops by itself, so a cleanup that chases cannot return and the test fails
 * at its deadline.
 */
class CleanupEndsTest {

    private static final int APPENDERS = 8;

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, names = {"SQLITE_FILE", "POSTGRESQL", "MARIADB"})
    void aCleanupReturnsWhileBackDatedLogsKeepArriving(DbTarget target) throws Exception {
        Instant old = Instant.now().minus(Duration.ofDays(90));
        try (TestDatabase tdb = TestDatabase.create(target); MockLoopDb db = tdb.builder().build()) {
            db.requestLogs().appendAll(batch(old, 3_000));
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong appendedDuring = new AtomicLong();
            // several appenders, so that logs arrive faster than chunks are deleted (one is outpaced on a server)
            List<Thread> appenders = new ArrayList<>();
            for (int t = 0; t < APPENDERS; t++) {
                Thread appender = new Thread(() -> {
                    while (!stop.get()) {
                        appendedDuring.addAndGet(db.requestLogs().appendAll(batch(old, 200)));
                    }
                }, "back-dated-appender-" + t);
                appender.start();
                appenders.add(appender);
            }
            try {
                RetentionResult result = assertTimeoutPreemptively(Duration.ofSeconds(30),
                        () -> db.requestLogs().cleanup(Instant.now().minus(Duration.ofDays(30))));
                assertThat(appenders).as("back-dated logs were still arriving when the cleanup returned")
                        .allMatch(Thread::isAlive);
                assertThat(result.deleted()).as("every log expired at the start").isGreaterThanOrEqualTo(3_000);
            } finally {
                stop.set(true);
                for (Thread appender : appenders) {
                    appender.join(30_000);
                }
            }
            long left = db.requestLogs().count(LogFilter.ALL);
            assertThat(appendedDuring.get()).isPositive();
            assertThat(left).as("logs that arrived during the cleanup and were not yet there at its start are left")
                    .isLessThanOrEqualTo(appendedDuring.get());
        }
    }

    private static List<RequestLog> batch(Instant at, int n) {
        List<RequestLog> logs = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            logs.add(RequestLog.builder("GET", "/old/" + i, 200).timestamp(at.plusMillis(i)).build());
        }
        return logs;
    }
}
