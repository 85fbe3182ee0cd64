package io.mockloop.db.log;

import static org.assertj.core.api.Assertions.assertThat;

import io.mockloop.db.MockLoopDb;
import io.mockloop.db.testing.DbTarget;
import io.mockloop.db.testing.TestDatabase;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The async writer when the answer to COMMIT is lost (what {@link DatabaseRestartTest} meets by chance when a server
 * goes away mid-commit), made certain: a real PostgreSQL database behind a DataSource whose connections, once armed,
 * break on the next COMMIT either after committing or before. Either way every log is stored exactly once. SQLite
 * too: sqlite-jdbc's commit() runs COMMIT and then the next BEGIN IMMEDIATE, and that BEGIN can fail with
 * SQLITE_BUSY behind another writer after the batch was committed (seen in ContentionTest).
 */
class WriterCommitOutcomeTest {

    /** How the next COMMIT breaks. */
    enum Break {
        /** the transaction commits, then the connection fails as if the server vanished before answering */
        AFTER_COMMITTING,
        /** the transaction is rolled back, then the connection fails the same way */
        BEFORE_COMMITTING
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, names = {"SQLITE_FILE", "POSTGRESQL"})
    void aBatchWhoseCommitAnswerIsLostIsStoredExactlyOnce(DbTarget target) {
        AtomicReference<Break> armed = new AtomicReference<>();
        try (TestDatabase tdb = TestDatabase.create(target);
             MockLoopDb db = MockLoopDb.builder().dataSource(breaking(tdb.url(), armed, new AtomicReference<>()))
                     .build()) {
            LogWriter writer = db.requestLogs().openWriter(WriterSettings.DEFAULTS.withLinger(Duration.ofMillis(20))
                    .withBackoff(Duration.ofMillis(5), Duration.ofMillis(20)));
            int enqueued = 0;
            for (Break kind : Break.values()) {
                armed.set(kind);
                for (int i = 0; i < 25; i++, enqueued++) {
                    RequestLog.Builder log = RequestLogStoreTest.log(enqueued);
                    writer.enqueue(i % 2 == 0 ? log.build() : log.timestamp(null).build());
                }
                assertThat(writer.flush(Duration.ofSeconds(30))).isTrue();
                assertThat(armed.get()).as("the injected failure %s happened", kind).isNull();
                assertThat(db.requestLogs().count(LogFilter.ALL)).as("stored after %s", kind).isEqualTo(enqueued);
            }
            assertThat(writer.stats().failed()).isEqualTo(Break.values().length);
            assertThat(writer.stats().written()).isEqualTo(enqueued);
            writer.close();
        }
    }

    /**
     * The check after a lost COMMIT looks for the batch's rows above the highest id seen before it; other writers
     * (other processes, during a failover) commit meanwhile, and their rows can look the same: same millisecond,
     * method, path and status. Here a look-alike batch with other request ids is committed between the failed COMMIT
     * (rolled back) and the check: the writer must still store its own 25 (the check used to count the look-alikes
     * as its own and drop the batch).
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, names = "POSTGRESQL")
    void lookAlikeRowsOfAnotherWriterDoNotPassForABatchWhoseCommitWasLost(DbTarget target) {
        AtomicReference<Break> armed = new AtomicReference<>();
        AtomicReference<Runnable> meanwhile = new AtomicReference<>();
        java.time.Instant at = java.time.Instant.parse("2026-05-05T05:05:05.505Z");
        try (TestDatabase tdb = TestDatabase.create(target);
             MockLoopDb db = MockLoopDb.builder().dataSource(breaking(tdb.url(), armed, meanwhile)).build();
             MockLoopDb other = tdb.builder().build()) {
            LogWriter writer = db.requestLogs().openWriter(WriterSettings.DEFAULTS.withLinger(Duration.ofMillis(20))
                    .withBackoff(Duration.ofMillis(5), Duration.ofMillis(20)));
            meanwhile.set(() -> {
                java.util.List<RequestLog> lookAlikes = new java.util.ArrayList<>();
                for (int i = 0; i < 25; i++) {
                    lookAlikes.add(RequestLog.builder("GET", "/same", 200).timestamp(at).requestId("other-" + i).build());
                }
                other.requestLogs().appendAll(lookAlikes);
            });
            armed.set(Break.BEFORE_COMMITTING);
            for (int i = 0; i < 25; i++) {
                writer.enqueue(RequestLog.builder("GET", "/same", 200).timestamp(at).requestId("mine-" + i).build());
            }
            assertThat(writer.flush(Duration.ofSeconds(30))).isTrue();
            assertThat(armed.get()).as("the injected failure happened").isNull();
            assertThat(db.requestLogs().count(LogFilter.ALL)).as("look-alikes and the writer's own").isEqualTo(50);
            assertThat(writer.stats().written()).isEqualTo(25);
            writer.close();
        }
    }

    /**
     * A DataSource on {@code url} whose connections break on COMMIT the way {@code armed} says, once; the work in
     * {@code meanwhile}, if any, runs (once) after the commit or rollback and before the failure is thrown.
     */
    private static DataSource breaking(String url, AtomicReference<Break> armed, AtomicReference<Runnable> meanwhile) {
        DataSource real;
        if (url.startsWith("jdbc:sqlite:")) {
            org.sqlite.SQLiteConfig config = new org.sqlite.SQLiteConfig();
            config.setJournalMode(org.sqlite.SQLiteConfig.JournalMode.WAL);
            config.setTransactionMode(org.sqlite.SQLiteConfig.TransactionMode.IMMEDIATE);
            org.sqlite.SQLiteDataSource sqlite = new org.sqlite.SQLiteDataSource(config);
            sqlite.setUrl(url);
            real = sqlite;
        } else {
            PGSimpleDataSource pg = new PGSimpleDataSource();
            pg.setUrl(url);
            real = pg;
        }
        boolean sqlite = url.startsWith("jdbc:sqlite:");
        return (DataSource) Proxy.newProxyInstance(WriterCommitOutcomeTest.class.getClassLoader(),
                new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                    Object result = call(real, method, args);
                    return method.getName().equals("getConnection")
                            ? breaking((Connection) result, armed, meanwhile, sqlite) : result;
                });
    }

    private static Connection breaking(Connection real, AtomicReference<Break> armed,
                                       AtomicReference<Runnable> meanwhile, boolean sqlite) {
        InvocationHandler handler = (proxy, method, args) -> {
            if (method.getName().equals("commit")) {
                Break kind = armed.getAndSet(null);
                if (kind != null) {
                    if (kind == Break.AFTER_COMMITTING) {
                        real.commit();
                    } else {
                        real.rollback();
                    }
                    Runnable work = meanwhile.getAndSet(null);
                    if (work != null) {
                        work.run();
                    }
                    throw sqlite
                            // what sqlite-jdbc throws when the BEGIN IMMEDIATE after the COMMIT waits in vain
                            ? new org.sqlite.SQLiteException("[SQLITE_BUSY] The database file is locked (database is"
                                    + " locked)", org.sqlite.SQLiteErrorCode.SQLITE_BUSY)
                            : new SQLException("injected: the connection broke while committing", "08006");
                }
            }
            return call(real, method, args);
        };
        return (Connection) Proxy.newProxyInstance(WriterCommitOutcomeTest.class.getClassLoader(),
                new Class<?>[] {Connection.class}, handler);
    }

    private static Object call(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
