package io.mockloop.db.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mockloop.db.MockLoopDb;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Engine#sqliteTransactionsUnderWay()}, which a SQLite cleanup waits on between its chunks: it counts each of
 * the engine's transactions from borrowing its connection (a transaction still waiting for the write lock included)
 * until the connection is back, nested ones once, and drops back after a commit and a
 * rollback.
 */
class SqliteTransactionsUnderWayTest {

    @TempDir
    Path dir;

    @Test
    void countsEachTransactionFromItsBorrowUntilItsConnectionIsBack() throws Exception {
        try (Engine engine = Engine.open(MockLoopDb.builder().sqliteFile(dir.resolve("t.db")).settings(), null,
                null)) {
            engine.dsl().execute("CREATE TABLE t (v INTEGER)");
            assertThat(engine.sqliteTransactionsUnderWay()).isZero();

            engine.dsl().transaction(cfg -> {
                assertThat(engine.sqliteTransactionsUnderWay()).isEqualTo(1);
                cfg.dsl().transaction(nested -> assertThat(engine.sqliteTransactionsUnderWay()).isEqualTo(1));
                cfg.dsl().execute("INSERT INTO t VALUES (1)");
            });
            assertThat(engine.sqliteTransactionsUnderWay()).as("after a commit").isZero();

            assertThatThrownBy(() -> engine.dsl().transaction(cfg -> {
                cfg.dsl().execute("INSERT INTO t VALUES (2)");
                throw new IllegalStateException("roll back");
            })).isInstanceOf(IllegalStateException.class);
            assertThat(engine.sqliteTransactionsUnderWay()).as("after a rollback").isZero();
            assertThat(engine.dsl().fetchValue("SELECT count(*) FROM t", Integer.class)).isEqualTo(1);

            // one transaction holds the write lock; a second, on another thread, is counted while it waits for it
            CountDownLatch holding = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            AtomicInteger seenBySecond = new AtomicInteger(-1);
            Thread first = new Thread(() -> engine.dsl().transaction(cfg -> {
                cfg.dsl().execute("INSERT INTO t VALUES (3)");
                holding.countDown();
                release.await();
            }), "holds-the-lock");
            first.setDaemon(true);
            first.start();
            assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
            Thread second = new Thread(() -> engine.dsl().transaction(
                    cfg -> seenBySecond.set(engine.sqliteTransactionsUnderWay())), "waits-for-the-lock");
            second.setDaemon(true);
            second.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (engine.sqliteTransactionsUnderWay() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            assertThat(engine.sqliteTransactionsUnderWay()).as("one holding, one waiting").isEqualTo(2);
            assertThat(seenBySecond.get()).as("the second is still waiting for the lock").isEqualTo(-1);
            release.countDown();
            first.join(10_000);
            second.join(10_000);
            assertThat(seenBySecond.get()).as("the second ran once the first was done").isEqualTo(1);
            assertThat(engine.sqliteTransactionsUnderWay()).isZero();
        }
    }

    @Test
    void countsOnAnInMemoryDatabaseToo() {
        try (Engine engine = Engine.open(MockLoopDb.builder().inMemory().settings(), null, null)) {
            engine.dsl().transaction(cfg -> assertThat(engine.sqliteTransactionsUnderWay()).isEqualTo(1));
            assertThat(engine.sqliteTransactionsUnderWay()).isZero();
        }
    }
}
