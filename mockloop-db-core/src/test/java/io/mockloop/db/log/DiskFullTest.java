package io.mockloop.db.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mockloop.db.MockLoopDb;
import io.mockloop.db.StoreUnavailableException;
import io.mockloop.db.testing.TestSupport;
import io.mockloop.db.testing.Tmpfs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, "disk full / read-only file": a SQLite database on a small tmpfs that fills up, and on a file system
 * that is read-only. Writes fail with {@link StoreUnavailableException} naming the condition and the file, nothing
 * committed is lost, the file stays intact, and writing works again once space (or write access) returns; the async
 * writer keeps its queue and retries meanwhile.
 *
 * <p>Mounting needs root (CAP_SYS_ADMIN). Where the test may not mount, the disk-full test is skipped (saying so)
 * and the read-only test falls back to a directory and file without write permission (which does not stop root).
 */
class DiskFullTest {

    @TempDir
    Path tmp;

    @Test
    void aFullDiskGivesATypedErrorLosesNothingAndBothWritePathsRecoverWhenSpaceReturns() throws Exception {
        try (Tmpfs disk = Tmpfs.mount(tmp.resolve("disk"), "4m")) {
            Tmpfs.requireOrSkip(disk.mounted(), () -> "disk-full case skipped, cannot mount a tmpfs here: "
                    + disk.problem());
            Path file = disk.dir().resolve("mockloop.db");
            try (MockLoopDb db = MockLoopDb.builder().sqliteFile(file).poolSize(4)
                    .poolTimeout(Duration.ofSeconds(2)).build()) {
                db.requestLogs().appendAll(RequestLogStoreTest.logs(300));
                long committed = db.requestLogs().count(LogFilter.ALL);
                // an empty WAL: the next write must grow a file
                TestSupport.execute(db, "PRAGMA wal_checkpoint(TRUNCATE)");
                Path filler = Tmpfs.fill(disk.dir());

                assertThatThrownBy(() -> db.requestLogs().append(RequestLogStoreTest.log(1000).build()))
                        .isInstanceOf(StoreUnavailableException.class)
                        .hasMessageStartingWith("append a request log failed on jdbc:sqlite:" + file
                                + ": the disk is full");
                assertThatThrownBy(() -> db.requestLogs().appendAll(RequestLogStoreTest.logs(50)))
                        .isInstanceOf(StoreUnavailableException.class)
                        .hasMessageContaining("the disk is full");
                assertThat(db.requestLogs().count(LogFilter.ALL)).isEqualTo(committed);

                // the writer keeps what it holds and retries; a full queue drops the newest (DROP_NEWEST)
                LogWriter writer = db.requestLogs().openWriter(WriterSettings.DEFAULTS.withCapacity(20)
                        .withOverflow(WriterSettings.Overflow.DROP_NEWEST).withLinger(Duration.ZERO)
                        .withBackoff(Duration.ofMillis(10), Duration.ofMillis(100)));
                assertThat(writer.enqueue(RequestLogStoreTest.log(2000).build())).isTrue();
                awaitFailures(writer, 2);
                for (int i = 1; i <= 20; i++) {
                    assertThat(writer.enqueue(RequestLogStoreTest.log(2000 + i).build())).isTrue();
                }
                assertThat(writer.enqueue(RequestLogStoreTest.log(3000).build())).isFalse();
                assertThat(writer.flush(Duration.ofMillis(300))).as("flush while the disk is full").isFalse();
                assertThat(writer.stats().queueDepth()).isEqualTo(20);
                assertThat(writer.stats().dropped()).isEqualTo(1);
                // under BLOCK a host thread waits for room at most the pool timeout, then learns why
                LogWriter blocking = db.requestLogs().openWriter(WriterSettings.DEFAULTS.withCapacity(5)
                        .withLinger(Duration.ZERO).withBackoff(Duration.ofMillis(10), Duration.ofMillis(100)));
                assertThat(blocking.enqueue(RequestLogStoreTest.log(4000).build())).isTrue();
                awaitFailures(blocking, 1);
                for (int i = 1; i <= 5; i++) {
                    assertThat(blocking.enqueue(RequestLogStoreTest.log(4000 + i).build())).isTrue();
                }
                long t0 = System.nanoTime();
                assertThatThrownBy(() -> blocking.enqueue(RequestLogStoreTest.log(4100).build()))
                        .isInstanceOf(StoreUnavailableException.class)
                        .hasMessageContaining("stayed full (5 logs) for the pool timeout of 2000 ms; the log was not"
                                + " queued; the writer's last error: storing 1 request logs failed on jdbc:sqlite:"
                                + file + ": the disk is full");
                assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(1900));
                assertThat(db.requestLogs().count(LogFilter.ALL)).isEqualTo(committed);

                Files.delete(filler);
                long id = db.requestLogs().append(RequestLogStoreTest.log(1000).build()).orElseThrow();
                assertThat(db.requestLogs().get(id).path()).isEqualTo("/pets/1000");
                assertThat(writer.flush(Duration.ofSeconds(30))).as("flush once space returned").isTrue();
                assertThat(writer.stats().written()).isEqualTo(21);
                assertThat(writer.stats().dropped()).isEqualTo(1);
                assertThat(blocking.flush(Duration.ofSeconds(30))).isTrue();
                assertThat(blocking.stats().written()).isEqualTo(6);
                assertThat(db.requestLogs().count(LogFilter.ALL)).isEqualTo(committed + 1 + 21 + 6);
                assertThat(TestSupport.firstValue(db, "PRAGMA integrity_check")).isEqualTo("ok");
                writer.close();
                blocking.close();
            }
        }
    }

    @Test
    void aReadOnlyFileSystemGivesATypedErrorAndTheDatabaseOpensIntactWhenWritableAgain() throws Exception {
        try (Tmpfs disk = Tmpfs.mount(tmp.resolve("disk"), "4m")) {
            Path file = disk.dir().resolve("mockloop.db");
            try (MockLoopDb db = MockLoopDb.open(file)) {
                db.requestLogs().appendAll(RequestLogStoreTest.logs(120));
            }
            boolean readOnly = disk.mounted() ? disk.remount("ro") : withoutWritePermission(disk.dir(), file);
            Tmpfs.requireOrSkip(readOnly, () -> "read-only case skipped: " + (disk.mounted()
                    ? "remounting the tmpfs read-only failed"
                    : "cannot mount a tmpfs here (" + disk.problem() + ") and file permissions do not stop this user"));

            // a WAL database cannot even be read on read-only media (SQLite needs its -shm file): opening fails
            assertThatThrownBy(() -> MockLoopDb.builder().sqliteFile(file).poolTimeout(Duration.ofMillis(500))
                    .build())
                    .isInstanceOf(StoreUnavailableException.class)
                    .hasMessageStartingWith("cannot connect to jdbc:sqlite:" + file)
                    .hasMessageContaining("the database file cannot be opened")
                    .hasMessageContaining("read-only file system");

            if (disk.mounted()) {
                assertThat(disk.remount("rw")).isTrue();
            } else {
                writable(disk.dir(), file);
            }
            try (MockLoopDb db = MockLoopDb.open(file)) {
                assertThat(db.requestLogs().count(LogFilter.ALL)).isEqualTo(120);
                assertThat(TestSupport.firstValue(db, "PRAGMA integrity_check")).isEqualTo("ok");
                db.requestLogs().append(RequestLogStoreTest.log(500).build());
                assertThat(db.requestLogs().count(LogFilter.ALL)).isEqualTo(121);
            }
        }
    }

    private static boolean withoutWritePermission(Path dir, Path file) {
        boolean done = file.toFile().setWritable(false, false) && dir.toFile().setWritable(false, false);
        if (done && !Files.isWritable(dir)) {
            return true;
        }
        writable(dir, file);
        return false;
    }

    private static void writable(Path dir, Path file) {
        dir.toFile().setWritable(true);
        file.toFile().setWritable(true);
    }

    private static void awaitFailures(LogWriter writer, long n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (writer.stats().failed() < n && System.nanoTime() - deadline < 0) {
            Thread.sleep(5);
        }
        assertThat(writer.stats().failed()).as("failed attempts of the writer").isGreaterThanOrEqualTo(n);
    }
}
